/**
 * The read store: one SQLite file (Node's built-in `node:sqlite`, like the embedded event store)
 * holding every read model, its checkpoint, and the bookkeeping of rebuilds.
 *
 * Each build of a projection writes its own physical tables, `<table>__g<generation>`; readers
 * query views named `<table>` that point at the live build. A rebuild fills new tables beside the
 * live ones and swaps the views in one transaction, so a reader sees either the old model or the
 * new one, never a half-built one. A projection's checkpoint row is written in the same
 * transaction as its rows: after a crash, the model and its checkpoint agree.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { Projection, ProjectionShape, ProjectionTx, Row } from './projection.ts';

/** 'LERM': marks the file as an Ecosystem Ledger read store. */
const APPLICATION_ID = 0x4c45524d;
/** 2: checkpoints carry the log sequence number (`sequence`). */
const META_VERSION = 2;
const BUSY_TIMEOUT_MS = 10_000;

const META_SCHEMA = `
  CREATE TABLE IF NOT EXISTS rm_projections (
    name        TEXT PRIMARY KEY,
    version     INTEGER NOT NULL,
    generation  INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    sequence    INTEGER NOT NULL,
    recorded_at TEXT,
    events      INTEGER NOT NULL,
    errors      INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS rm_builds (
    name        TEXT PRIMARY KEY,
    version     INTEGER NOT NULL,
    generation  INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    sequence    INTEGER NOT NULL,
    recorded_at TEXT,
    events      INTEGER NOT NULL,
    errors      INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS rm_errors (
    id          INTEGER PRIMARY KEY,
    projection  TEXT NOT NULL,
    generation  INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    event_id    TEXT NOT NULL,
    event_type  TEXT NOT NULL,
    message     TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS rm_errors_by_build ON rm_errors (projection, generation);
  CREATE TABLE IF NOT EXISTS rm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Position stored for "nothing applied yet"; EventStoreDB positions may start at 0. */
export const NO_POSITION = -1;

export type BuildKind = 'live' | 'build';

/** A projection's checkpoint: the live model (`rm_projections`) or a rebuild beside it (`rm_builds`). */
export interface Checkpoint {
  readonly name: string;
  readonly version: number;
  readonly generation: number;
  /** Last log position applied, `NO_POSITION` before the first event. */
  readonly position: number;
  /**
   * How many events of the log go up to `position` (0 before the first): its log sequence
   * number, the same on every store, where positions are each store's own (docs/audit.md).
   */
  readonly sequence: number;
  /** `recordedAt` of the event at `position`. */
  readonly recordedAt: string | null;
  readonly events: number;
  readonly errors: number;
  readonly updatedAt: string;
}

export interface ProjectionError {
  readonly projection: string;
  readonly position: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly message: string;
}

export interface ReadStoreOptions {
  readonly file: string;
  /** A throwaway store (known-at replays): no journal and no fsync, it is deleted after use. */
  readonly scratch?: boolean;
  /** The clock for `updated_at`; defaults to the system clock. */
  readonly clock?: () => Date;
}

export const physicalTable = (table: string, generation: number): string =>
  `${table}__g${generation}`;

const TABLE_CAPTURE = /\{([a-z][a-z0-9_]*)\}/g;

/** Memo entries a build may hold before the runner empties it, to bound memory. */
const MEMO_LIMIT = 200_000;

/** Most rows one multi-row INSERT carries (SQLite binds at most 32,766 parameters). */
const ROWS_PER_INSERT = 64;

const SINGLE_ROW_VALUES = /^([\s\S]*\bVALUES\s*)(\(\s*\?(?:\s*,\s*\?)*\s*\))\s*$/i;

/** The parameters of rows `from` to `to` (excluded), one after another. */
const paramsOf = (rows: readonly SQLInputValue[][], from: number, to: number): SQLInputValue[] => {
  const params: SQLInputValue[] = [];
  for (let i = from; i < to; i++) {
    for (const value of rows[i] as SQLInputValue[]) params.push(value);
  }
  return params;
};

export class BoundProjection implements ProjectionTx {
  readonly memo = new Map<string, unknown>();
  /** The position this process last committed for the build; the memo is valid only there. */
  committed: number | undefined;
  readonly #db: DatabaseSync;
  readonly #tables: ReadonlyMap<string, string>;
  readonly #projection: string;
  readonly #lookupIndexes: readonly string[];
  readonly #statements = new Map<string, StatementSync>();
  /** Rows of `insert` not written yet, by statement, in the order they came. */
  #pending = new Map<string, SQLInputValue[][]>();

  constructor(db: DatabaseSync, projection: Projection, generation: number) {
    this.#db = db;
    this.#projection = projection.name;
    this.#tables = new Map(
      projection.tables.map((table) => [table.name, physicalTable(table.name, generation)]),
    );
    this.#lookupIndexes = indexStatements(projection, generation, 'lookup');
  }

  ensureLookupIndexes(): void {
    this.flushInserts();
    for (const sql of this.#lookupIndexes) this.#db.exec(sql);
  }

  memoSeesAll(table: string): boolean {
    if (this.get(`SELECT 1 AS found FROM {${table}} LIMIT 1`) === undefined) return true;
    this.ensureLookupIndexes();
    return false;
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      const resolved = sql.replace(TABLE_CAPTURE, (_, table: string) => {
        const physical = this.#tables.get(table);
        if (physical === undefined) {
          throw new Error(`projection ${this.#projection} has no table "${table}"`);
        }
        return `"${physical}"`;
      });
      statement = this.#db.prepare(resolved);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** The statement inserting `rows` rows at once, from the one-row form. */
  #multiRow(sql: string, rows: number): StatementSync {
    const key = `${rows}\u0000${sql}`;
    let statement = this.#statements.get(key);
    if (statement === undefined) {
      const match = SINGLE_ROW_VALUES.exec(sql);
      if (match === null) {
        throw new TypeError(
          `projection ${this.#projection}: insert() takes "INSERT … VALUES (?, …)" with one row of placeholders, got: ${sql}`,
        );
      }
      statement = this.#statement(
        `${match[1]}${Array.from({ length: rows }, () => match[2]).join(', ')}`,
      );
      this.#statements.set(key, statement);
    }
    return statement;
  }

  /** Writes the buffered rows of `insert`. */
  flushInserts(): void {
    if (this.#pending.size === 0) return;
    const pending = this.#pending;
    this.#pending = new Map();
    for (const [sql, rows] of pending) this.#write(sql, rows);
  }

  #write(sql: string, rows: readonly SQLInputValue[][]): void {
    let i = 0;
    if (rows.length >= ROWS_PER_INSERT) {
      const many = this.#multiRow(sql, ROWS_PER_INSERT);
      for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
        many.run(...paramsOf(rows, i, i + ROWS_PER_INSERT));
      }
    }
    if (i < rows.length) {
      this.#multiRow(sql, rows.length - i).run(...paramsOf(rows, i, rows.length));
    }
  }

  /** Forgets buffered rows: their transaction was rolled back. */
  dropInserts(): void {
    this.#pending = new Map();
  }

  insert(sql: string, ...params: SQLInputValue[]): void {
    const rows = this.#pending.get(sql);
    if (rows === undefined) this.#pending.set(sql, [params]);
    else rows.push(params);
  }

  run(sql: string, ...params: SQLInputValue[]): void {
    this.flushInserts();
    this.#statement(sql).run(...params);
  }

  get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    this.flushInserts();
    return this.#statement(sql).get(...params) as Row | undefined;
  }

  all(sql: string, ...params: SQLInputValue[]): Row[] {
    this.flushInserts();
    return this.#statement(sql).all(...params) as Row[];
  }
}

