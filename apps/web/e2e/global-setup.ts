import { startStack } from './stack.ts';

/** One stack for the whole run; the tests find it through these variables. */
export default async function globalSetup() {
  const stack = await startStack();
  process.env.LEDGER_E2E_WEB_URL = stack.webUrl;
  process.env.LEDGER_E2E_API_URL = stack.apiUrl;
  return () => stack.stop();
}
