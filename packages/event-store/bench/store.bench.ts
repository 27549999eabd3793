/**
 * Benchmark of the embedded event store (not a test): `pnpm bench:store`.
 *
 * 1. The adapter against a raw SQLite baseline doing the same work with the same library and
 *    settings (WAL, synchronous=FULL): one plain table with the same columns and JSON strings,
 *    no indexes, no checks; reads are a plain paged select + JSON.parse.
 * 2. How cost grows: the same append and read workloads on an empty store and on a store
 *    already holding 1,000,000 events spread over 20,000 interleaved streams.
 *
 * Files live in a fresh directory under os.tmpdir(), removed at the end.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openEmbeddedEventStore } from '../src/adapters/embeddedEventStore.ts';
import type { AppendRequest, EventData, EventStore } from '../src/port.ts';

const BATCH = 1_000;
const BATCHES = 120;
/** Streams one multi-stream append spreads its BATCH events over, in runs as an import does. */
const MANY_STREAMS = 50;
const BATCHES_PER_ROUND = 10;
const SINGLE_APPENDS = 1_000;
const FIXTURE_EVENTS = 1_000_000;
const FIXTURE_STREAMS = 20_000;
/** Events per append while building the fixture: streams interleave at this grain. */
const FIXTURE_APPEND = 10;
const GROWTH_BATCHES = 100;
const READ_REPEATS = 5;

const TYPES = ['MemberJoined', 'MemberLeft', 'OrganisationRegistered', 'ProjectFunded'];

function benchEvent(i: number): EventData {
  return {
    id: randomUUID(),
    type: TYPES[i % TYPES.length] ?? 'MemberJoined',
    data: {
      organisationId: `org-${i % FIXTURE_STREAMS}`,
      networkId: 'cluster-afil',
      role: 'member',
      effectiveDate: '2021-03-15',
      note: 'Aderente al cluster tecnologico lombardo',
      sequence: i,
    },
    metadata: {
      actor: 'importer:bench',
      correlationId: randomUUID(),
      schemaVersion: 1,
      source: {
        title: 'Decreto regionale di riconoscimento',
        url: 'https://www.regione.lombardia.it/',
      },
    },
  };
}

const makeEvents = (count: number, offset = 0): EventData[] =>
  Array.from({ length: count }, (_, i) => benchEvent(offset + i));

/** One multi-stream append: runs of BATCH / MANY_STREAMS events, each on its own stream. */
const requestsOf = (events: readonly EventData[], b: number): AppendRequest[] => {
  const run = BATCH / MANY_STREAMS;
  return Array.from({ length: MANY_STREAMS }, (_, s) => ({
    streamId: `project-${(s * 7 + b) % (MANY_STREAMS * 4)}`,
    events: events.slice(s * run, (s + 1) * run),
  }));
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Events per second of `work`, which handles `count` events. */
async function rate(count: number, work: () => Promise<void> | void): Promise<number> {
  const start = performance.now();
  await work();
  return count / ((performance.now() - start) / 1000);
}

const progress = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

// --- raw SQLite baseline ---------------------------------------------------------------------

class RawBaseline {
  readonly #db: DatabaseSync;
  readonly #insert;
  readonly #page;
  readonly #revisions = new Map<string, number>();

  constructor(file: string) {
    this.#db = new DatabaseSync(file, { returnArrays: true });
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      PRAGMA cache_size = -32768;
      CREATE TABLE events (
        position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
        recorded_at TEXT NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL,
        data TEXT NOT NULL, metadata TEXT NOT NULL
      );`);
    this.#insert = this.#db.prepare(
      `INSERT INTO events (stream_id, revision, recorded_at, event_id, type, data, metadata)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#page = this.#db.prepare(
      'SELECT position, stream_id, revision, recorded_at, event_id, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT 1000',
    );
  }

  append(streamId: string, events: readonly EventData[]): void {
    this.appendMany([{ streamId, events }]);
  }

  appendMany(requests: readonly AppendRequest[]): void {
    const recordedAt = new Date().toISOString();
    this.#db.exec('BEGIN IMMEDIATE');
    for (const { streamId, events } of requests) {
      let revision = this.#revisions.get(streamId) ?? -1;
      for (const event of events) {
        revision++;
        this.#insert.run(
          streamId,
          revision,
          recordedAt,
          event.id,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
        );
      }
      this.#revisions.set(streamId, revision);
    }
    this.#db.exec('COMMIT');
  }

  /** Reads and decodes the whole log; returns how many events it read. */
  readAll(): number {
    let count = 0;
    let after = 0;
    for (;;) {
      const rows = this.#page.all(after) as unknown as [number, ...string[]][];
      if (rows.length === 0) return count;
      for (const row of rows) {
        JSON.parse(row[6] ?? '');
        JSON.parse(row[7] ?? '');
        count++;
      }
      after = rows[rows.length - 1]?.[0] ?? after;
    }
  }

  close(): void {
    this.#db.close();
  }
}

