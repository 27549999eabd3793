import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEventStore } from '@ledger/event-store';
import { LEDGER_FILE } from '@ledger/lombardy-dataset';
import { builtInProjections } from '@ledger/read-models';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.ts';
import { readEnv } from '../env.ts';
import { Capture, type CliRun, runLedger, tempDir } from '../testSupport.ts';
import { rebuildCommand } from './rebuild.ts';
import { reportCommand } from './report.ts';
import { statusCommand } from './status.ts';

const DATASET_EVENTS = readFileSync(LEDGER_FILE, 'utf8')
  .split('\n')
  .filter((line) => line !== '').length;
const ALL = builtInProjections.map((projection) => projection.name);

const ledger = async (argv: readonly string[], dataDir: string, tty = false): Promise<CliRun> => {
  const stdout = new Capture();
  const stderr = new Capture(tty);
  const code = await runCli(argv, [reportCommand, rebuildCommand, statusCommand], {
    stdout,
    stderr,
    env: () => readEnv({ LEDGER_DATA_DIR: dataDir, INIT_CWD: dataDir }),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
};

interface Status {
  events: number;
  head: number;
  projector: {
    readStore: string;
    head: { position: number; recordedAt: string } | null;
    service: unknown;
    projections: {
      name: string;
      state: string;
      live: {
        position: number | null;
        errors: number;
        lag: { events: number; atLeast: boolean; ms: number | null };
      } | null;
      build: unknown;
    }[];
  };
}

const status = async (dir: string): Promise<Status> => {
  const run = await ledger(['status', '--format', 'json'], dir);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Status;
};

describe('ledger rebuild and the projector in ledger status', () => {
  let dir: string;

  beforeAll(async () => {
    dir = tempDir();
    expect((await runLedger(['seed'], dir)).code).toBe(0);
  });

  it('status shows every projection missing before any model is built, and their lag once built', async () => {
    const before = await status(dir);
    expect(before.projector.head?.position).toBe(DATASET_EVENTS);
    expect(before.projector.readStore).toMatch(/read-models\.sqlite$/);
    expect(before.projector.service).toBeNull();
    expect(before.projector.projections.map((projection) => projection.name)).toEqual(ALL);
    for (const projection of before.projector.projections) {
      expect(projection).toMatchObject({ state: 'missing', live: null, build: null });
    }
    const text = await ledger(['status'], dir);
    expect(text.stdout).toMatch(/read store: .*read-models\.sqlite \(no projector service/);
    expect(text.stdout).toMatch(/ {2}network-directory +missing +no live model/);
  });

  it('rebuilds one projection, swaps it in, and leaves the others alone', async () => {
    const run = await ledger(['rebuild', 'membership-register', '--format', 'json'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      status: 'ok',
      projections: ['membership-register'],
      swapped: ['membership-register'],
      events: DATASET_EVENTS,
      errors: 0,
      errorList: [],
    });
    expect(run.stderr).toContain('rebuilding membership-register from the start of the log');
    const after = await status(dir);
    const states = Object.fromEntries(
      after.projector.projections.map((projection) => [projection.name, projection.state]),
    );
    expect(states).toMatchObject({ 'membership-register': 'live', 'network-directory': 'missing' });
  });

  it('rebuilds every projection when none is named; a report reads the same before and after', async () => {
    const before = await ledger(['report', '--valid-at', '2022-12-31'], dir);
    expect(before.code).toBe(0);
    const run = await ledger(['rebuild'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `rebuild: swapped in ${ALL.length} read models (${[...ALL].sort().join(', ')}) after ${DATASET_EVENTS} events; 0 errors\n`,
    );
    const after = await ledger(['report', '--valid-at', '2022-12-31'], dir);
    expect(after).toEqual({ code: 0, stdout: before.stdout, stderr: '' });

    const current = await status(dir);
    for (const projection of current.projector.projections) {
      expect(projection).toMatchObject({
        state: 'live',
        live: { position: DATASET_EVENTS, errors: 0, lag: { events: 0, atLeast: false, ms: 0 } },
        build: null,
      });
    }
    const text = await ledger(['status'], dir);
    expect(text.stdout).toMatch(
      new RegExp(`audit-trail +live +position ${DATASET_EVENTS}, lag 0 events, 0 ms, 0 errors`),
    );
  });

  it('refuses an unknown projection with exit 2, naming it and listing the projections', async () => {
    const run = await ledger(['rebuild', 'projects', 'nope'], dir);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `ledger rebuild: unknown projection "nope"; the projections are ${ALL.join(', ')}\n`,
    });
  });

  it('lists every event a model could not apply on stderr and in the JSON, and exits 1', async () => {
    const broken = tempDir();
    expect((await runLedger(['seed'], broken)).code).toBe(0);
    // Appended past the importer's checks: a stored event the domain cannot decode.
    const store = await openEventStore({ store: undefined, dataDir: broken });
    try {
      await store.appendToStream('network-afil', [
        {
          id: '00000000-0000-4000-8000-000000000001',
          type: 'MemberJoined',
          data: { networkId: 'afil' },
          metadata: { actor: 'test', source: { document: 'test.txt' }, schemaVersion: 1 },
        },
      ]);
    } finally {
      await store.close();
    }
    const run = await ledger(['rebuild', 'membership-register', '--format', 'json'], broken);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as {
      status: string;
      errors: number;
      errorList: unknown[];
    };
    expect(result).toMatchObject({ status: 'errors', errors: 1 });
    expect(result.errorList).toEqual([
      expect.objectContaining({
        projection: 'membership-register',
        position: DATASET_EVENTS + 1,
        eventId: '00000000-0000-4000-8000-000000000001',
        eventType: 'MemberJoined',
      }),
    ]);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(
      new RegExp(
        `^membership-register: skipped event 00000000-0000-4000-8000-000000000001 \\(MemberJoined\\) at position ${DATASET_EVENTS + 1}: `,
      ),
    );
    expect(lines.at(-1)).toBe(
      'ledger rebuild: 1 event could not be applied (listed above); the rebuilt models were swapped in without them',
    );
    const after = await status(broken);
    expect(
      after.projector.projections.find((projection) => projection.name === 'membership-register'),
    ).toMatchObject({ state: 'live', live: { errors: 1, position: DATASET_EVENTS + 1 } });
  });

  it('draws progress on stderr: a bar redrawn in place on a terminal, plain lines elsewhere', async () => {
    const big = tempDir();
    const generated = await runLedger(['generate', '--events', '12000', '--seed', 'rebuild'], big);
    expect(generated.code).toBe(0);
    writeFileSync(join(big, 'history.jsonl'), generated.stdout);
    expect((await runLedger(['import', 'history.jsonl'], big)).code).toBe(0);

    const plain = await ledger(['rebuild', 'projects'], big);
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain('\r');
    expect(plain.stderr).toMatch(/^rebuild: 12,000 events \(100%, [\d,]+ events\/s\)$/m);

    const tty = await ledger(['rebuild', 'projects'], big, true);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/\rrebuild \[█+\] 100% {2}12,000 events/);
    expect(tty.stderr.endsWith('\n')).toBe(true);
  });
});