export const checkpointOf = (row: Row): Checkpoint => ({
  name: String(row.name),
  version: Number(row.version),
  generation: Number(row.generation),
  position: Number(row.position),
  sequence: Number(row.sequence),
  recordedAt: row.recorded_at === null ? null : String(row.recorded_at),
  events: Number(row.events),
  errors: Number(row.errors),
  updatedAt: String(row.updated_at),
});

/** Which indexes of a table spec: see `TableSpec`. */
type IndexKind = 'apply' | 'lookup' | 'query';

const INDEX_SUFFIX: Record<IndexKind, string> = { apply: 'i', lookup: 'l', query: 'q' };

/** `CREATE INDEX IF NOT EXISTS` statements for one kind of index of a build's tables. */
const indexStatements = (
  projection: ProjectionShape,
  generation: number,
  kind: IndexKind,
): string[] =>
  projection.tables.flatMap((table) => {
    const physical = physicalTable(table.name, generation);
    const indexes =
      kind === 'apply'
        ? table.indexes
        : kind === 'lookup'
          ? table.lookupIndexes
          : table.queryIndexes;
    return (indexes ?? []).map(
      (index, n) =>
        `CREATE INDEX IF NOT EXISTS main."${physical}__${INDEX_SUFFIX[kind]}${n}" ON "${physical}" ${index}`,
    );
  });

const checkpointTable = (kind: BuildKind): string =>
  kind === 'live' ? 'rm_projections' : 'rm_builds';

