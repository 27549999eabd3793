import { type Browser, expect, type Page } from '@playwright/test';
import { apiAs, screenshot, signIn, test } from './fixtures.ts';

const SOURCE = 'Verbale del consiglio direttivo, 12 marzo 2024';

const fillCitation = async (page: Page, reason = 'Verificato sul verbale') => {
  await page.getByLabel(/^Documento/).fill(SOURCE);
  await page.getByLabel(/^Sezione/).fill('Punto 3');
  await page.getByLabel(/^Motivo/).fill(reason);
};

const editorPage = async (browser: Browser, user: 'editor' | 'editor2', path: string) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user, path);
  return page;
};

test('an editor registers an organisation, after the form names what is missing', async ({
  page,
}) => {
  await signIn(page, 'editor', '/modifica/organizzazione');
  await page.getByRole('button', { name: 'Registra' }).click();
  await expect(page.getByRole('alert')).toContainText('errori');
  await expect(page.getByLabel(/^Identificativo/)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#organisationId-error')).toHaveText('è obbligatorio');
  const id = `e2e-org-${Date.now()}`;
  await page.getByLabel(/^Identificativo/).fill(id);
  await page.getByRole('textbox', { name: 'Nome', exact: true }).fill('Officine Prova S.r.l.');
  await page.getByLabel(/^Tipo/).selectOption('company');
  await page.getByLabel(/^Città/).fill('Bergamo');
  await page.getByLabel(/^Provincia/).fill('Bergamoo');
  await fillCitation(page);
  await page.getByRole('button', { name: 'Registra' }).click();
  // The API's own check, placed beside its field.
  await expect(page.locator('#province-error')).toContainText('two-letter province code');
  await page.getByLabel(/^Provincia/).fill('BG');
  await page.getByRole('button', { name: 'Registra' }).click();
  await expect(page).toHaveURL(new RegExp(`/organizzazioni/${id}$`));
  await expect(page.getByRole('heading', { name: 'Officine Prova S.r.l.' })).toBeVisible();
});

test('an editor records a join that succeeds and shows on the network', async ({ page }) => {
  await signIn(page, 'editor', '/modifica/adesione?tipo=adesione&rete=agrifood');
  await page.getByLabel(/^Organizzazione/).fill('politecnico-di-milano');
  await page.getByLabel(/^Categoria/).selectOption('research_organisation');
  await page.getByLabel(/^Data del fatto/).fill('2021-03');
  await fillCitation(page);
  await screenshot(page, 'edit');
  await page.getByRole('button', { name: 'Registra', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Fatto registrato' })).toBeVisible();
  await page.getByRole('link', { name: 'Apri la rete' }).click();
  await expect(page.getByRole('table', { name: /Membri con le loro date/ })).toContainText(
    'politecnico-di-milano',
  );
});

test('an edit that meets a conflict says so, and succeeds on reload and retry', async ({
  browser,
}) => {
  const path = '/modifica/adesione?tipo=adesione&rete=lgca';
  const mine = await editorPage(browser, 'editor', path);
  const theirs = await editorPage(browser, 'editor2', path);
  // Someone else records a join on the same network first.
  await theirs.getByLabel(/^Organizzazione/).fill('universita-degli-studi-di-bergamo');
  await theirs.getByLabel(/^Categoria/).selectOption('research_organisation');
  await theirs.getByLabel(/^Data del fatto/).fill('2020');
  await fillCitation(theirs);
  await theirs.getByRole('button', { name: 'Registra', exact: true }).click();
  await expect(theirs.getByRole('status').filter({ hasText: 'Fatto registrato' })).toBeVisible();

  await mine.getByLabel(/^Organizzazione/).fill('politecnico-di-milano');
  await mine.getByLabel(/^Categoria/).selectOption('research_organisation');
  await mine.getByLabel(/^Data del fatto/).fill('2019');
  await fillCitation(mine);
  await mine.getByRole('button', { name: 'Registra', exact: true }).click();
  const conflict = mine.getByRole('alert');
  await expect(conflict).toContainText('Questo record è cambiato nel frattempo');
  // What the editor typed is still there, and the record on screen is the current one.
  await expect(mine.getByLabel(/^Organizzazione/)).toHaveValue('politecnico-di-milano');
  await expect(mine.getByRole('heading', { name: 'Membri attuali della rete (1)' })).toBeVisible();
  await screenshot(mine, 'conflict');
  await conflict.getByRole('button', { name: 'Ricarica e riprova' }).click();
  await expect(mine.getByRole('status').filter({ hasText: 'Fatto registrato' })).toBeVisible();
  await mine.context().close();
  await theirs.context().close();
});

test("a correction, and the organisation's audit trail showing it against what it corrected", async ({
  page,
  browser,
}) => {
  const editor = await editorPage(
    browser,
    'editor',
    '/modifica/adesione?tipo=correzione&rete=le2c&organizzazione=mm',
  );
  await editor
    .getByLabel(/^Fatto da correggere/)
    .selectOption({ label: 'Adesione del 2022 (Imprese)' });
  await editor.getByRole('radio', { name: 'la data' }).check();
  await editor.getByLabel('Data giusta').fill('2021-06');
  await fillCitation(editor, 'La delibera di adesione è del giugno 2021');
  await editor.getByRole('button', { name: 'Registra', exact: true }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'Fatto registrato' })).toBeVisible();
  await editor.context().close();

  await signIn(page, 'auditor', '/organizzazioni/mm');
  const trail = page.getByRole('list').filter({ hasText: 'Registrato da' });
  const correction = trail.getByRole('listitem').filter({ hasText: 'Corregge:' });
  await expect(correction).toContainText('user:redattore');
  await expect(correction).toContainText('La delibera di adesione è del giugno 2021');
  const compare = correction.getByRole('region', { name: 'Il fatto prima e dopo la correzione' });
  await expect(compare.locator('del')).toHaveText('2022');
  await expect(compare.locator('ins')).toHaveText('2021-06');
  await correction.getByRole('link', { name: /^Adesione/ }).click();
  await expect(page).toHaveURL(/#evento-/);
  await screenshot(page, 'organisation');
});

test('a viewer is offered no edits, and the API refuses one all the same', async ({ page }) => {
  await signIn(page, 'viewer', '/reti/lgca');
  await expect(page.getByRole('link', { name: 'Modifica' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Registra un fatto su questa rete' })).toHaveCount(0);
  await page.goto('/modifica/adesione?tipo=adesione&rete=lgca');
  await expect(page.getByRole('heading', { name: 'Errore 403' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('Il tuo ruolo non consente questa operazione.');
  // Posting the form directly: the action asks the API, which refuses the viewer.
  const origin = new URL(page.url()).origin;
  const response = await page.request.post('/modifica/adesione?/adesione', {
    headers: { origin, 'x-sveltekit-action': 'true' },
    form: {
      networkId: 'lgca',
      expectedRevision: '0',
      organisationId: 'politecnico-di-milano',
      category: 'research_organisation',
      effectiveDate: '2018',
      dateQualifier: 'on',
      sourceDocument: SOURCE,
    },
  });
  const result = (await response.json()) as { type: string; status: number; data: string };
  expect(result).toMatchObject({ type: 'failure', status: 403 });
  expect(result.data).toContain('forbidden');
  const viewer = await apiAs('viewer');
  await expect(
    viewer.memberships.recordJoin.mutate({
      data: {
        networkId: 'lgca',
        organisationId: 'politecnico-di-milano',
        category: 'research_organisation',
        effectiveDate: '2018',
        dateQualifier: 'on',
      },
      expectedRevision: 0,
      source: { document: SOURCE },
    }),
  ).rejects.toThrow(/needs the editor role/);
});
