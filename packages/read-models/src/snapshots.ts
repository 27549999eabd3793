/**
 * Snapshots for "as known at T" reports: copies of the projections a report reads, taken at a log
 * position, keyed by that position and the `recordedAt` of its event. A known-at report starts
 * from the latest snapshot recorded at or before T and replays only the events after it.
 *
 * A snapshot is itself a small read store (same layout, same projection code writes it) whose
 * projections are builds not yet swapped in, so a replay continues them at apply() speed and
 * builds the readers' indexes once at the end. It is written to a temporary file and renamed into
 * place, so a crash never leaves a torn snapshot behind.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type ProjectionShape, shapeOf } from './projection.ts';
import {
  type BuildKind,
  type Checkpoint,
  checkpointOf,
  openReadStore,
  physicalTable,
  type ReadStore,
} from './readStore.ts';

export interface SnapshotInfo {
  readonly file: string;
  readonly position: number;
  /** The log sequence number of the event at `position` (see `Checkpoint`). */
  readonly sequence: number;
  readonly recordedAt: string;
}

/** The layout of a snapshot file: its builds are left unswapped, for the replay to swap in. */
const SNAPSHOT_LAYOUT = 3;

/** Identifies the projection versions a snapshot holds: a snapshot of other versions is ignored. */
export const snapshotFingerprint = (projections: readonly ProjectionShape[]): string =>
  createHash('sha256')
    .update(
      [
        `layout ${SNAPSHOT_LAYOUT}`,
        ...projections.map((projection) => `${projection.name}@${projection.version}`).sort(),
      ].join(','),
    )
    .digest('hex')
    .slice(0, 12);

// recordedAt is kept in the name with ':' and '.' removed, so the name is valid on every file system.
const compactTime = (iso: string): string => iso.replace(/[-:.]/g, '');
const expandTime = (compact: string): string =>
  compact.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/, '$1-$2-$3T$4:$5:$6.$7Z');

const FILE_NAME = /^snapshot-([0-9a-f]{12})-(\d{16})-(\d{16})-(\d{8}T\d{9}Z)\.sqlite$/;

const fileNameOf = (fingerprint: string, at: Omit<SnapshotInfo, 'file'>): string =>
  `snapshot-${fingerprint}-${String(at.position).padStart(16, '0')}-${String(at.sequence).padStart(16, '0')}-${compactTime(at.recordedAt)}.sqlite`;

/** The snapshots in `dir` for these projection versions, by position. */
export function listSnapshots(
  dir: string,
  projections: readonly ProjectionShape[],
): SnapshotInfo[] {
  const fingerprint = snapshotFingerprint(projections);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const match = FILE_NAME.exec(name);
      if (match === null || match[1] !== fingerprint) return [];
      return [
        {
          file: join(dir, name),
          position: Number(match[2]),
          sequence: Number(match[3]),
          recordedAt: expandTime(match[4] as string),
        },
      ];
    })
    .sort((a, b) => a.position - b.position);
}

/** The latest snapshot whose events were all recorded at or before `knownAt`. */
export const latestSnapshotKnownAt = (
  snapshots: readonly SnapshotInfo[],
  knownAt: string,
): SnapshotInfo | undefined =>
  snapshots.filter((snapshot) => snapshot.recordedAt <= knownAt).at(-1);

/** A snapshot to write: everything `writeSnapshot` needs, as plain data (it may run in a worker). */
export interface SnapshotRequest {
  /** The read store file the rows are copied from. */
  readonly source: string;
  readonly kind: BuildKind;
  readonly projections: readonly ProjectionShape[];
  readonly file: string;
  readonly position: number;
  readonly sequence: number;
  readonly recordedAt: string;
}

/**
 * The snapshot of the projections (all at the same position in builds of `kind`) to take now.
 * Null when they are not at one position, or a snapshot of that position exists.
 */
export function planSnapshot(
  store: ReadStore,
  projections: readonly ProjectionShape[],
  kind: BuildKind,
): SnapshotRequest | null {
  const checkpoints = projections.map((projection) => store.checkpoint(kind, projection.name));
  const first = checkpoints[0];
  if (
    first === undefined ||
    first.recordedAt === null ||
    checkpoints.some(
      (checkpoint, i) =>
        checkpoint === undefined ||
        checkpoint.position !== first.position ||
        checkpoint.version !== projections[i]?.version,
    )
  ) {
    return null;
  }
  const dir = store.snapshotDir;
  const at = { position: first.position, sequence: first.sequence, recordedAt: first.recordedAt };
  const name = fileNameOf(snapshotFingerprint(projections), at);
  const file = join(dir, name);
  if (listSnapshots(dir, projections).some((snapshot) => snapshot.file === file)) return null;
  return {
    source: store.file,
    kind,
    projections: projections.map(shapeOf),
    file,
    ...at,
  };
}

