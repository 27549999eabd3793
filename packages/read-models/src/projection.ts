import type { SQLInputValue, SQLOutputValue } from 'node:sqlite';
import type { DomainEvent, EventEnvelope } from '@ledger/domain';

/** One table of a projection. Readers see it under `name` (a view); its rows live in a table per build. */
export interface TableSpec {
  /** Lowercase SQL identifier, unique across all projections, e.g. `membership_periods`. */
  readonly name: string;
  /** Column definitions and table constraints, as inside `CREATE TABLE x ( ... )`. */
  readonly columns: string;
  /**
   * Indexes `apply` reads through, e.g. `(network_id, organisation_id)`, optionally followed by a
   * `WHERE` clause: kept from the start of a build.
   */
  readonly indexes?: readonly string[];
  /**
   * Indexes only readers use: created once when a build goes live, in bulk, instead of being
   * maintained row by row through a rebuild.
   */
  readonly queryIndexes?: readonly string[];
  /**
   * Indexes `apply` reads through only while its memo is cold (after a restart, on a snapshot):
   * a build that started on empty tables and kept every row it wrote in its memo never needs them,
   * not even once it is live. They are created, in bulk, when `apply` first asks for them with
   * `tx.ensureLookupIndexes()`, which it must before reading through one; snapshots have them.
   */
  readonly lookupIndexes?: readonly string[];
  readonly withoutRowid?: boolean;
}

export type Row = Record<string, SQLOutputValue>;

/**
 * What `apply` writes through. SQL names the projection's own tables in braces, `{table}`: the
 * runner resolves them to the tables of the build being written (the live one, a rebuild beside
 * it, or a scratch replay), so one projection's code serves all three. Statements are prepared once
 * per build and cached by their text.
 */
export interface ProjectionTx {
  run(sql: string, ...params: SQLInputValue[]): void;
  /**
   * `INSERT [OR …] INTO {table} (columns) VALUES (?, …)`, one row: buffered and written with
   * other rows of the same statement in multi-row inserts. Buffered rows are written before any
   * other statement of the projection runs, and before the checkpoint, so reads see them. Rows of
   * one statement are written in the order they came; rows of two statements may not be, so two
   * statements that may write the same row must not both go through `insert`.
   */
  insert(sql: string, ...params: SQLInputValue[]): void;
  get(sql: string, ...params: SQLInputValue[]): Row | undefined;
  all(sql: string, ...params: SQLInputValue[]): Row[];
  /**
   * Memory kept across events of one build, for a projection to cache rows it has written (so a
   * rebuild need not read back what it just wrote). The runner empties it whenever the stored
   * rows may differ from it: after a rollback, and when another process advanced the build.
   */
  readonly memo: Map<string, unknown>;
  /** Creates the projection's `lookupIndexes` unless they exist (see `TableSpec`). */
  ensureLookupIndexes(): void;
  /**
   * For a memo entry made now: true when the projection's `table` has no rows yet, so the memo
   * will see every row the build writes and may answer lookups alone. False otherwise, once the
   * lookup indexes are made for the memo's misses to read through.
   */
  memoSeesAll(table: string): boolean;
}

/**
 * A read model: named and versioned, replayable from the start of the log. Bumping `version`
 * makes the runner rebuild it beside the live one and swap when caught up.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  readonly description: string;
  readonly tables: readonly TableSpec[];
  /** Applies one event. Throwing skips the event for this projection and records the error. */
  readonly apply: (tx: ProjectionTx, event: EventEnvelope<DomainEvent>) => void;
  /**
   * Writes what `apply` kept in `tx.memo` instead of writing at once (write-behind): called once
   * per transaction, after its last event and before the checkpoint; after every event when the
   * runner applies them one by one. Rows a projection writes this way are written once per
   * transaction however many events change them.
   */
  readonly flush?: (tx: ProjectionTx) => void;
}

/** What the read store needs of a projection to hold its tables: no code, so it crosses threads. */
export type ProjectionShape = Pick<Projection, 'name' | 'version' | 'tables'>;

/** The shape of a projection, as plain data. */
export const shapeOf = (projection: ProjectionShape): ProjectionShape => ({
  name: projection.name,
  version: projection.version,
  tables: projection.tables,
});

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const TABLE = /^[a-z][a-z0-9_]{0,62}$/;

/** Checks a projection's shape once, so a typo fails at start-up rather than mid-rebuild. */
export const defineProjection = (projection: Projection): Projection => {
  if (!NAME.test(projection.name)) {
    throw new TypeError(
      `projection name "${projection.name}" must be lowercase letters, digits and hyphens`,
    );
  }
  if (!Number.isSafeInteger(projection.version) || projection.version < 1) {
    throw new TypeError(`projection ${projection.name}: version must be an integer, 1 or more`);
  }
  if (projection.tables.length === 0) {
    throw new TypeError(`projection ${projection.name}: tables must list at least one table`);
  }
  for (const table of projection.tables) {
    if (!TABLE.test(table.name) || table.name.startsWith('rm_') || table.name.includes('__')) {
      throw new TypeError(
        `projection ${projection.name}: table "${table.name}" must be a lowercase SQL identifier, not starting with rm_ nor containing __`,
      );
    }
  }
  return projection;
};

/** Checks a set of projections can live in one read store: unique names and table names. */
export const checkProjectionSet = (projections: readonly Projection[]): void => {
  const names = new Set<string>();
  const tables = new Map<string, string>();
  for (const projection of projections) {
    if (names.has(projection.name)) {
      throw new TypeError(`projection name "${projection.name}" is used twice`);
    }
    names.add(projection.name);
    for (const table of projection.tables) {
      const owner = tables.get(table.name);
      if (owner !== undefined) {
        throw new TypeError(
          `table "${table.name}" is declared by both ${owner} and ${projection.name}`,
        );
      }
      tables.set(table.name, projection.name);
    }
  }
};
