// Regenerates data/lombardy/ledger.jsonl from the curated facts.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { lombardyEvents, toJsonl } from '../src/index.ts';
import { LEDGER_FILE } from '../src/ledger-file.ts';

await mkdir(dirname(LEDGER_FILE), { recursive: true });
await writeFile(LEDGER_FILE, toJsonl(lombardyEvents), 'utf8');
console.log(`wrote ${lombardyEvents.length} events to ${relative(process.cwd(), LEDGER_FILE)}`);
