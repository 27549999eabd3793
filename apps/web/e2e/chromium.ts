/**
 * How the browser tests and the benchmark launch Chromium: Debian's (apt-get install chromium,
 * which ./dev test does), never a downloaded browser, headless and with nothing phoning home.
 */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