async function readAllCount(store: EventStore, after: number | 'start' = 'start'): Promise<number> {
  let count = 0;
  for await (const event of store.readAll({ after })) {
    if (event.data !== undefined) count++;
  }
  return count;
}

// --- part 1: adapter vs baseline -------------------------------------------------------------

interface Comparison {
  readonly label: string;
  readonly adapter: number;
  readonly baseline: number;
  readonly target: number | undefined;
}

/** Accumulates the time of one side of an alternating comparison. */
class Stopwatch {
  #ms = 0;
  #events = 0;

  async time(events: number, work: () => Promise<void> | void): Promise<void> {
    const start = performance.now();
    await work();
    this.#ms += performance.now() - start;
    this.#events += events;
  }

  get rate(): number {
    return this.#events / (this.#ms / 1000);
  }
}

async function compareWithBaseline(dir: string): Promise<Comparison[]> {
  // Warm both code paths up first: the first thousands of calls run before the JIT settles.
  const warmStore = await openEmbeddedEventStore({ file: join(dir, 'warm.sqlite') });
  const warmRaw = new RawBaseline(join(dir, 'warm-raw.sqlite'));
  for (let i = 0; i < 10; i++) {
    const events = makeEvents(BATCH);
    await warmStore.appendToStream(`warm-${i % 3}`, events);
    warmRaw.append(`warm-${i % 3}`, events);
    const spread = requestsOf(makeEvents(BATCH), i);
    await warmStore.appendMany(spread);
    warmRaw.appendMany(spread);
  }
  await readAllCount(warmStore);
  warmRaw.readAll();
  await warmStore.close();
  warmRaw.close();

  const store = await openEmbeddedEventStore({ file: join(dir, 'adapter.sqlite') });
  const raw = new RawBaseline(join(dir, 'raw.sqlite'));
  // Short alternating rounds: on a shared machine, drift in disk and CPU speed hits both sides.
  const batches = Array.from({ length: BATCHES }, (_, b) => makeEvents(BATCH, b * BATCH));
  const streamOf = (b: number) => `organisation-${b % 20}`;
  const adapterBatched = new Stopwatch();
  const rawBatched = new Stopwatch();
  for (let from = 0; from < BATCHES; from += BATCHES_PER_ROUND) {
    const round = batches.slice(from, from + BATCHES_PER_ROUND);
    await adapterBatched.time(BATCH * round.length, async () => {
      for (const [b, events] of round.entries()) {
        await store.appendToStream(streamOf(from + b), events);
      }
    });
    await rawBatched.time(BATCH * round.length, () => {
      for (const [b, events] of round.entries()) raw.append(streamOf(from + b), events);
    });
  }

  const manyBatches = Array.from({ length: BATCHES }, (_, b) =>
    requestsOf(makeEvents(BATCH, b * BATCH), b),
  );
  const adapterMany = new Stopwatch();
  const rawMany = new Stopwatch();
  for (let from = 0; from < BATCHES; from += BATCHES_PER_ROUND) {
    const round = manyBatches.slice(from, from + BATCHES_PER_ROUND);
    await adapterMany.time(BATCH * round.length, async () => {
      for (const requests of round) await store.appendMany(requests);
    });
    await rawMany.time(BATCH * round.length, () => {
      for (const requests of round) raw.appendMany(requests);
    });
  }

  const singles = makeEvents(SINGLE_APPENDS);
  const adapterSingle = new Stopwatch();
  const rawSingle = new Stopwatch();
  for (let from = 0; from < SINGLE_APPENDS; from += 100) {
    const round = singles.slice(from, from + 100);
    await adapterSingle.time(round.length, async () => {
      for (const [i, event] of round.entries()) {
        await store.appendToStream(`single-${(from + i) % 100}`, [event]);
      }
    });
    await rawSingle.time(round.length, () => {
      for (const [i, event] of round.entries()) raw.append(`single-${(from + i) % 100}`, [event]);
    });
  }

  const total = 2 * BATCH * BATCHES + SINGLE_APPENDS;
  const adapterRead = new Stopwatch();
  const rawRead = new Stopwatch();
  for (let i = 0; i < READ_REPEATS; i++) {
    await adapterRead.time(total, async () => {
      if ((await readAllCount(store)) !== total) throw new Error('adapter read a wrong count');
    });
    await rawRead.time(total, () => {
      if (raw.readAll() !== total) throw new Error('baseline read a wrong count');
    });
  }
  await store.close();
  raw.close();
  return [
    {
      label: `batched append (${BATCH.toLocaleString('en')} events/append)`,
      adapter: adapterBatched.rate,
      baseline: rawBatched.rate,
      target: 0.7,
    },
    {
      label: `appendMany (${BATCH.toLocaleString('en')} events over ${MANY_STREAMS} streams)`,
      adapter: adapterMany.rate,
      baseline: rawMany.rate,
      target: undefined,
    },
    {
      label: 'single-event durable append',
      adapter: adapterSingle.rate,
      baseline: rawSingle.rate,
      target: undefined,
    },
    {
      label: `full-log read + decode (${total.toLocaleString('en')})`,
      adapter: adapterRead.rate,
      baseline: rawRead.rate,
      target: 0.7,
    },
  ];
}

