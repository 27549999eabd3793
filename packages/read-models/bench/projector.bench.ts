/**
 * Benchmark of the projector (not a test): `pnpm bench:projector`.
 *
 * On a generated history of 1,000,000 events in the embedded store (kept under os.tmpdir() and
 * reused while the generator is unchanged; the read store built from it is removed at the end),
 * in one run:
 *
 * 1. full rebuild of every read model, events/s, next to the raw rates of the same store:
 *    `readAll` alone, and `readAll` + the domain's `parseStoredEvent` (read and decode: what any
 *    rebuild must do before applying anything). Target: rebuild ≥ 0.5 × read-and-decode.
 * 2. valid-time report ("the ecosystem on D") at random days: p50/p95. Target: p95 ≤ 50 ms.
 * 3. known-at report ("on D, as known at T") at random past T: p50/p95 next to the full
 *    rebuild's time. Target: p95 ≤ 0.1 × rebuild.
 *
 * It also prints where a rebuild's time goes: SQLite's own floor for the rows it wrote (see
 * `sqliteFloor`), and each read model rebuilt alone without snapshots, next to the runner alone
 * (a model that writes nothing: reading, decoding, transactions and checkpoints).
 *
 * BENCH_EVENTS overrides the history size (e.g. 100000 for a quick run).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { parseStoredEvent } from '@ledger/domain';
import { type EventStore, openEmbeddedEventStore } from '@ledger/event-store';
import {
  builtInProjections,
  createProjector,
  defineProjection,
  ecosystemReport,
  listSnapshots,
  openReadStore,
  type Projection,
  reportProjections,
} from '../src/index.ts';
import { appendHistory } from '../test/support/history.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SEED = 1;
const NETWORKS = 40;
const VALID_RUNS = 200;
const KNOWN_RUNS = 40;
/** Events per rebuild transaction: the projector's default, named so the floor commits as often. */
const BUILD_BATCH = 50_000;
/** Bump when the generator changes: a cached history of another version is regenerated. */
const HISTORY_VERSION = 3;
/** Transaction time of the generated log: one `appendMany` of 10 bursts a minute from this instant. */
const LOG_START = Date.parse('2025-01-01T00:00:00.000Z');

const progress = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** The same pseudo-random sequence on every run. */
const randomFrom = (seed: number) => {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
};

