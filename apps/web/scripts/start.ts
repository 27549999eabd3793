/**
 * Serves the built app (`pnpm run build` first). Port from PORT (default 3000), interface from HOST
 * (default 127.0.0.1: a developer's machine, not the network), public origin from ORIGIN; the API
 * from LEDGER_API_URL.
 */
import { existsSync } from 'node:fs';

const entry = new URL('../build/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('No build found: run `pnpm --filter @ledger/web build` first.');
  process.exit(1);
}
process.env.PORT ||= '3000';
process.env.HOST ||= '127.0.0.1';
// Without ORIGIN, adapter-node takes every request for https and refuses plain-http form posts.
process.env.ORIGIN ||= `http://${process.env.HOST}:${process.env.PORT}`;
// adapter-node prints "Listening on http://HOST:PORT" once it accepts connections.
await import(entry.href);