// --- part 2: growth --------------------------------------------------------------------------

interface GrowthFigures {
  readonly batched: number;
  readonly readAll: number;
  readonly readStream: number;
  readonly single: number;
}

async function buildFixture(store: EventStore): Promise<void> {
  const started = performance.now();
  const revisions = new Array<number>(FIXTURE_STREAMS).fill(-1);
  let written = 0;
  // Round after round over every stream in a shuffled order, so each stream's events are spread
  // over the whole log, as with real, concurrently active entities.
  const order = Array.from({ length: FIXTURE_STREAMS }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  while (written < FIXTURE_EVENTS) {
    for (const stream of order) {
      if (written >= FIXTURE_EVENTS) break;
      const result = await store.appendToStream(
        `organisation-${stream}`,
        makeEvents(FIXTURE_APPEND, written),
        { expectedRevision: revisions[stream] === -1 ? 'no_stream' : (revisions[stream] ?? 'any') },
      );
      revisions[stream] = result.nextExpectedRevision;
      written += FIXTURE_APPEND;
      if (written % 100_000 === 0) {
        const seconds = (performance.now() - started) / 1000;
        progress(
          `  fixture: ${written.toLocaleString('en')} / ${FIXTURE_EVENTS.toLocaleString('en')} events (${seconds.toFixed(1)} s)`,
        );
      }
    }
  }
}

async function measureGrowth(store: EventStore): Promise<GrowthFigures> {
  const checkpoint = (await store.headPosition()) ?? 0;
  const batches = Array.from({ length: GROWTH_BATCHES }, (_, b) => makeEvents(BATCH, b * BATCH));
  const targets = batches.map(() => `organisation-${Math.floor(Math.random() * FIXTURE_STREAMS)}`);
  const batched = await rate(BATCH * GROWTH_BATCHES, async () => {
    for (const [b, events] of batches.entries()) {
      await store.appendToStream(targets[b] ?? 'organisation-0', events);
    }
  });
  const reads: number[] = [];
  for (let i = 0; i < READ_REPEATS; i++) {
    reads.push(
      await rate(BATCH * GROWTH_BATCHES, async () => {
        if ((await readAllCount(store, checkpoint)) !== BATCH * GROWTH_BATCHES) {
          throw new Error('growth read a wrong count');
        }
      }),
    );
  }
  const distinct = [...new Set(targets)];
  let streamEvents = 0;
  const streamStart = performance.now();
  for (const streamId of distinct) {
    const read = await store.readStream(streamId);
    if (read.status === 'found') streamEvents += read.events.length;
  }
  const readStream = streamEvents / ((performance.now() - streamStart) / 1000);
  const singles = makeEvents(SINGLE_APPENDS);
  const single = await rate(SINGLE_APPENDS, async () => {
    for (const event of singles) {
      const stream = Math.floor(Math.random() * FIXTURE_STREAMS);
      await store.appendToStream(`organisation-${stream}`, [event]);
    }
  });
  return { batched, readAll: median(reads), readStream, single };
}

// --- report ----------------------------------------------------------------------------------

const fmt = (eventsPerSecond: number): string =>
  `${Math.round(eventsPerSecond).toLocaleString('en')} ev/s`.padStart(15);

function verdict(ratio: number, target: number | undefined): string {
  if (target === undefined) return '(no target)'.padEnd(16);
  return `>= ${target.toFixed(2)}  ${ratio >= target ? 'PASS' : 'MISS'}`.padEnd(16);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const started = performance.now();
  try {
    const sqliteVersion = new DatabaseSync(':memory:')
      .prepare('SELECT sqlite_version() AS v')
      .get()?.v;
    console.log(
      `Embedded event store benchmark: Node ${process.version}, node:sqlite (SQLite ${String(sqliteVersion)}), ${cpus().length} CPUs, WAL + synchronous=FULL`,
    );

    progress('part 1: adapter vs raw SQLite baseline…');
    const comparisons = await compareWithBaseline(dir);

    progress('part 2: empty store…');
    const empty = await openEmbeddedEventStore({ file: join(dir, 'empty.sqlite') });
    const onEmpty = await measureGrowth(empty);
    await empty.close();

    progress(
      `part 2: building a store of ${FIXTURE_EVENTS.toLocaleString('en')} events over ${FIXTURE_STREAMS.toLocaleString('en')} interleaved streams…`,
    );
    const large = await openEmbeddedEventStore({ file: join(dir, 'large.sqlite') });
    const buildStart = performance.now();
    await buildFixture(large);
    const buildRate = FIXTURE_EVENTS / ((performance.now() - buildStart) / 1000);
    const onLarge = await measureGrowth(large);
    await large.close();

    console.log('\n1. Adapter vs raw SQLite baseline (empty files)');
    console.log(
      `${'workload'.padEnd(40)}${'adapter'.padStart(15)}${'baseline'.padStart(15)}  ratio  target`,
    );
    for (const row of comparisons) {
      const ratio = row.adapter / row.baseline;
      console.log(
        `${row.label.padEnd(40)}${fmt(row.adapter)}${fmt(row.baseline)}  ${ratio.toFixed(2)}   ${verdict(ratio, row.target)}`,
      );
    }

    console.log(
      `\n2. Growth: empty store vs ${FIXTURE_EVENTS.toLocaleString('en')} events over ${FIXTURE_STREAMS.toLocaleString('en')} interleaved streams`,
    );
    console.log(
      `${'workload'.padEnd(40)}${'empty'.padStart(15)}${'1M store'.padStart(15)}  ratio  target`,
    );
    const growthRows: [string, number, number, number | undefined][] = [
      [
        `batched append (${BATCH.toLocaleString('en')}/append, random stream)`,
        onEmpty.batched,
        onLarge.batched,
        0.5,
      ],
      ['readAll + decode (last 100,000 events)', onEmpty.readAll, onLarge.readAll, 0.5],
      ['readStream (the streams appended to)', onEmpty.readStream, onLarge.readStream, undefined],
      ['single-event append (random stream)', onEmpty.single, onLarge.single, undefined],
    ];
    for (const [label, small, big, target] of growthRows) {
      const ratio = big / small;
      console.log(
        `${label.padEnd(40)}${fmt(small)}${fmt(big)}  ${ratio.toFixed(2)}   ${verdict(ratio, target)}`,
      );
    }
    console.log(
      `\nTargets: adapter/baseline >= 0.70 for batched append and read; 1M store within 2x of empty (ratio >= 0.50).`,
    );
    console.log(
      `Fixture built through the adapter at ${fmt(buildRate).trim()} (${FIXTURE_APPEND} events per durable append). Total ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