/**
 * Copies the projections into the snapshot `request` names. `onPinned` is called once the copy
 * reads the source at a fixed state: from then on the source may change without changing the
 * copy. Returns null when the projections moved on before that.
 */
export function writeSnapshot(
  request: SnapshotRequest,
  onPinned: () => void = () => {},
): SnapshotInfo | null {
  const { projections, kind, file } = request;
  mkdirSync(dirname(file), { recursive: true });
  const temporary = join(dirname(file), `.${basename(file)}.tmp`);
  rmSync(temporary, { force: true });
  const snapshot = openReadStore({ file: temporary, scratch: true });
  try {
    snapshot.db.exec(`ATTACH DATABASE '${request.source.replaceAll("'", "''")}' AS source`);
    try {
      snapshot.write(() => {
        const source = projections.map((projection) =>
          checkpointIn(snapshot, kind, projection.name),
        );
        if (source.some((checkpoint) => checkpoint?.position !== request.position)) {
          throw new SnapshotMoved();
        }
        onPinned();
        // Rows first, then the indexes apply() needs, built in bulk. Readers' indexes are left to
        // the replay that swaps the snapshot's builds in, after it has applied its events.
        projections.forEach((projection, i) => {
          const from = source[i] as Checkpoint;
          const build = snapshot.createBuild(projection, { withoutIndexes: true });
          for (const table of projection.tables) {
            snapshot.db.exec(
              `INSERT INTO "${physicalTable(table.name, build.generation)}" SELECT * FROM source."${physicalTable(table.name, from.generation)}"`,
            );
          }
          snapshot.createIndexes(projection, build.generation, { lookup: true });
          snapshot.saveCheckpoint('build', { ...from, generation: build.generation });
        });
      }, 'DEFERRED');
    } finally {
      snapshot.db.exec('DETACH DATABASE source');
    }
  } catch (error) {
    snapshot.close();
    rmSync(temporary, { force: true });
    if (error instanceof SnapshotMoved) return null;
    throw error;
  }
  snapshot.close();
  renameSync(temporary, file);
  return {
    file,
    position: request.position,
    sequence: request.sequence,
    recordedAt: request.recordedAt,
  };
}

/**
 * Copies the projections (all at the same position in builds of `kind`) into a new snapshot, in
 * this thread. Returns null when they are not at one position, or a snapshot of that position exists.
 */
export function takeSnapshot(
  store: ReadStore,
  projections: readonly ProjectionShape[],
  kind: BuildKind,
): SnapshotInfo | null {
  const request = planSnapshot(store, projections, kind);
  return request === null ? null : writeSnapshot(request);
}

class SnapshotMoved extends Error {
  override readonly name = 'SnapshotMoved';
}

const checkpointIn = (
  snapshot: ReadStore,
  kind: BuildKind,
  name: string,
): Checkpoint | undefined => {
  const row = snapshot.get(
    `SELECT * FROM source.${kind === 'live' ? 'rm_projections' : 'rm_builds'} WHERE name = ?`,
    name,
  );
  return row === undefined ? undefined : checkpointOf(row);
};

/** Copies a snapshot to `file`, to replay onto without touching the snapshot. */
export const copySnapshot = (snapshot: SnapshotInfo, file: string): void => {
  copyFileSync(snapshot.file, file);
};

/** Removes temporary files a crash may have left while writing a snapshot. */
export function removeUnfinishedSnapshots(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith('.') && name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
  }
}

/**
 * Removes snapshots of other projection versions, and of earlier layouts (named another way): no
 * report can use them any more.
 */
export function removeStaleSnapshots(dir: string, projections: readonly ProjectionShape[]): void {
  const fingerprint = snapshotFingerprint(projections);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!/^snapshot-.*\.sqlite$/.test(name)) continue;
    const match = FILE_NAME.exec(name);
    if (match === null || match[1] !== fingerprint) rmSync(join(dir, name), { force: true });
  }
}
