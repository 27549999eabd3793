import { apiAs, expect, signIn, test } from './fixtures.ts';

test('the open overview updates when a new event arrives', async ({ page }) => {
  await signIn(page, 'viewer');
  const row = page.getByRole('table', { name: /Le reti al/ }).getByRole('row', {
    name: /Lombardia Aerospace Cluster/,
  });
  await expect(row.getByRole('cell').nth(1)).toHaveText('0');
  const editor = await apiAs('editor');
  const { revision } = await editor.networks.revision.query({ networkId: 'lac' });
  await editor.memberships.recordJoin.mutate({
    data: {
      networkId: 'lac',
      organisationId: 'politecnico-di-milano',
      category: 'research_organisation',
      effectiveDate: '2020',
      dateQualifier: 'on',
    },
    expectedRevision: revision,
    source: { document: 'Elenco dei soci, 2020' },
  });
  await expect(row.getByRole('cell').nth(1)).toHaveText('1');
  await expect(page.getByRole('status').filter({ hasText: 'Dati aggiornati' })).toBeVisible();
});
