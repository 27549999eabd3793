/**
 * What every browser test shares: the stack's address, signing in as a role, and writing the
 * page's screenshot into docs/screenshots.
 */
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import { client, type E2eUser, PASSWORD, signInApi, USERS } from './stack.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined)
    throw new Error(`${name} is not set: run the tests through playwright test`);
  return value;
};

export const test = base.extend({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; it has none.
  baseURL: async ({}, use) => use(env('LEDGER_E2E_WEB_URL')),
});

export { expect };

export const signIn = async (page: Page, user: E2eUser, after = '/') => {
  await page.goto(`/accedi?dopo=${encodeURIComponent(after)}`);
  await page.getByLabel('Nome utente').fill(USERS[user]);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.waitForURL((url) => url.pathname === after.split('?')[0]);
};

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true, animations: 'disabled' });

/** The API as a user, for facts the tests need recorded "by someone else, meanwhile". */
export const apiAs = async (user: E2eUser) => {
  const apiUrl = env('LEDGER_E2E_API_URL');
  return client(apiUrl, await signInApi(apiUrl, USERS[user], PASSWORD));
};
