/**
 * The service as a process: started with `node src/main.ts`, stopped with SIGTERM, and killed with
 * SIGKILL in the middle of rebuilds. Test data comes from the read models' deterministic history
 * generator (the domain's deciders admit every event).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type EventStore,
  openEmbeddedEventStore,
  openEventStore,
  type RecordedEvent,
  verifyEvents,
} from '@ledger/event-store';
import {
  builtInProjections,
  createProjector,
  openReadStore,
  type ReadStore,
  readModelDigests,
  readStoreFile,
} from '@ledger/read-models';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEsdbServerDouble } from '../../../packages/event-store/test/esdb/esdbServerDouble.ts';
import { appendHistory } from '../../../packages/read-models/test/support/history.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

let dataDir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'projector-service-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Service {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: string;
}

function startService(env: Record<string, string>): Service {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', LEDGER_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const service: Service = {
    child,
    stderr: '',
    exited: new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
    }),
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    service.stderr += chunk.toString();
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await service.exited;
    }
  });
  return service;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(
  condition: () => Promise<boolean>,
  what: string,
  service: Service,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting until ${what}; stderr:\n${service.stderr}`);
    await sleep(50);
  }
}

/** Every read model is live, nothing is being rebuilt, and each is at the head of the log. */
async function caughtUp(file: string, eventStore: EventStore): Promise<boolean> {
  const store = openReadStore({ file });
  try {
    const head = await eventStore.headPosition();
    const live = store.checkpoints('live');
    return (
      store.checkpoints('build').length === 0 &&
      live.length === builtInProjections.length &&
      live.every((checkpoint) => checkpoint.position === head)
    );
  } finally {
    store.close();
  }
}

async function cleanBuild(eventStore: EventStore): Promise<Record<string, string>> {
  const store = openReadStore({ file: join(dataDir, 'clean', 'read-models.sqlite') });
  try {
    const projector = createProjector({ readStore: store, eventStore, snapshotEvery: 0 });
    projector.prepare();
    await projector.build();
    await projector.catchUp();
    return readModelDigests(store);
  } finally {
    store.close();
  }
}

const digestsOf = (file: string): Record<string, string> => {
  const store = openReadStore({ file });
  try {
    return readModelDigests(store);
  } finally {
    store.close();
  }
};

/** A deterministic sequence in [0, 1), so a failing run can be repeated. */
const randomFrom = (seed: number) => {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
};

describe('the projector service', () => {
  it('survives SIGKILL at 10 random points of a rebuild of 100,000 events', async () => {
    const file = join(dataDir, 'ledger.sqlite');
    const eventStore = await openEmbeddedEventStore({ file });
    cleanups.push(() => eventStore.close());
    await appendHistory(eventStore, { seed: 2026, events: 100_000, networks: 10, perCall: 20 });
    const readFile = readStoreFile(dataDir);
    const random = randomFrom(42);
    const killsMidRebuild: number[] = [];
    /** Where the rebuild in progress has reached; null when none is in progress. */
    const buildPosition = (): number | null => {
      const store = openReadStore({ file: readFile });
      try {
        const builds = store.checkpoints('build');
        return builds.length === 0 ? null : Math.min(...builds.map((build) => build.position));
      } finally {
        store.close();
      }
    };
    for (let attempt = 0; killsMidRebuild.length < 10; attempt++) {
      expect(attempt).toBeLessThan(25);
      // Each kill lands in a rebuild: the first one builds every model from scratch; once that has
      // been swapped in, a rebuild of everything is requested for the next kill.
      const store: ReadStore = openReadStore({ file: readFile });
      if (store.checkpoints('live').length > 0 && store.checkpoints('build').length === 0) {
        createProjector({ readStore: store, eventStore }).requestRebuild();
      }
      store.close();
      // The kill point is chosen by progress, not by time, so a slow machine still spreads them.
      const from = Math.max(0, buildPosition() ?? 0);
      const target = from + 2_000 + Math.floor(random() * 12_000);
      const service = startService({ LEDGER_PROJECTOR_BUILD_BATCH: '2000' });
      let building = false;
      await until(
        async () => {
          const at = buildPosition();
          building ||= at !== null;
          // Past the target, or the rebuild finished before reaching it.
          return at === null ? building : at >= target;
        },
        `the rebuild passes position ${target}`,
        service,
      );
      await sleep(Math.floor(random() * 200));
      service.child.kill('SIGKILL');
      const { signal } = await service.exited;
      expect(signal).toBe('SIGKILL');
      const killedAt = buildPosition();
      if (killedAt !== null) killsMidRebuild.push(killedAt);
    }
    const last = startService({});
    await until(
      () => caughtUp(readFile, eventStore),
      'the rebuild completes after the kills',
      last,
    );
    last.child.kill('SIGTERM');
    expect(await last.exited).toEqual({ code: 0, signal: null });
    expect(last.stderr).toContain('"msg":"stopped"');
    expect(digestsOf(readFile)).toEqual(await cleanBuild(eventStore));
    expect(new Set(killsMidRebuild).size).toBeGreaterThan(5);
  }, 240_000);

  it('runs on EventStoreDB (over the gRPC double): replays, follows live appends, stops on SIGTERM', async () => {
    const server = await startEsdbServerDouble();
    cleanups.push(() => server.stop());
    const eventStore = await openEventStore({ store: server.connectionString, dataDir });
    cleanups.push(() => eventStore.close());
    await appendHistory(eventStore, { seed: 7, events: 1_000, networks: 3 });
    const readFile = readStoreFile(dataDir);
    const service = startService({
      LEDGER_STORE: server.connectionString,
      LEDGER_ANCHOR_EVERY_EVENTS: '500',
    });
    await until(() => caughtUp(readFile, eventStore), 'the history is replayed', service);
    await appendHistory(eventStore, { seed: 8, events: 200, networks: 3 });
    await until(() => caughtUp(readFile, eventStore), 'the new events are applied', service);
    await until(
      async () => service.stderr.includes('"msg":"log anchored"'),
      'the log is anchored',
      service,
    );
    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.stderr).toContain('"store":"eventstoredb"');
    expect(digestsOf(readFile)).toEqual(await cleanBuild(eventStore));
    // The hash chains and the anchors hold on EventStoreDB as on the embedded file.
    const events: RecordedEvent[] = [];
    for await (const event of eventStore.readAll()) events.push(event);
    expect(await verifyEvents(events)).toMatchObject({ ok: true, anchors: expect.any(Number) });
    expect((await verifyEvents(events)).anchors).toBeGreaterThan(0);
  }, 120_000);

  it('anchors the embedded log it follows, and the log verifies', async () => {
    const eventStore = await openEventStore({ dataDir });
    cleanups.push(() => eventStore.close());
    await appendHistory(eventStore, { seed: 3, events: 400, networks: 2 });
    const service = startService({ LEDGER_ANCHOR_EVERY_EVENTS: '100' });
    await until(
      async () => service.stderr.includes('"msg":"log anchored"'),
      'the log is anchored',
      service,
    );
    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    const events: RecordedEvent[] = [];
    for await (const event of eventStore.readAll()) events.push(event);
    const verification = await verifyEvents(events);
    expect(verification).toMatchObject({ ok: true, unanchored: 0 });
    expect(verification.lastAnchor?.count).toBe(events.length - 1);
  }, 60_000);

  it('reports a store it cannot reach and exits non-zero', async () => {
    const service = startService({ LEDGER_STORE: 'esdb://127.0.0.1:1?tls=false' });
    expect((await service.exited).code).toBe(1);
    expect(service.stderr).toContain('"msg":"projector failed"');
  }, 60_000);
});
