import { expect, screenshot, signIn, test } from './fixtures.ts';
import { SYNTHETIC_NETWORK } from './stack.ts';

test('sign-in comes first, and a wrong password is told beside the form', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/accedi\?dopo=%2F$/);
  await expect(page.getByRole('heading', { name: 'Accedi', level: 1 })).toBeVisible();
  await screenshot(page, 'signin');
  await page.getByLabel('Nome utente').fill('lettore');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.getByRole('alert')).toContainText('Nome utente o password errati');
});

test('the overview today: networks, totals, charts with census points marked', async ({ page }) => {
  await signIn(page, 'viewer');
  await expect(page.getByRole('heading', { name: "Panoramica dell'ecosistema" })).toBeVisible();
  const table = page.getByRole('table', { name: /Le reti al/ });
  await expect(
    table.getByRole('link', { name: 'Lombardy Energy Cleantech Cluster' }),
  ).toBeVisible();
  await expect(page.getByRole('img', { name: /Membri nel tempo/ })).toBeVisible();
  await expect(
    page.getByRole('listitem').filter({ hasText: 'Censimenti dei cluster (somma)' }),
  ).toBeVisible();
  // The chart's text alternative holds the census sum of the nine clusters.
  await page.getByText('Dati del grafico in tabella').first().click();
  await expect(page.getByRole('table', { name: 'Membri nel tempo' })).toContainText('755');
  await expect(page.getByText(/Impronta/)).toBeVisible();
  await screenshot(page, 'overview');
});

test('the overview as it was on a past date', async ({ page }) => {
  await signIn(page, 'viewer');
  await page.getByLabel('Data', { exact: true }).fill('2018-12-31');
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect(page).toHaveURL(/data=2018-12-31/);
  await expect(page.getByText("L'ecosistema com'era il 31 dicembre 2018")).toBeVisible();
  const table = page.getByRole('table', { name: 'Le reti al 31 dicembre 2018' });
  // LE2C's members are known "by 2022": none of them counts in 2018.
  const le2c = table.getByRole('row', { name: /Lombardy Energy Cleantech Cluster/ });
  await expect(le2c.getByRole('cell').nth(1)).toHaveText('0');
  // A viewer is not offered "as known at".
  await expect(page.getByLabel('Noto al (UTC)')).toHaveCount(0);
  await screenshot(page, 'overview-2018');
});

test('a bad date is told beside its field', async ({ page }) => {
  await signIn(page, 'viewer', '/report');
  await page.goto('/report?data=2019-02-30');
  await expect(page.getByLabel('Data', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('deve essere una data (AAAA-MM-GG)')).toBeVisible();
});

test("a network's profile, chart with census points, and filterable timeline", async ({ page }) => {
  await signIn(page, 'viewer', '/reti/le2c');
  await expect(
    page.getByRole('heading', { name: /Lombardy Energy Cleantech Cluster/, level: 1 }),
  ).toBeVisible();
  await expect(page.getByText('Via Pantano, 9, 20122 Milano, MI')).toBeVisible();
  await expect(
    page.getByRole('listitem').filter({ hasText: /^Vanguard Initiative/ }),
  ).toBeVisible();
  await expect(page.getByRole('img', { name: /Membri di LE2C per categoria/ })).toBeVisible();
  await expect(
    page.getByRole('listitem').filter({ hasText: 'Censimenti (totale dichiarato)' }),
  ).toBeVisible();
  const timeline = page.locator('ol.timeline');
  await expect(timeline.locator(':scope > li')).toHaveCount(19);
  // A viewer, not only an auditor, reveals where any fact comes from: here the registration.
  const registration = timeline
    .locator(':scope > li')
    .filter({ hasText: 'Registrazione della rete' });
  await registration.getByText('Fonte').click();
  await expect(registration.getByText('003_b0113e97874011b2.txt')).toBeVisible();
  await expect(registration.getByText(/INFORMAZIONI GENERALI/)).toBeVisible();
  await expect(timeline.getByText('dato sintetico')).toHaveCount(0);
  await screenshot(page, 'network');
  // Only the censuses: one point, with its citation.
  for (const group of ['Membri', 'Riconoscimenti', 'Reti internazionali', 'Progetti', 'Profilo']) {
    await page.getByRole('checkbox', { name: group, exact: true }).uncheck();
  }
  await page.getByRole('button', { name: 'Filtra' }).click();
  await expect(page.getByText('1 fatti su 19')).toBeVisible();
  const census = page.locator('ol.timeline > li');
  await expect(census).toHaveCount(1);
  await census.getByText('Fonte').click();
  await expect(census.getByText('003_b0113e97874011b2.txt')).toBeVisible();
  await expect(page.getByRole('table', { name: '5 progetti' })).toBeVisible();
});

test('generated records and facts carry the synthetic label, source included', async ({ page }) => {
  await signIn(page, 'viewer');
  const row = page.getByRole('row', { name: /Synthetic network 0000/ });
  await expect(row.getByRole('rowheader').getByText('dato sintetico')).toBeVisible();
  await row.getByRole('link', { name: 'Synthetic network 0000' }).click();
  await expect(page).toHaveURL(new RegExp(`/reti/${SYNTHETIC_NETWORK}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('dato sintetico');
  const entries = page.locator('ol.timeline > li');
  const count = await entries.count();
  expect(count).toBeGreaterThan(1);
  // Every fact of the generated history says so, and so does its citation once revealed.
  await expect(entries.filter({ hasText: 'dato sintetico' })).toHaveCount(count);
  const first = entries.first();
  await first.getByText('Fonte').click();
  await expect(first.locator('details.source')).toContainText('synthetic:generate --seed c');
  await expect(first.locator('details.source').getByText('dato sintetico')).toBeVisible();
  await screenshot(page, 'network-synthetic');
});

test('search finds networks, organisations and projects, former names included', async ({
  page,
}) => {
  await signIn(page, 'viewer', '/cerca');
  await page.getByLabel('Nome, sigla o identificativo').fill('lombard');
  await page.getByRole('button', { name: 'Cerca' }).last().click();
  await expect(page.getByRole('status')).toContainText('risultati per «lombard»');
  await expect(page.getByRole('heading', { name: /^Reti \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Organizzazioni \(\d+\)$/ })).toBeVisible();
  await page.getByRole('link', { name: 'Lombardia Aerospace Cluster' }).click();
  await expect(page).toHaveURL(/\/reti\/lac$/);
  await page.goBack();
  await screenshot(page, 'search');
});

test('the language switch turns the interface to English and stays', async ({ page }) => {
  await signIn(page, 'viewer');
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Ecosystem overview' })).toBeVisible();
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Ecosystem report' })).toBeVisible();
  await page.goto('/');
  await screenshot(page, 'english');
  await page.getByRole('button', { name: 'Italiano' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(page.getByRole('heading', { name: "Panoramica dell'ecosistema" })).toBeVisible();
});

test('keyboard and phone width: skip link, focus, no sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page, 'viewer');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Vai al contenuto' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'overview-phone');
});

test('sign-out ends the session', async ({ page }) => {
  await signIn(page, 'viewer');
  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page).toHaveURL(/\/accedi/);
  await page.goto('/report');
  await expect(page).toHaveURL(/\/accedi\?dopo=%2Freport$/);
});
