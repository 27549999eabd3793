import { expect, screenshot, signIn, test } from './fixtures.ts';

test('the event catalog lists every event type with its fields and how many the ledger holds', async ({
  page,
}) => {
  await signIn(page, 'viewer', '/catalogo');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Catalogo degli eventi' }),
  ).toBeVisible();
  const overview = page.getByRole('table', { name: /Tipi di evento/ });
  const joined = overview.getByRole('row', { name: /MemberJoined/ });
  await expect(joined).toContainText('network-{networkId}');
  await expect(joined).toContainText(/v1: [1-9]/);
  await expect(overview.getByRole('row', { name: /NetworkRegistered/ })).toContainText(
    'v1: 0 · v2: ',
  );
  const fields = page.getByRole('table', { name: 'Campi di MemberJoined' });
  await expect(fields.getByRole('row', { name: /^dateQualifier/ })).toContainText('"on" | "by"');
  await screenshot(page, 'catalog');
});