export class ReadStore {
  readonly db: DatabaseSync;
  readonly file: string;
  readonly scratch: boolean;
  readonly #clock: () => Date;
  readonly #bound = new Map<string, BoundProjection>();
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, file: string, scratch: boolean, clock: () => Date) {
    this.db = db;
    this.file = file;
    this.scratch = scratch;
    this.#clock = clock;
  }

  /** The directory beside the file that holds snapshots. */
  get snapshotDir(): string {
    return join(dirname(this.file), 'snapshots');
  }

  now(): string {
    return this.#clock().toISOString();
  }

  statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.statement(sql).all(...params) as Row[];
  }

  get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.statement(sql).get(...params) as Row | undefined;
  }

  run(sql: string, ...params: SQLInputValue[]): void {
    this.statement(sql).run(...params);
  }

  /**
   * Runs `work` in one write transaction, rolled back if it throws. IMMEDIATE takes the write lock
   * first; DEFERRED only when writing (for a snapshot, which must not lock the store it reads).
   */
  write<T>(work: () => T, mode: 'IMMEDIATE' | 'DEFERRED' = 'IMMEDIATE'): T {
    this.db.exec(`BEGIN ${mode}`);
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Runs `work` in one read transaction: every query inside sees the same state of the store. */
  read<T>(work: () => T): T {
    this.db.exec('BEGIN DEFERRED');
    try {
      return work();
    } finally {
      if (this.db.isTransaction) this.db.exec('COMMIT');
    }
  }

  /**
   * The statements of one build of a projection, prepared once, and its memo: emptied unless this
   * process committed the build's last position (another process may have written since).
   */
  bind(projection: Projection, generation: number, position: number): BoundProjection {
    const key = `${projection.name}:${generation}`;
    let bound = this.#bound.get(key);
    if (bound === undefined) {
      bound = new BoundProjection(this.db, projection, generation);
      this.#bound.set(key, bound);
    }
    if (bound.committed !== position || bound.memo.size > MEMO_LIMIT) bound.memo.clear();
    return bound;
  }

  /** After a commit: the memos of these builds match what is stored at these positions. */
  committed(builds: readonly { name: string; generation: number; position: number }[]): void {
    for (const build of builds) {
      const bound = this.#bound.get(`${build.name}:${build.generation}`);
      if (bound !== undefined) bound.committed = build.position;
    }
  }

  /** After a rollback: no memo can be trusted. */
  forgetMemos(): void {
    for (const bound of this.#bound.values()) {
      bound.memo.clear();
      bound.dropInserts();
      bound.committed = undefined;
    }
  }

  checkpoints(kind: BuildKind): Checkpoint[] {
    return this.all(`SELECT * FROM ${checkpointTable(kind)} ORDER BY name`).map(checkpointOf);
  }

  checkpoint(kind: BuildKind, name: string): Checkpoint | undefined {
    const row = this.get(`SELECT * FROM ${checkpointTable(kind)} WHERE name = ?`, name);
    return row === undefined ? undefined : checkpointOf(row);
  }

  saveCheckpoint(kind: BuildKind, checkpoint: Checkpoint): void {
    this.run(
      `INSERT OR REPLACE INTO ${checkpointTable(kind)}
         (name, version, generation, position, sequence, recorded_at, events, errors, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      checkpoint.name,
      checkpoint.version,
      checkpoint.generation,
      checkpoint.position,
      checkpoint.sequence,
      checkpoint.recordedAt,
      checkpoint.events,
      checkpoint.errors,
      checkpoint.updatedAt,
    );
  }

  recordError(generation: number, error: ProjectionError): void {
    this.run(
      `INSERT INTO rm_errors (projection, generation, position, event_id, event_type, message)
       VALUES (?, ?, ?, ?, ?, ?)`,
      error.projection,
      generation,
      error.position,
      error.eventId,
      error.eventType,
      error.message,
    );
  }

  /** Every error recorded by a build of the projection, in log order. */
  errors(name: string, generation: number): ProjectionError[] {
    return this.all(
      `SELECT projection, position, event_id, event_type, message FROM rm_errors
       WHERE projection = ? AND generation = ? ORDER BY position, id`,
      name,
      generation,
    ).map((row) => ({
      projection: String(row.projection),
      position: Number(row.position),
      eventId: String(row.event_id),
      eventType: String(row.event_type),
      message: String(row.message),
    }));
  }

  /**
   * Starts a build of the projection beside its live one: fresh tables under a new generation and
   * a checkpoint before the first event. An unfinished build of the same name is discarded.
   * Call inside `write`.
   */
  createBuild(
    projection: ProjectionShape,
    options: { readonly withoutIndexes?: boolean } = {},
  ): Checkpoint {
    const previous = this.checkpoint('build', projection.name);
    if (previous !== undefined) this.#dropBuild(projection, previous.generation);
    const generation = this.#nextGeneration();
    for (const table of projection.tables) {
      const physical = physicalTable(table.name, generation);
      this.db.exec(
        `CREATE TABLE main."${physical}" (${table.columns})${table.withoutRowid === true ? ' WITHOUT ROWID' : ''}`,
      );
    }
    if (options.withoutIndexes !== true) this.createIndexes(projection, generation);
    const checkpoint: Checkpoint = {
      name: projection.name,
      version: projection.version,
      generation,
      position: NO_POSITION,
      sequence: 0,
      recordedAt: null,
      events: 0,
      errors: 0,
      updatedAt: this.now(),
    };
    this.saveCheckpoint('build', checkpoint);
    return checkpoint;
  }

  /**
   * Creates the indexes `apply` reads through on a build's tables: at once for a new build, after
   * the rows for one filled in bulk (a snapshot, whose replays start with a cold memo and so read
   * through its lookup indexes too).
   */
  createIndexes(
    projection: ProjectionShape,
    generation: number,
    options: { readonly lookup?: boolean } = {},
  ): void {
    for (const sql of indexStatements(projection, generation, 'apply')) this.db.exec(sql);
    if (options.lookup === true) {
      for (const sql of indexStatements(projection, generation, 'lookup')) this.db.exec(sql);
    }
  }

  /** Drops an unfinished build (its tables, checkpoint and errors). Call inside `write`. */
  discardBuild(projection: ProjectionShape): void {
    const build = this.checkpoint('build', projection.name);
    if (build !== undefined) this.#dropBuild(projection, build.generation);
  }

  #dropBuild(projection: ProjectionShape, generation: number): void {
    for (const table of projection.tables) {
      this.db.exec(`DROP TABLE IF EXISTS main."${physicalTable(table.name, generation)}"`);
    }
    this.run(
      'DELETE FROM rm_errors WHERE projection = ? AND generation = ?',
      projection.name,
      generation,
    );
    this.run('DELETE FROM rm_builds WHERE name = ?', projection.name);
  }

  /**
   * Makes the finished build the live model: the views move to its tables, its checkpoint becomes
   * the live one, and the old tables go, all in the caller's transaction. Call inside `write`.
   * `indexes: false` leaves out the readers' indexes: for a scratch store that answers one report,
   * where scanning costs less than sorting the rows into indexes. Lookup indexes are never made
   * here: a cold memo asks for them (see `TableSpec.lookupIndexes`).
   */
  swap(projection: ProjectionShape, options: { readonly indexes?: boolean } = {}): Checkpoint {
    const build = this.checkpoint('build', projection.name);
    if (build === undefined)
      throw new Error(`projection ${projection.name} has no build to swap in`);
    const live = this.checkpoint('live', projection.name);
    if (options.indexes !== false) {
      for (const sql of indexStatements(projection, build.generation, 'query')) this.db.exec(sql);
    }
    for (const table of projection.tables) {
      const physical = physicalTable(table.name, build.generation);
      this.db.exec(`DROP VIEW IF EXISTS main."${table.name}"`);
      this.db.exec(`CREATE VIEW main."${table.name}" AS SELECT * FROM "${physical}"`);
    }
    if (live !== undefined) {
      // The old build may have had other tables (an earlier version): drop by generation suffix.
      const suffix = `__g${live.generation}`;
      const old = this.all(
        "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND substr(name, -length(?)) = ?",
        suffix,
        suffix,
      );
      for (const row of old) this.db.exec(`DROP TABLE IF EXISTS main."${String(row.name)}"`);
      this.run(
        'DELETE FROM rm_errors WHERE projection = ? AND generation = ?',
        projection.name,
        live.generation,
      );
    }
    const swapped: Checkpoint = { ...build, updatedAt: this.now() };
    this.saveCheckpoint('live', swapped);
    this.run('DELETE FROM rm_builds WHERE name = ?', projection.name);
    return swapped;
  }

  #nextGeneration(): number {
    const row = this.get("SELECT value FROM rm_meta WHERE key = 'next_generation'");
    const generation = row === undefined ? 1 : Number(row.value);
    this.run(
      "INSERT OR REPLACE INTO rm_meta (key, value) VALUES ('next_generation', ?)",
      String(generation + 1),
    );
    return generation;
  }

  meta(key: string): string | undefined {
    const row = this.get('SELECT value FROM rm_meta WHERE key = ?', key);
    return row === undefined ? undefined : String(row.value);
  }

  setMeta(key: string, value: string): void {
    this.run('INSERT OR REPLACE INTO rm_meta (key, value) VALUES (?, ?)', key, value);
  }

  /** True when the view of the table exists, i.e. its projection has a live build. */
  hasView(table: string): boolean {
    return (
      this.get(
        "SELECT 1 AS found FROM main.sqlite_schema WHERE type = 'view' AND name = ?",
        table,
      ) !== undefined
    );
  }

  close(): void {
    this.#bound.clear();
    this.#statements.clear();
    if (this.db.isOpen) this.db.close();
  }
}

/** The read store file inside the data directory: `<dataDir>/read/read-models.sqlite`. */
export const readStoreFile = (dataDir: string): string =>
  join(dataDir, 'read', 'read-models.sqlite');

export class ReadStoreUnavailableError extends Error {
  override readonly name = 'ReadStoreUnavailableError';
}

export function openReadStore(options: ReadStoreOptions): ReadStore {
  const { file } = options;
  if (typeof file !== 'string' || file.trim() === '') {
    throw new TypeError('openReadStore: file must be a non-empty path');
  }
  const scratch = options.scratch ?? false;
  let db: DatabaseSync | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS });
    if (scratch) {
      // MEMORY, not OFF: a rollback (of a failing event's savepoint) must still work.
      db.exec('PRAGMA journal_mode = MEMORY');
      db.exec('PRAGMA synchronous = OFF');
    } else {
      db.exec('PRAGMA journal_mode = WAL');
      // A crash (even SIGKILL) cannot tear a committed transaction in WAL mode with NORMAL; only a
      // power cut may lose the last commits, and then models and checkpoints go back together.
      db.exec('PRAGMA synchronous = NORMAL');
      // Checkpoint the WAL every 40 MB rather than every 4 MB: a rebuild dirties pages all over
      // the file, and each checkpoint writes them back and syncs.
      db.exec('PRAGMA wal_autocheckpoint = 10000');
      db.exec('PRAGMA journal_size_limit = 67108864');
    }
    db.exec('PRAGMA cache_size = -65536');
    db.exec('PRAGMA temp_store = MEMORY');
    prepareMeta(db, file);
  } catch (error) {
    db?.close();
    if (error instanceof ReadStoreUnavailableError) throw error;
    throw new ReadStoreUnavailableError(
      `cannot open the read store "${file}": ${(error as Error).message}`,
      { cause: error },
    );
  }
  return new ReadStore(db, file, scratch, options.clock ?? (() => new Date()));
}

const layoutOf = (db: DatabaseSync) => ({
  applicationId: (db.prepare('PRAGMA application_id').get() as { application_id: number })
    .application_id,
  version: (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
});

function checkLayout(file: string, version: number): void {
  if (version > META_VERSION) {
    throw new ReadStoreUnavailableError(
      `the read store "${file}" has layout version ${version}; this code reads version ${META_VERSION} (delete the file to rebuild it)`,
    );
  }
}

function prepareMeta(db: DatabaseSync, file: string): void {
  // An existing store is only read here: taking the write lock would wait for a rebuild's long
  // transaction, and a reader (status, a report, the API) must open beside it.
  const existing = layoutOf(db);
  if (existing.applicationId === APPLICATION_ID && existing.version >= META_VERSION) {
    checkLayout(file, existing.version);
    return;
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    const { applicationId, version } = layoutOf(db);
    if (applicationId === APPLICATION_ID && version >= META_VERSION) {
      checkLayout(file, version);
    } else if (applicationId === APPLICATION_ID) {
      // An older layout holds only what the log can give again: start over, and the projector
      // rebuilds every model from the log.
      const objects = db
        .prepare(
          "SELECT type, name FROM main.sqlite_schema WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite_%' ORDER BY type DESC",
        )
        .all() as { type: string; name: string }[];
      for (const { type, name } of objects) {
        db.exec(`DROP ${type === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS main."${name}"`);
      }
      db.exec(META_SCHEMA);
      db.exec(`PRAGMA user_version = ${META_VERSION}`);
    } else {
      const { tables } = db.prepare('SELECT count(*) AS tables FROM sqlite_schema').get() as {
        tables: number;
      };
      if (applicationId !== 0 || tables !== 0) {
        throw new ReadStoreUnavailableError(
          `"${file}" is a SQLite file but not an Ecosystem Ledger read store; refusing to write to it`,
        );
      }
      db.exec(META_SCHEMA);
      db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
      db.exec(`PRAGMA user_version = ${META_VERSION}`);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
