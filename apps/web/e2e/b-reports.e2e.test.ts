import { readFile } from 'node:fs/promises';
import { expect, screenshot, signIn, test } from './fixtures.ts';

test('a report on a date, exported as CSV with its position and hash', async ({ page }) => {
  await signIn(page, 'viewer', '/report');
  await page.getByLabel('Data', { exact: true }).fill('2022-12-31');
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect(page.getByText("L'ecosistema al 31 dicembre 2022")).toBeVisible();
  const le2c = page.getByRole('article', { name: 'Lombardy Energy Cleantech Cluster' });
  await expect(le2c).toContainText('6 membri: 5 imprese, 1 organismi di ricerca, 0 altri enti');
  await expect(le2c).toContainText('144 al 2022');
  const hash = (await page.locator('.stamp code').textContent()) ?? '';
  expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  await screenshot(page, 'report');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Scarica CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^ecosistema_2022-12-31_p\\d+_${hash.slice(7, 19)}\\.csv$`),
  );
  const csv = await readFile((await download.path()) ?? '', 'utf8');
  const [header, first] = csv.split('\n');
  expect(header).toMatch(/^valid_at,known_at,position,/);
  expect(first).toMatch(/^2022-12-31,/);

  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Scarica JSON' }).click(),
  ]);
  const report = JSON.parse(await readFile((await json.path()) ?? '', 'utf8')) as { hash: string };
  expect(report.hash).toBe(hash);
});

test('two dates compared as a diff, exported as CSV', async ({ page }) => {
  await signIn(page, 'viewer', '/report/confronto');
  await page.getByLabel('Dal').fill('2019-12-31');
  await page.getByLabel('Al', { exact: true }).fill('2023-01-01');
  await page.getByRole('button', { name: 'Confronta' }).click();
  await expect(
    page.getByText('Che cosa è cambiato tra il 31 dicembre 2019 e il 1 gennaio 2023'),
  ).toBeVisible();
  const row = page.getByRole('row', { name: /Lombardy Energy Cleantech Cluster/ });
  await expect(row).toContainText('0 → 6');
  await expect(row).toContainText('a2a-ambiente');
  await screenshot(page, 'diff');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Scarica CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^confronto_2019-12-31_2023-01-01_p\d+_[0-9a-f]{12}\.csv$/,
  );
  const csv = await readFile((await download.path()) ?? '', 'utf8');
  expect(csv).toContain('a2a-ambiente');
});

test('an auditor reads the report as known at an earlier instant', async ({ page }) => {
  await signIn(page, 'auditor');
  const now = new Date(Date.now() - 1_000).toISOString().slice(0, 19);
  await page.getByLabel('Noto al (UTC)').fill(now);
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect(page.getByText(/come noto al/)).toBeVisible();
});
