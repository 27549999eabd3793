import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, openEmbeddedEventStore, openEventStore } from '@ledger/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEsdbServerDouble } from '../../event-store/test/esdb/esdbServerDouble.ts';
import {
  builtInProjections,
  createProjector,
  defineProjection,
  ecosystemReport,
  listSnapshots,
  openReadStore,
  type Projection,
  projectorStatus,
  type ReadStore,
  readModelDigests,
  rebuildProjections,
  renderReport,
  reportProjections,
} from '../src/index.ts';
import { organisation, record } from './support/events.ts';
import { appendHistory } from './support/history.ts';

let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'read-models-projector-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const readStoreAt = (name: string): ReadStore => {
  const store = openReadStore({ file: join(dir, name, 'read-models.sqlite') });
  cleanups.push(() => store.close());
  return store;
};

/** The read models a clean build of the whole log gives. */
async function cleanDigests(eventStore: EventStore, projections?: readonly Projection[]) {
  const store = readStoreAt(`clean-${cleanups.length}`);
  const projector = createProjector({
    readStore: store,
    eventStore,
    ...(projections === undefined ? {} : { projections }),
  });
  projector.prepare();
  await projector.build();
  await projector.catchUp();
  return readModelDigests(store, projections);
}

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const caughtUp = async (store: ReadStore, eventStore: EventStore): Promise<boolean> => {
  const head = await eventStore.headPosition();
  const live = store.checkpoints('live');
  return (
    store.checkpoints('build').length === 0 &&
    live.length === builtInProjections.length &&
    live.every((checkpoint) => checkpoint.position === head)
  );
};

const stores: Record<string, () => Promise<EventStore>> = {
  embedded: async () => {
    const store = await openEmbeddedEventStore({
      file: join(dir, 'ledger.sqlite'),
      pollIntervalMs: 20,
    });
    cleanups.push(() => store.close());
    return store;
  },
  'EventStoreDB (gRPC double)': async () => {
    const server = await startEsdbServerDouble();
    cleanups.push(() => server.stop());
    const store = await openEventStore({ store: server.connectionString, dataDir: dir });
    cleanups.push(() => store.close());
    return store;
  },
};

describe.each(Object.entries(stores))('the projection service on the %s store', (_, open) => {
  it('replays history on start, then follows the log live, and stops when asked', async () => {
    const eventStore = await open();
    await appendHistory(eventStore, { seed: 11, events: 1_500, networks: 4 });
    const readStore = readStoreAt('live');
    const controller = new AbortController();
    const running = createProjector({
      readStore,
      eventStore,
      buildBatchSize: 400,
      batchSize: 100,
    }).run(controller.signal);
    await until(() => caughtUp(readStore, eventStore), 'the history is replayed');
    expect(readModelDigests(readStore)).toEqual(await cleanDigests(eventStore));

    await record(eventStore, organisation('newcomer'), {
      type: 'MemberJoined',
      data: {
        networkId: 'net-001',
        organisationId: 'newcomer',
        category: 'company',
        effectiveDate: '2024-12-01',
        dateQualifier: 'on',
      },
    });
    await until(() => caughtUp(readStore, eventStore), 'the live events are applied');
    expect(readModelDigests(readStore)).toEqual(await cleanDigests(eventStore));
    const status = await projectorStatus({ readStore, eventStore });
    expect(status.projections.every((projection) => projection.state === 'live')).toBe(true);
    expect(status.projections.every((projection) => projection.live?.lag.events === 0)).toBe(true);
    const report = await ecosystemReport({ readStore, validAt: '2024-12-31' });
    // The report counts the events it includes, whatever the store numbers them.
    let events = 0;
    for await (const _ of eventStore.readAll()) events++;
    expect(report.position).toBe(events);

    controller.abort();
    await running;
  });
});

const counter = (version: number, throwOn?: string): Projection =>
  defineProjection({
    name: 'event-counter',
    version,
    description: 'Counts events by type (a test projection).',
    tables: [{ name: 'event_counts', columns: 'type TEXT PRIMARY KEY, events INTEGER NOT NULL' }],
    apply: (tx, event) => {
      if (event.type === throwOn) throw new Error(`cannot count ${event.type}`);
      tx.run(
        `INSERT INTO {event_counts} (type, events) VALUES (?, ?)
         ON CONFLICT (type) DO UPDATE SET events = events + excluded.events`,
        event.type,
        version,
      );
    },
  });

const countsIn = (store: ReadStore) =>
  Object.fromEntries(
    store
      .all('SELECT type, events FROM event_counts ORDER BY type')
      .map((row) => [row.type, row.events]),
  );

/**
 * Uses the batched writes: `insert` for the first event of two types (a second one breaks the
 * primary key when its row is written) and a write-behind count of every type, written by `flush`.
 */
