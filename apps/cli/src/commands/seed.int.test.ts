import { readFileSync } from 'node:fs';
import { LEDGER_FILE } from '@ledger/lombardy-dataset';
import { describe, expect, it } from 'vitest';
import { runLedger, tempDir } from '../testSupport.ts';

const datasetLines = readFileSync(LEDGER_FILE, 'utf8')
  .split('\n')
  .filter((line) => line !== '');
const datasetEvents = datasetLines.length;
const datasetNetworks = new Set(
  datasetLines
    .map((line) => (JSON.parse(line) as { stream: string }).stream)
    .filter((stream) => stream.startsWith('network-')),
).size;

describe('seed', () => {
  it('loads the whole curated dataset into an empty store, then appends nothing more', async () => {
    const dir = tempDir();
    const first = await runLedger(['seed'], dir);
    expect(first).toEqual({
      code: 0,
      stdout: `seed: loaded the Lombardy dataset: ${datasetEvents} events appended, 0 already there\n`,
      stderr: '',
    });
    const second = await runLedger(['seed', '--format', 'json'], dir);
    expect(JSON.parse(second.stdout)).toMatchObject({
      status: 'ok',
      read: datasetEvents,
      appended: 0,
      skipped: datasetEvents,
    });
    const status = await runLedger(['status', '--format', 'json'], dir);
    expect(JSON.parse(status.stdout)).toMatchObject({
      store: 'embedded',
      events: datasetEvents,
      head: datasetEvents,
      byCategory: { network: datasetNetworks, other: 0 },
    });
  });
});
