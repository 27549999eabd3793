import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { RecordedEvent } from '@ledger/event-store';
import { afterEach, describe, expect, it } from 'vitest';
import { applyBatch } from './apply.ts';
import { defineProjection } from './projection.ts';
import { openReadStore, type ReadStore } from './readStore.ts';
import { removeStaleSnapshots, snapshotFingerprint } from './snapshots.ts';

const dirs: string[] = [];
const stores: ReadStore[] = [];
const fileIn = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-read-store-'));
  dirs.push(dir);
  return join(dir, 'read-models.sqlite');
};
const open = (file: string) => {
  const store = openReadStore({ file });
  stores.push(store);
  return store;
};
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const layoutOf = (file: string) => {
  const db = new DatabaseSync(file);
  try {
    return {
      version: (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
      tables: (
        db
          .prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name")
          .all() as { name: string }[]
      ).map((row) => row.name),
    };
  } finally {
    db.close();
  }
};

const counter = defineProjection({
  name: 'counter',
  version: 1,
  description: 'Counts the events it applies (a test projection).',
  tables: [{ name: 'counted', columns: 'id TEXT PRIMARY KEY' }],
  apply: (tx, event) => {
    tx.run('INSERT INTO {counted} (id) VALUES (?)', event.id);
  },
});

/** An anchor-shaped event at `position`: every projection skips it, yet the log counts it. */
const anchorAt = (position: number): RecordedEvent => ({
  id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
  type: 'LogAnchored',
  streamId: 'ledger-anchors',
  revision: 0,
  position,
  recordedAt: '2026-01-01T00:00:00.000Z',
  data: {},
  metadata: {},
});

describe('the read store', () => {
  it('counts the events of the log a checkpoint goes up to, whatever the positions', () => {
    const store = open(fileIn());
    store.write(() => store.createBuild(counter));
    const projections = new Map([[counter.name, counter]]);
    // EventStoreDB's positions are byte offsets: far apart, and not where counting would put them.
    applyBatch(store, 'build', projections, [10, 250, 4_000].map(anchorAt));
    expect(store.checkpoint('build', 'counter')).toMatchObject({ position: 4_000, sequence: 3 });
    // A batch overlapping the checkpoint (a resumed read) counts only the events after it.
    applyBatch(store, 'build', projections, [250, 4_000, 9_000, 9_100].map(anchorAt));
    expect(store.checkpoint('build', 'counter')).toMatchObject({ position: 9_100, sequence: 5 });
    store.write(() => store.swap(counter));
    expect(store.checkpoint('live', 'counter')).toMatchObject({ position: 9_100, sequence: 5 });
  });

  it('leaves a model behind the batch for its own read, so it misses no event', () => {
    const store = open(fileIn());
    const other = defineProjection({ ...counter, name: 'other-counter' });
    const projections = new Map([
      [counter.name, counter],
      [other.name, other],
    ]);
    store.write(() => store.createBuild(counter));
    applyBatch(store, 'build', projections, [10, 250].map(anchorAt), { readAfter: -1 });
    // Another process starts a build of `other` while this one reads on from 250.
    store.write(() => store.createBuild(other));
    applyBatch(store, 'build', projections, [4_000, 9_000].map(anchorAt), { readAfter: 250 });
    expect(store.checkpoint('build', 'counter')).toMatchObject({ position: 9_000, sequence: 4 });
    expect(store.checkpoint('build', 'other-counter')).toMatchObject({ position: -1, sequence: 0 });
    // Its own read, from the start, brings it level; the model ahead takes nothing twice.
    applyBatch(store, 'build', projections, [10, 250, 4_000, 9_000].map(anchorAt), {
      readAfter: -1,
    });
    expect(store.checkpoint('build', 'other-counter')).toMatchObject({
      position: 9_000,
      sequence: 4,
    });
    expect(store.checkpoint('build', 'counter')).toMatchObject({ position: 9_000, sequence: 4 });
  });

  it('builds query indexes at the swap, and lookup indexes only on demand', () => {
    const store = open(fileIn());
    const indexed = defineProjection({
      name: 'indexed',
      version: 1,
      description: 'Rows in two tables (a test projection).',
      tables: [
        {
          name: 'rows_a',
          columns: 'position INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL',
          indexes: ['(id)'],
          lookupIndexes: ['(kind, id)'],
          queryIndexes: ['(kind)'],
        },
        { name: 'rows_b', columns: 'position INTEGER PRIMARY KEY, id TEXT NOT NULL' },
      ],
      apply: () => {},
    });
    const indexesOf = (generation: number) =>
      store
        .all(
          "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? ORDER BY name",
          `rows_a__g${generation}`,
        )
        .map((row) => String(row.name));
    const build = store.write(() => store.createBuild(indexed));
    const { generation } = build;
    expect(indexesOf(generation)).toEqual([`rows_a__g${generation}__i0`]);

    const tx = store.bind(indexed, generation, build.position);
    store.write(() => {
      // Rows of two statements, interleaved: each statement keeps its own rows in order.
      for (const position of [1, 2, 3]) {
        tx.insert(
          'INSERT INTO {rows_a} (position, id, kind) VALUES (?, ?, ?)',
          position,
          `a${position}`,
          'k',
        );
        tx.insert('INSERT INTO {rows_b} (position, id) VALUES (?, ?)', position, `b${position}`);
      }
      expect(tx.all('SELECT id FROM {rows_b} ORDER BY position').map((row) => row.id)).toEqual([
        'b1',
        'b2',
        'b3',
      ]);
    });
    expect(indexesOf(generation)).toEqual([`rows_a__g${generation}__i0`]);
    store.write(() => store.swap(indexed));
    expect(indexesOf(generation)).toEqual([
      `rows_a__g${generation}__i0`,
      `rows_a__g${generation}__q0`,
    ]);
    // A cold memo in the live model asks for them; made once, they stay.
    store.write(() => {
      tx.ensureLookupIndexes();
      tx.ensureLookupIndexes();
    });
    expect(indexesOf(generation)).toEqual([
      `rows_a__g${generation}__i0`,
      `rows_a__g${generation}__l0`,
      `rows_a__g${generation}__q0`,
    ]);
    expect(store.all('SELECT id FROM rows_a ORDER BY position').map((row) => row.id)).toEqual([
      'a1',
      'a2',
      'a3',
    ]);
  });

  it('starts over on a file of the earlier layout, for the projector to rebuild from the log', () => {
    const file = fileIn();
    const old = new DatabaseSync(file);
    old.exec(`
      CREATE TABLE rm_projections (name TEXT PRIMARY KEY, version INTEGER NOT NULL,
        generation INTEGER NOT NULL, position INTEGER NOT NULL, recorded_at TEXT,
        events INTEGER NOT NULL, errors INTEGER NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE rm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE counted__g1 (id TEXT PRIMARY KEY);
      CREATE VIEW counted AS SELECT * FROM counted__g1;
      INSERT INTO rm_projections VALUES ('counter', 1, 1, 7, NULL, 7, 0, '2026-01-01T00:00:00Z');
      PRAGMA application_id = ${0x4c45524d};
      PRAGMA user_version = 1;
    `);
    old.close();
    const store = open(file);
    expect(store.checkpoints('live')).toEqual([]);
    expect(store.hasView('counted')).toBe(false);
    store.close();
    expect(layoutOf(file).version).toBe(2);
    expect(layoutOf(file).tables).not.toContain('counted__g1');
  });

  it("drops the snapshots of an earlier layout, named without the sequence, and keeps today's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-snapshots-'));
    dirs.push(dir);
    const fingerprint = snapshotFingerprint([counter]);
    const earlier = `snapshot-${fingerprint}-0000000000000010-20260101T000000000Z.sqlite`;
    const current = `snapshot-${fingerprint}-0000000000000010-0000000000000010-20260101T000000000Z.sqlite`;
    for (const name of [earlier, current, 'notes.txt']) writeFileSync(join(dir, name), '');
    removeStaleSnapshots(dir, [counter]);
    expect(readdirSync(dir).sort()).toEqual([current, 'notes.txt'].sort());
  });

  it('refuses a file of a later layout, and a SQLite file that is not a read store', () => {
    const later = fileIn();
    const db = new DatabaseSync(later);
    db.exec(`PRAGMA application_id = ${0x4c45524d}; PRAGMA user_version = 3;`);
    db.close();
    expect(() => open(later)).toThrow(/has layout version 3; this code reads version 2/);

    const foreign = fileIn();
    const other = new DatabaseSync(foreign);
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();
    expect(() => open(foreign)).toThrow(/is a SQLite file but not an Ecosystem Ledger read store/);
  });
});