const firstOfType = defineProjection({
  name: 'first-of-type',
  version: 1,
  description: 'The first event of two types, and a count of every type (a test projection).',
  tables: [
    {
      name: 'first_of_type',
      columns: 'type TEXT PRIMARY KEY, position INTEGER NOT NULL, earlier INTEGER NOT NULL',
    },
    { name: 'type_counts', columns: 'type TEXT PRIMARY KEY, events INTEGER NOT NULL' },
  ],
  apply: (tx, event) => {
    if (event.type === 'NetworkRegistered' || event.type === 'NetworkRecognised') {
      const earlier = tx.get('SELECT count(*) AS n FROM {first_of_type}');
      tx.insert(
        'INSERT INTO {first_of_type} (type, position, earlier) VALUES (?, ?, ?)',
        event.type,
        event.position,
        Number(earlier?.n),
      );
    }
    const counts = (tx.memo.get('counts') as Map<string, number> | undefined) ?? new Map();
    counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    tx.memo.set('counts', counts);
  },
  flush: (tx) => {
    const counts = tx.memo.get('counts') as Map<string, number> | undefined;
    for (const [type, events] of counts ?? []) {
      tx.run(
        `INSERT INTO {type_counts} (type, events) VALUES (?, ?)
         ON CONFLICT (type) DO UPDATE SET events = events + excluded.events`,
        type,
        events,
      );
    }
    counts?.clear();
  },
});

