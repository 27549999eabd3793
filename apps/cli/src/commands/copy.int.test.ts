import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEventStore } from '@ledger/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEsdbServerDouble } from '../../../../packages/event-store/test/esdb/esdbServerDouble.ts';
import { organisationLine, runLedger, tempDir, writeLines } from '../testSupport.ts';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** The Lombardy dataset, anchored, then one more event recorded a little later, and anchored. */
async function history(): Promise<string> {
  const dir = tempDir();
  expect((await runLedger(['seed'], dir)).code).toBe(0);
  expect((await runLedger(['anchor'], dir)).code).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, 20));
  writeLines(dir, 'later.jsonl', [organisationLine('recorded-later')]);
  expect((await runLedger(['import', 'later.jsonl'], dir)).code).toBe(0);
  expect((await runLedger(['anchor'], dir)).code).toBe(0);
  return dir;
}

/** A report, the same as known at `knownAt`, and a diff, on the data directory's store or `store`. */
const reports = async (dir: string, knownAt: string, store?: string): Promise<string[]> => {
  const runs = await Promise.all(
    [
      ['report', '--valid-at', '2022-12-31'],
      ['report', '--valid-at', '2022-12-31', '--known-at', knownAt],
      ['diff', '--from', '2019-12-31', '--to', '2022-12-31', '--format', 'csv'],
    ].map((args) => runLedger(args, dir, dir, store)),
  );
  for (const run of runs) expect(run.code).toBe(0);
  return runs.map((run) => run.stdout);
};

describe('ledger restore', () => {
  it('loads an export into an empty store: it verifies and gives byte-identical reports', async () => {
    const dir = await history();
    expect((await runLedger(['export', '--out', 'log.jsonl'], dir)).code).toBe(0);
    const lines = readFileSync(join(dir, 'log.jsonl'), 'utf8').trimEnd().split('\n');
    // Between the two imports: a known-at report that only the recorded-at times can reproduce.
    const knownAt = JSON.parse(lines.at(-3) as string).recordedAt as string;

    const copy = tempDir();
    const restored = await runLedger(['restore', join(dir, 'log.jsonl')], copy);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(
      /^restored into the embedded store: 194 events, the same log as its source \(digest [0-9a-f]{64}\), 2 anchors verified\n$/,
    );
    expect((await runLedger(['verify'], copy)).code).toBe(0);
    expect(await reports(copy, knownAt)).toEqual(await reports(dir, knownAt));
    // Run again, it finds the whole log already there and copies nothing.
    expect((await runLedger(['restore', join(dir, 'log.jsonl')], copy)).stderr).toContain(
      'copied 0 events (194 already there)',
    );
  });

  it('refuses to restore into a store that holds another log', async () => {
    const dir = await history();
    expect((await runLedger(['export', '--out', 'log.jsonl'], dir)).code).toBe(0);
    const other = tempDir();
    writeLines(other, 'other.jsonl', [organisationLine('someone-else')]);
    expect((await runLedger(['import', 'other.jsonl'], other)).code).toBe(0);
    const run = await runLedger(['restore', join(dir, 'log.jsonl')], other);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^ledger restore: the target's event #1 is .* the target holds another log\n$/,
    );
  });
});

describe('ledger migrate, to EventStoreDB over the gRPC double', () => {
  let server: Awaited<ReturnType<typeof startEsdbServerDouble>>;
  beforeAll(async () => {
    server = await startEsdbServerDouble();
  });
  afterAll(() => server.stop());

  it('copies 100,000 events, killed halfway and resumed, into a log that verifies with the same reports', async () => {
    const dir = tempDir();
    const generated = await runLedger(['generate', '--events', '100000', '--seed', 'migrate'], dir);
    writeFileSync(join(dir, 'history.jsonl'), generated.stdout);
    expect((await runLedger(['import', 'history.jsonl'], dir)).code).toBe(0);
    expect((await runLedger(['anchor'], dir)).code).toBe(0);
    const target = await openEventStore({ store: server.connectionString, dataDir: dir });
    const env = { PATH: process.env.PATH ?? '', LEDGER_DATA_DIR: dir };
    const child: ChildProcess = spawn(
      process.execPath,
      [MAIN, 'migrate', '--to', server.connectionString],
      {
        env,
        stdio: 'ignore',
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    for (;;) {
      const head = await target.headPosition();
      if (head !== null && head > 0) {
        let count = 0;
        for await (const _ of target.readAll()) if (++count >= 50_000) break;
        if (count >= 50_000) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    await exited;
    let halfway = 0;
    for await (const _ of target.readAll()) halfway++;
    expect(halfway).toBeGreaterThanOrEqual(50_000);
    expect(halfway).toBeLessThan(100_001);

    const resumed = await runLedger(['migrate', '--to', server.connectionString], dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(
      /^migrated to EventStoreDB: 100,001 events, the same log as its source/,
    );
    await target.close();

    // A read side on EventStoreDB gives the same bytes: reports count the events they include
    // rather than quote positions, which each store numbers its own way (EventStoreDB's are byte
    // offsets). So a report written on the embedded store verifies against the copy.
    const onEsdb = tempDir();
    const knownAt = new Date().toISOString();
    const embedded = await reports(dir, knownAt);
    expect(JSON.parse(embedded[0] as string).position).toBe(100_001);
    expect(await reports(onEsdb, knownAt, server.connectionString)).toEqual(embedded);
    writeFileSync(join(onEsdb, 'report.json'), embedded[1] as string);
    const verified = await runLedger(
      ['verify-report', 'report.json'],
      onEsdb,
      onEsdb,
      server.connectionString,
    );
    expect(verified.stdout).toContain('MATCHES the log');
    expect(verified.code).toBe(0);
  }, 600_000);
});