const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function history(dir: string): Promise<string> {
  const file = join(dir, 'ledger.sqlite');
  const marker = join(dir, 'history.json');
  const wanted = JSON.stringify({
    version: HISTORY_VERSION,
    seed: SEED,
    events: EVENTS,
    networks: NETWORKS,
  });
  if (existsSync(file) && existsSync(marker) && readFileSync(marker, 'utf8') === wanted) {
    progress(`reusing the generated history in ${file}`);
    return file;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  progress(`generating ${fmt(EVENTS)} events into ${file} (once; reused by later runs)…`);
  let appends = 0;
  const store = await openEmbeddedEventStore({
    file,
    clock: () => new Date(LOG_START + 60_000 * appends++),
  });
  const started = performance.now();
  const written = await appendHistory(store, {
    seed: SEED,
    events: EVENTS,
    networks: NETWORKS,
    perCall: 10,
  });
  await store.close();
  progress(
    `generated ${fmt(written.events)} events in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  writeFileSync(marker, wanted);
  return file;
}

async function main(): Promise<void> {
  const dir = join(tmpdir(), 'ledger-projector-bench');
  const file = await history(dir);
  const eventStore = await openEmbeddedEventStore({ file });
  const head = (await eventStore.headPosition()) ?? 0;

  progress('reading the log…');
  let started = performance.now();
  let count = 0;
  for await (const _ of eventStore.readAll()) count++;
  const readRate = count / ((performance.now() - started) / 1000);
  started = performance.now();
  count = 0;
  for await (const event of eventStore.readAll()) if (parseStoredEvent(event).ok) count++;
  const decodeRate = count / ((performance.now() - started) / 1000);

  progress('full rebuild of every read model…');
  const readDir = join(dir, 'read');
  rmSync(readDir, { recursive: true, force: true });
  const building = openReadStore({ file: join(readDir, 'read-models.sqlite') });
  const projector = createProjector({
    readStore: building,
    eventStore,
    buildBatchSize: BUILD_BATCH,
  });
  projector.prepare();
  started = performance.now();
  const summary = await projector.build();
  const rebuildMs = performance.now() - started;
  const rebuildRate = summary.events / (rebuildMs / 1000);
  const snapshots = listSnapshots(building.snapshotDir, reportProjections).length;
  // Reports come from another process (the CLI, the API): read through a connection of their own,
  // without the projector's in-memory state.
  building.close();

  progress('SQLite alone, writing the rebuilt rows and indexes again…');
  const floorMs = sqliteFloor(
    join(readDir, 'read-models.sqlite'),
    join(dir, 'floor.sqlite'),
    Math.max(1, Math.round(summary.events / BUILD_BATCH)),
  );
  const alone = await eachAlone(eventStore, join(dir, 'alone'));
  const readStore = openReadStore({ file: join(readDir, 'read-models.sqlite') });

  progress('valid-time reports…');
  const random = randomFrom(7);
  const day = () => {
    const date = new Date(Date.UTC(2008, 0, 1) + Math.floor(random() * 18 * 365) * 86_400_000);
    return date.toISOString().slice(0, 10);
  };
  const validTimes: number[] = [];
  for (let i = 0; i < VALID_RUNS; i++) {
    const validAt = day();
    const start = performance.now();
    await ecosystemReport({ readStore, validAt });
    validTimes.push(performance.now() - start);
  }

  progress('known-at reports…');
  const first = eventStore.readAll({ maxCount: 1 });
  let firstRecordedAt = LOG_START;
  for await (const event of first) firstRecordedAt = Date.parse(event.recordedAt);
  let lastRecordedAt = firstRecordedAt;
  for await (const event of eventStore.readAll({
    direction: 'backwards',
    after: 'end',
    maxCount: 1,
  })) {
    lastRecordedAt = Date.parse(event.recordedAt);
  }
  const knownTimes: number[] = [];
  for (let i = 0; i < KNOWN_RUNS; i++) {
    const knownAt = new Date(
      firstRecordedAt + random() * (lastRecordedAt - firstRecordedAt),
    ).toISOString();
    const start = performance.now();
    await ecosystemReport({ readStore, eventStore, validAt: day(), knownAt });
    knownTimes.push(performance.now() - start);
  }

  const ratio = rebuildRate / decodeRate;
  const decodeMs = (head / decodeRate) * 1000;
  const validP95 = percentile(validTimes, 95);
  const knownP95 = percentile(knownTimes, 95);
  const lines = [
    `projector benchmark: ${fmt(head)} events in the embedded store (${NETWORKS} networks)`,
    '',
    `read (readAll)                      ${fmt(readRate).padStart(10)} events/s`,
    `read and decode (+parseStoredEvent) ${fmt(decodeRate).padStart(10)} events/s`,
    `full rebuild, every read model      ${fmt(rebuildRate).padStart(10)} events/s  (${(rebuildMs / 1000).toFixed(1)} s, ${snapshots} snapshots, ${summary.errors} errors)`,
    `  rebuild / read-and-decode = ${ratio.toFixed(2)}   target >= 0.50   ${verdict(ratio >= 0.5)}`,
    `SQLite alone, the same rows and indexes  ${(floorMs / 1000).toFixed(1)} s  (inserted from memory: no decoding, no projection code)`,
    `  best ratio this read store allows: ${(decodeMs / (decodeMs + floorMs)).toFixed(2)} decoding on the same core, ${(decodeMs / Math.max(decodeMs, floorMs)).toFixed(2)} on another`,
    'each read model rebuilt alone, without snapshots:',
    ...alone.map(
      ({ name, ms, events }) =>
        `  ${name.padEnd(34)} ${(ms / 1000).toFixed(1).padStart(5)} s   ${fmt(events / (ms / 1000)).padStart(9)} events/s   ratio ${(events / (ms / 1000) / decodeRate).toFixed(2)}`,
    ),
    '',
    `valid-time report (${VALID_RUNS} random days)   p50 ${percentile(validTimes, 50).toFixed(1)} ms   p95 ${validP95.toFixed(1)} ms   target p95 <= 50 ms   ${verdict(validP95 <= 50)}`,
    `known-at report (${KNOWN_RUNS} random T)       p50 ${percentile(knownTimes, 50).toFixed(0)} ms   p95 ${knownP95.toFixed(0)} ms   full rebuild ${(rebuildMs / 1000).toFixed(1)} s`,
    `  p95 / full rebuild = ${(knownP95 / rebuildMs).toFixed(3)}   target <= 0.100   ${verdict(knownP95 <= 0.1 * rebuildMs)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  readStore.close();
  await eventStore.close();
  // The history is kept for the next run; the read store and its snapshots (gigabytes) are not.
  rmSync(readDir, { recursive: true, force: true });
}

/** A read model that writes nothing: what the runner costs before any projection code. */
const runnerAlone = defineProjection({
  name: 'runner-alone',
  version: 1,
  description: 'Applies nothing: the cost of reading, decoding, transactions and checkpoints.',
  tables: [{ name: 'runner_alone', columns: 'id INTEGER PRIMARY KEY' }],
  apply: () => undefined,
});

/** Rebuilds the runner alone, then each built-in read model alone, each into a fresh read store. */
async function eachAlone(
  eventStore: EventStore,
  dir: string,
): Promise<{ name: string; ms: number; events: number }[]> {
  const results: { name: string; ms: number; events: number }[] = [];
  const models: [string, Projection][] = [
    ['the runner alone (writes nothing)', runnerAlone],
    ...builtInProjections.map((projection): [string, Projection] => [projection.name, projection]),
  ];
  for (const [name, projection] of models) {
    progress(`rebuilding ${name}…`);
    rmSync(dir, { recursive: true, force: true });
    const readStore = openReadStore({ file: join(dir, 'read-models.sqlite') });
    const projector = createProjector({
      readStore,
      eventStore,
      projections: [projection],
      buildBatchSize: BUILD_BATCH,
      snapshotEvery: 0,
    });
    projector.prepare();
    const started = performance.now();
    const { events } = await projector.build();
    results.push({ name, ms: performance.now() - started, events });
    readStore.close();
  }
  rmSync(dir, { recursive: true, force: true });
  return results;
}

/** Rows per multi-row INSERT, as the read store writes them. */
const ROWS_PER_INSERT = 64;

/**
 * How long SQLite alone takes to write what the rebuild wrote: the rows of every read-model table,
 * read back into memory first (not timed), then inserted again into a fresh file from JavaScript
 * as a rebuild does (bound parameters, multi-row inserts, one transaction per twentieth of each
 * table, the read store's settings), then the same indexes. Each table's rows go in its own order,
 * never at random places. No rebuild of this read store can take less, whatever its projection
 * code does.
 */
function sqliteFloor(source: string, file: string, transactions: number): number {
  const from = new DatabaseSync(source, { readOnly: true });
  const schema = (type: string) =>
    from
      .prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = ? AND sql IS NOT NULL AND name LIKE '%\\_\\_g%' ESCAPE '\\'",
      )
      .all(type) as { name: string; sql: string }[];
  const indexes = schema('index');
  const tables = schema('table').map(({ name, sql }) => {
    const select = from.prepare(`SELECT * FROM "${name}"`);
    select.setReturnArrays(true);
    return { name, sql, rows: select.all() as unknown as SQLInputValue[][] };
  });
  from.close();
  rmSync(file, { force: true });
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA wal_autocheckpoint = 10000');
    db.exec('PRAGMA cache_size = -65536');
    db.exec('PRAGMA temp_store = MEMORY');
    for (const { sql } of tables) db.exec(sql);
    const started = performance.now();
    const filled = tables.filter(({ rows }) => rows.length > 0);
    const statements = filled.map(({ name, rows }) => {
      const values = `(${Array.from({ length: rows[0]?.length ?? 0 }, () => '?').join(', ')})`;
      const insert = (count: number) =>
        db.prepare(`INSERT INTO "${name}" VALUES ${Array(count).fill(values).join(', ')}`);
      return { many: insert(ROWS_PER_INSERT), one: insert(1) };
    });
    for (let part = 0; part < transactions; part++) {
      db.exec('BEGIN');
      filled.forEach(({ rows }, t) => {
        const { many, one } = statements[t] as (typeof statements)[number];
        const end = Math.floor((rows.length * (part + 1)) / transactions);
        let i = Math.floor((rows.length * part) / transactions);
        for (; i + ROWS_PER_INSERT <= end; i += ROWS_PER_INSERT) {
          many.run(...rows.slice(i, i + ROWS_PER_INSERT).flat());
        }
        for (; i < end; i++) one.run(...(rows[i] as SQLInputValue[]));
      });
      db.exec('COMMIT');
    }
    db.exec('BEGIN');
    for (const { sql } of indexes) db.exec(sql);
    db.exec('COMMIT');
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return performance.now() - started;
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
}

await main();
