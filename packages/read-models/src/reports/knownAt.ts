/**
 * Transaction time: "as the platform knew it at T" is the log up to the last event recorded at or
 * before T, replayed into a scratch read store with the same projection code. The replay starts
 * from the latest snapshot recorded at or before T, so it only applies the events after it; when
 * the live read store is exactly at T's position, it is read directly.
 *
 * `recordedAt` never decreases along the log (the stores' clocks are monotonic per log), so the
 * first event recorded after T ends the replay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { applyBatch } from '../apply.ts';
import type { Projection } from '../projection.ts';
import { reportProjections } from '../projections/index.ts';
import { NO_POSITION, openReadStore, type ReadStore } from '../readStore.ts';
import { copySnapshot, latestSnapshotKnownAt, listSnapshots } from '../snapshots.ts';

/** A read store to run valid-time queries on, and what of the log it holds. */
export interface ReportSource {
  readonly store: ReadStore;
  /**
   * The log sequence number of the last event the store includes (how many events of the log go
   * up to it, the same on every store); `null` when it includes no event.
   */
  readonly position: number | null;
  /** The same event's position in this store, to find the anchor at or before it. */
  readonly storePosition: number | null;
  /** T for a known-at source; else the `recordedAt` of the event at `position`. */
  readonly knownAt: string | null;
  /** How the source was obtained, for diagnostics. */
  readonly origin: 'live' | 'snapshot' | 'replay';
  /** Events replayed to reach T (0 when read from the live store). */
  readonly replayed: number;
  release(): void;
}

/** A report needs a read model that has not been built yet. */
export class ReportUnavailableError extends Error {
  override readonly name = 'ReportUnavailableError';
}

const REPLAY_BATCH = 50_000;

const sameVersions = (store: ReadStore, projections: readonly Projection[]) =>
  projections.map((projection) => {
    const checkpoint = store.checkpoint('live', projection.name);
    return checkpoint?.version === projection.version ? checkpoint : undefined;
  });

/** The live read store, as it stands: every report projection must have been built. */
export function liveSource(
  store: ReadStore,
  projections: readonly Projection[] = reportProjections,
): ReportSource {
  const checkpoints = sameVersions(store, projections);
  const missing = projections.filter((_, i) => checkpoints[i] === undefined);
  if (missing.length > 0) {
    throw new ReportUnavailableError(
      `the read model${missing.length > 1 ? 's' : ''} ${missing.map((projection) => projection.name).join(', ')} ${missing.length > 1 ? 'have' : 'has'} not been built yet in ${store.file}: start the projector or run a rebuild`,
    );
  }
  const behind = checkpoints.reduce((a, b) =>
    a !== undefined && b !== undefined && b.position < a.position ? b : a,
  );
  const included = behind !== undefined && behind.position !== NO_POSITION;
  return {
    store,
    position: included ? behind.sequence : null,
    storePosition: included ? behind.position : null,
    knownAt: included ? behind.recordedAt : null,
    origin: 'live',
    replayed: 0,
    release: () => {},
  };
}

async function firstEventAfter(
  eventStore: EventStore,
  position: number,
): Promise<RecordedEvent | undefined> {
  for await (const event of eventStore.readAll({
    after: position === NO_POSITION ? 'start' : position,
    maxCount: 1,
  })) {
    return event;
  }
  return undefined;
}

/**
 * A read store as the platform knew it at `knownAt` (UTC, `recordedAt` form): the live store when
 * it is exactly there, else a scratch store replayed from the latest snapshot before T.
 */
export async function knownAtSource(options: {
  readonly readStore: ReadStore;
  readonly eventStore: EventStore;
  readonly knownAt: string;
  /**
   * Stop at this log sequence number too: a receipt's, for events recorded in the same millisecond
   * as T.
   */
  readonly upTo?: number | undefined;
  readonly projections?: readonly Projection[];
}): Promise<ReportSource> {
  const { readStore, eventStore, knownAt, upTo } = options;
  const projections = options.projections ?? reportProjections;
  const live = sameVersions(readStore, projections);
  const first = live[0];
  if (
    first !== undefined &&
    live.every((checkpoint) => checkpoint?.position === first.position) &&
    (first.recordedAt === null || first.recordedAt <= knownAt) &&
    (upTo === undefined || first.sequence === upTo)
  ) {
    const next = await firstEventAfter(eventStore, first.position);
    if (upTo !== undefined || next === undefined || next.recordedAt > knownAt) {
      return { ...liveSource(readStore, projections), knownAt };
    }
  }
  return replaySource(readStore, eventStore, knownAt, upTo, projections);
}

async function replaySource(
  readStore: ReadStore,
  eventStore: EventStore,
  knownAt: string,
  upTo: number | undefined,
  projections: readonly Projection[],
): Promise<ReportSource> {
  const snapshot = latestSnapshotKnownAt(
    listSnapshots(readStore.snapshotDir, projections).filter(
      (candidate) => upTo === undefined || candidate.sequence <= upTo,
    ),
    knownAt,
  );
  const dir = mkdtempSync(join(tmpdir(), 'ledger-known-at-'));
  const file = join(dir, 'read-models.sqlite');
  let store: ReadStore | undefined;
  const release = () => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (snapshot !== undefined) copySnapshot(snapshot, file);
    store = openReadStore({ file, scratch: true });
    const scratch = store;
    // The replay continues the snapshot's builds (or fresh ones) and swaps them in at the end.
    if (snapshot === undefined) {
      scratch.write(() => {
        for (const projection of projections) scratch.createBuild(projection);
      });
    }
    const byName = new Map(projections.map((projection) => [projection.name, projection]));
    let position = snapshot?.position ?? NO_POSITION;
    let sequence = snapshot?.sequence ?? 0;
    let replayed = 0;
    let batch: RecordedEvent[] = [];
    const flush = () => {
      if (batch.length === 0) return;
      applyBatch(scratch, 'build', byName, batch, { readAfter: position });
      position = batch.at(-1)?.position ?? position;
      replayed += batch.length;
      batch = [];
    };
    for await (const event of eventStore.readAll({
      after: position === NO_POSITION ? 'start' : position,
    })) {
      if (event.recordedAt > knownAt || (upTo !== undefined && sequence >= upTo)) break;
      batch.push(event);
      sequence++;
      if (batch.length >= REPLAY_BATCH) flush();
    }
    flush();
    // One report reads this store: scanning its tables costs less than indexing them first.
    scratch.write(() => {
      for (const projection of projections) scratch.swap(projection, { indexes: false });
    });
    return {
      store: scratch,
      position: position === NO_POSITION ? null : sequence,
      storePosition: position === NO_POSITION ? null : position,
      knownAt,
      origin: snapshot === undefined ? 'replay' : 'snapshot',
      replayed,
      release,
    };
  } catch (error) {
    release();
    throw error;
  }
}
