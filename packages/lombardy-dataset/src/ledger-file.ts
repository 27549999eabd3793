import { fileURLToPath } from 'node:url';

/** The checked-in dataset, relative to this package so it works from any clone. */
export const LEDGER_FILE = fileURLToPath(
  new URL('../../../data/lombardy/ledger.jsonl', import.meta.url),
);