describe('the runner', () => {
  const embedded = async () => {
    const store = await openEmbeddedEventStore({ file: join(dir, 'ledger.sqlite') });
    cleanups.push(() => store.close());
    return store;
  };

  it('commits each checkpoint with its changes: running again applies nothing twice', async () => {
    const eventStore = await embedded();
    await appendHistory(eventStore, { seed: 3, events: 800, networks: 3 });
    const readStore = readStoreAt('live');
    const projector = createProjector({ readStore, eventStore, buildBatchSize: 150 });
    projector.prepare();
    await projector.build();
    const first = readModelDigests(readStore);
    expect(await projector.catchUp()).toBe(0);
    await createProjector({ readStore, eventStore }).build();
    expect(readModelDigests(readStore)).toEqual(first);
    expect(first).toEqual(await cleanDigests(eventStore));
  });

  it('skips an event a projection cannot apply, records the error, and applies the rest', async () => {
    const eventStore = await embedded();
    await appendHistory(eventStore, { seed: 5, events: 300, networks: 2 });
    const readStore = readStoreAt('live');
    const projections = [counter(1, 'NetworkRecognised'), ...builtInProjections];
    const errors: unknown[] = [];
    const projector = createProjector({
      readStore,
      eventStore,
      projections,
      log: (entry) => {
        if (entry.level === 'warn') errors.push(entry);
      },
    });
    projector.prepare();
    const summary = await projector.build();
    expect(summary.errors).toBe(2);
    expect(errors).toHaveLength(2);
    const live = readStore.checkpoint('live', 'event-counter');
    expect(live?.errors).toBe(2);
    expect(live?.position).toBe(await eventStore.headPosition());
    expect(readStore.errors('event-counter', live?.generation ?? 0)).toEqual([
      expect.objectContaining({
        eventType: 'NetworkRecognised',
        message: 'Error: cannot count NetworkRecognised',
      }),
      expect.objectContaining({
        eventType: 'NetworkRecognised',
        message: 'Error: cannot count NetworkRecognised',
      }),
    ]);
    expect(countsIn(readStore).NetworkRecognised).toBeUndefined();
    expect(countsIn(readStore).NetworkRegistered).toBe(2);
    // The other read models did not lose the event.
    expect(readModelDigests(readStore)).toEqual(await cleanDigests(eventStore));
  });

  it('writes buffered rows before reading and before the checkpoint, and traces a failing row to its event', async () => {
    const eventStore = await embedded();
    await appendHistory(eventStore, { seed: 5, events: 300, networks: 2 });
    const readStore = readStoreAt('live');
    const projector = createProjector({
      readStore,
      eventStore,
      projections: [firstOfType],
      buildBatchSize: 70,
    });
    projector.prepare();
    const summary = await projector.build();
    const live = readStore.checkpoint('live', 'first-of-type');
    expect(summary.errors).toBe(2);
    expect(
      readStore.errors('first-of-type', live?.generation ?? 0).map((error) => error.eventType),
    ).toEqual(['NetworkRegistered', 'NetworkRecognised']);
    // Each second event is rejected at its own row: it alone is skipped.
    expect(readStore.all('SELECT type, earlier FROM first_of_type ORDER BY position')).toEqual([
      { type: 'NetworkRegistered', earlier: 0 },
      { type: 'NetworkRecognised', earlier: 1 },
    ]);
    const counted = readStore.all('SELECT type, events FROM type_counts');
    const total = counted.reduce((sum, row) => sum + Number(row.events), 0);
    expect(total).toBe(300 - 2);
    expect(counted.find((row) => row.type === 'NetworkRegistered')?.events).toBe(1);
  });

  it('rebuilds a projection whose version changed beside the live one, and swaps when caught up', async () => {
    const eventStore = await embedded();
    await appendHistory(eventStore, { seed: 8, events: 400, networks: 2 });
    const readStore = readStoreAt('live');
    const v1 = createProjector({ readStore, eventStore, projections: [counter(1)] });
    v1.prepare();
    await v1.build();
    const before = countsIn(readStore);
    const v2 = createProjector({
      readStore,
      eventStore,
      projections: [counter(2)],
      buildBatchSize: 100,
    });
    expect(v2.prepare()).toEqual(['event-counter']);
    const seen: unknown[] = [];
    await v2.build({
      onProgress: (progress) => {
        // Readers keep the old model, whole, until the swap.
        if (progress.swapped.length === 0) seen.push(countsIn(readStore));
      },
    });
    expect(seen.length).toBeGreaterThan(1);
    for (const counts of seen) expect(counts).toEqual(before);
    expect(countsIn(readStore)).toEqual(
      Object.fromEntries(
        Object.entries(before).map(([type, events]) => [type, Number(events) * 2]),
      ),
    );
    expect(readStore.checkpoint('live', 'event-counter')?.version).toBe(2);
    expect(
      readStore.all(
        "SELECT name FROM sqlite_schema WHERE name LIKE 'event_counts__g%' AND type = 'table'",
      ),
    ).toHaveLength(1);
  });

  it('snapshots the report projections as it goes; known-at reports from them match full replays', async () => {
    let appends = 0;
    const eventStore = await openEmbeddedEventStore({
      file: join(dir, 'ledger.sqlite'),
      clock: () => new Date(Date.parse('2026-01-01T00:00:00Z') + 60_000 * appends++),
    });
    cleanups.push(() => eventStore.close());
    await appendHistory(eventStore, { seed: 21, events: 1_000, networks: 3 });
    const readStore = readStoreAt('live');
    const logged: string[] = [];
    const projector = createProjector({
      readStore,
      eventStore,
      buildBatchSize: 100,
      snapshotEvery: 250,
      log: (entry) => logged.push(entry.msg),
    });
    projector.prepare();
    await projector.build();
    const snapshots = listSnapshots(readStore.snapshotDir, reportProjections);
    expect(snapshots.length).toBeGreaterThanOrEqual(3);
    // Written by the snapshot thread while the build went on, every one finished when build() returns.
    expect(logged.filter((msg) => msg === 'snapshot taken')).toHaveLength(snapshots.length);
    expect(logged).not.toContain('snapshot failed');
    const bare = readStoreAt('no-snapshots');
    const now = new Date('2027-01-01T00:00:00Z');
    for (const snapshot of snapshots) {
      const knownAt = new Date(Date.parse(snapshot.recordedAt) + 90_000).toISOString();
      const args = { eventStore, validAt: '2016-06-30', knownAt, now };
      expect(renderReport(await ecosystemReport({ ...args, readStore }), 'json')).toBe(
        renderReport(await ecosystemReport({ ...args, readStore: bare }), 'json'),
      );
    }
  });

  it('replays history for a newly added projection on start', async () => {
    const eventStore = await embedded();
    await appendHistory(eventStore, { seed: 9, events: 300, networks: 2 });
    const readStore = readStoreAt('live');
    const first = createProjector({ readStore, eventStore, projections: builtInProjections });
    first.prepare();
    await first.build();
    const second = createProjector({
      readStore,
      eventStore,
      projections: [...builtInProjections, counter(1)],
    });
    expect(second.prepare()).toEqual(['event-counter']);
    await second.build();
    expect(Object.values(countsIn(readStore)).reduce((a, b) => Number(a) + Number(b), 0)).toBe(300);
  });

  it('rebuilds on request while a live runner keeps going, without applying anything twice', async () => {
    const eventStore = await embedded();
    await appendHistory(eventStore, { seed: 12, events: 1_200, networks: 3 });
    const readStore = readStoreAt('live');
    const controller = new AbortController();
    const running = createProjector({ readStore, eventStore, buildBatchSize: 200 }).run(
      controller.signal,
    );
    await until(() => caughtUp(readStore, eventStore), 'the first build');
    const other = openReadStore({ file: readStore.file });
    cleanups.push(() => other.close());
    const progress: number[] = [];
    const rebuilt = rebuildProjections({
      readStore: other,
      eventStore,
      names: ['membership-register', 'audit-trail'],
      buildBatchSize: 150,
      onProgress: (entry) => progress.push(entry.read),
    });
    await appendHistory(eventStore, { seed: 13, events: 200, networks: 3 });
    const result = await rebuilt;
    expect([...result.swapped].sort()).toEqual(['audit-trail', 'membership-register']);
    expect(result.errorList).toEqual([]);
    expect(progress.length).toBeGreaterThan(1);
    await until(() => caughtUp(readStore, eventStore), 'the live runner catches up');
    controller.abort();
    await running;
    expect(readModelDigests(readStore)).toEqual(await cleanDigests(eventStore));
  });
});
