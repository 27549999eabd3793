import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { EMBEDDED_FILE_NAME } from '@ledger/event-store';
import { describe, expect, it } from 'vitest';
import { organisationLine, runLedger, tempDir, writeLines } from '../testSupport.ts';

/** The Lombardy dataset, anchored, with a report and a diff written to files. */
async function reported(): Promise<string> {
  const dir = tempDir();
  expect((await runLedger(['seed'], dir)).code).toBe(0);
  expect((await runLedger(['anchor'], dir)).stdout).toMatch(
    /^anchor: anchored 191 events at position 192/,
  );
  for (const [args, out] of [
    [['report', '--valid-at', '2022-12-31'], 'report.json'],
    [['report', '--valid-at', '2022-12-31', '--format', 'csv'], 'report.csv'],
    [['diff', '--from', '2019-12-31', '--to', '2022-12-31'], 'diff.json'],
  ] as const) {
    expect((await runLedger([...args, '--out', out], dir)).code).toBe(0);
  }
  return dir;
}

describe('ledger verify-report', () => {
  it('finds a report, its CSV and a diff still match the log, resting on its anchor', async () => {
    const dir = await reported();
    const receipt = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).receipt;
    expect(receipt).toMatchObject({
      format: 'ledger-receipt/2',
      report: 'ecosystem',
      arguments: { validAt: '2022-12-31', knownAt: null },
      position: 192,
      anchor: { position: 192, count: 191 },
    });
    const run = await runLedger(['verify-report', 'report.json'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^report\.json: MATCHES the log \(report valid at 2022-12-31, as known at .*, position 192\)\n/,
    );
    expect(run.stdout).toContain('the log up to position 192 verifies (192 events)');
    expect(run.stdout).toMatch(
      /it rests on anchor .* at position 192 \(191 events\), still in the log/,
    );
    expect((await runLedger(['verify-report', 'report.csv'], dir)).code).toBe(0);
    expect((await runLedger(['verify-report', 'diff.json'], dir)).stdout).toMatch(
      /^diff\.json: MATCHES the log \(diff from 2019-12-31 to 2022-12-31/,
    );
    // Still true after the log moved on: the receipt pins the position.
    writeLines(dir, 'later.jsonl', [organisationLine('recorded-later')]);
    expect((await runLedger(['import', 'later.jsonl'], dir)).code).toBe(0);
    expect((await runLedger(['verify-report', 'report.json'], dir)).code).toBe(0);
  });

  it('finds a report edited after it was written', async () => {
    const dir = await reported();
    const file = join(dir, 'report.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"projects": 40', '"projects": 41'));
    const run = await runLedger(['verify-report', 'report.json'], dir);
    expect(run.code).toBe(6);
    expect(run.stdout).toMatch(/does NOT match the log/);
    expect(run.stdout).toContain("the file's content differs from the recomputed report's");
    expect(run.stderr).toBe('ledger verify-report: report.json does not match the log\n');
  });

  it('finds the log altered under a report', async () => {
    const dir = await reported();
    const db = new DatabaseSync(join(dir, EMBEDDED_FILE_NAME));
    db.exec(
      'UPDATE events SET data = replace(data, \'"total":144\', \'"total":145\') WHERE position < 192',
    );
    db.close();
    const run = await runLedger(['verify-report', 'report.json'], dir);
    expect(run.code).toBe(6);
    expect(run.stdout).toMatch(
      /the log up to position 192 does NOT verify: at store position \d+, stream network-afil/,
    );
  });

  it('refuses a file without a receipt, with the reason', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plain.json'), '{"validAt":"2022-12-31"}');
    const run = await runLedger(['verify-report', 'plain.json'], dir);
    expect(run).toMatchObject({
      code: 1,
      stderr:
        'ledger verify-report: plain.json: carries no receipt (field receipt, format "ledger-receipt/2")\n',
    });
  });

  it('still reads a receipt of the first format on the embedded store, and only there', async () => {
    const dir = await reported();
    const file = join(dir, 'report.json');
    const report = JSON.parse(readFileSync(file, 'utf8'));
    report.receipt.format = 'ledger-receipt/1';
    writeFileSync(file, JSON.stringify(report, null, 2));
    expect((await runLedger(['verify-report', 'report.json'], dir)).code).toBe(0);
    const elsewhere = await runLedger(
      ['verify-report', 'report.json'],
      dir,
      dir,
      'esdb://127.0.0.1:1?tls=false',
    );
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(
      'its receipt (format ledger-receipt/1) gives the log position',
    );
  });
});
