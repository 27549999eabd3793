/**
 * `pnpm bench:web`: the overview on the seeded data, loaded in headless Chromium several times.
 * Prints the JavaScript the page loads (gzip -9 of every script, the figure the 120 kB budget is
 * about, beside what the server actually sent) and the first contentful paint (p50/p95), next to a
 * baseline measured in the same run: a bare static HTML page served by node:http.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium } from '@playwright/test';
import { CHROMIUM } from '../e2e/chromium.ts';
import { PASSWORD, startStack, USERS } from '../e2e/stack.ts';

const RUNS = 9;
const TARGET_JS_KB = 120;
const TARGET_FCP_MS = 1_000;
const WEB = fileURLToPath(new URL('../', import.meta.url));

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
};

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

interface Load {
  readonly fcp: number;
  readonly gzipBytes: number;
  readonly sentBytes: number;
  readonly scripts: number;
}

/** Loads `url` in a fresh page with an empty cache; measures its scripts and its first paint. */
const measure = async (context: BrowserContext, url: string): Promise<Load> => {
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  await session.send('Network.enable');
  await session.send('Network.setCacheDisabled', { cacheDisabled: true });
  // What went over the wire for each script (compressed as the server chose, headers included).
  const scriptRequests = new Set<string>();
  let sentBytes = 0;
  session.on('Network.responseReceived', (event) => {
    if (event.type === 'Script') scriptRequests.add(event.requestId);
  });
  session.on('Network.loadingFinished', (event) => {
    if (scriptRequests.has(event.requestId)) sentBytes += event.encodedDataLength;
  });
  const scripts: Promise<number>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.push(response.body().then((body) => gzipSync(body, { level: 9 }).length));
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  const fcp = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const entry = performance.getEntriesByName('first-contentful-paint')[0];
        if (entry !== undefined) return resolve(entry.startTime);
        new PerformanceObserver((list) => {
          resolve(list.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
        }).observe({ type: 'paint', buffered: true });
      }),
  );
  const sizes = await Promise.all(scripts);
  await page.close();
  return {
    fcp,
    gzipBytes: sizes.reduce((sum, size) => sum + size, 0),
    sentBytes,
    scripts: sizes.length,
  };
};

const BASELINE_HTML = `<!doctype html><html lang="it"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Baseline</title></head>
<body><main><h1>Panoramica dell'ecosistema</h1><p>Una pagina statica, senza script.</p></main></body></html>`;

const startBaseline = () =>
  new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(BASELINE_HTML);
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => server.close() });
    });
  });

console.log('bench:web — building the app…');
const build = spawnSync('pnpm', ['run', 'build'], { cwd: WEB, stdio: 'ignore' });
if (build.status !== 0) throw new Error('the build failed: run `pnpm --filter @ledger/web build`');

console.log('bench:web — starting the seeded stack…');
const stack = await startStack();
const baseline = await startBaseline();
const browser = await chromium.launch(CHROMIUM);
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Signed in once; every run then loads the overview with the session cookie and a cold cache.
  const signIn = await context.newPage();
  await signIn.goto(`${stack.webUrl}/accedi`);
  await signIn.getByLabel('Nome utente').fill(USERS.viewer);
  await signIn.getByLabel('Password').fill(PASSWORD);
  await signIn.getByRole('button', { name: 'Accedi' }).click();
  await signIn.waitForURL(`${stack.webUrl}/`);
  await signIn.close();

  // One load of each first: the servers and the browser warm up, the numbers start after.
  await measure(context, `${stack.webUrl}/`);
  await measure(context, baseline.url);
  const overview: Load[] = [];
  const bare: Load[] = [];
  for (let run = 0; run < RUNS; run++) {
    overview.push(await measure(context, `${stack.webUrl}/`));
    bare.push(await measure(context, baseline.url));
  }

  const gzip = Math.max(...overview.map((load) => load.gzipBytes));
  const sent = Math.max(...overview.map((load) => load.sentBytes));
  const fcps = overview.map((load) => load.fcp);
  const baseFcps = bare.map((load) => load.fcp);
  const jsPass = gzip / 1024 <= TARGET_JS_KB;
  const fcpPass = percentile(fcps, 50) <= TARGET_FCP_MS;
  const rows = [
    ['measure', 'overview', 'baseline (static HTML)', 'target', 'result'],
    [
      `JS, gzip -9 (${overview[0]?.scripts ?? 0} scripts)`,
      `${kb(gzip)} kB`,
      `${kb(Math.max(...bare.map((load) => load.gzipBytes)))} kB`,
      `≤ ${TARGET_JS_KB} kB`,
      jsPass ? 'PASS' : 'MISS',
    ],
    ['JS as transferred (server encoding)', `${kb(sent)} kB`, '0.0 kB', '', ''],
    [
      'first contentful paint p50',
      `${percentile(fcps, 50).toFixed(0)} ms`,
      `${percentile(baseFcps, 50).toFixed(0)} ms`,
      `≤ ${TARGET_FCP_MS} ms`,
      fcpPass ? 'PASS' : 'MISS',
    ],
    [
      'first contentful paint p95',
      `${percentile(fcps, 95).toFixed(0)} ms`,
      `${percentile(baseFcps, 95).toFixed(0)} ms`,
      '',
      '',
    ],
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  console.log(
    `\nbench:web — the overview (/), ${RUNS} cold loads in headless Chromium, signed in as a viewer\n`,
  );
  for (const row of rows)
    console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
  process.exitCode = jsPass && fcpPass ? 0 : 1;
} finally {
  await browser.close();
  baseline.close();
  await stack.stop();
}
