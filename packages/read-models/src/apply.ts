/**
 * Applying a batch of events to a set of projections in ONE transaction, each projection's
 * checkpoint written with its rows. Every event is decoded once with the domain's
 * `parseStoredEvent` (upcasting old schema versions) and applied to every projection that has not
 * seen it yet: the checkpoints are re-read under the write lock, so two runners on one read store
 * (the service and a `ledger rebuild`) never apply an event twice.
 */
import { type DomainEvent, type EventEnvelope, parseStoredEvent } from '@ledger/domain';
import { isAnchor, type RecordedEvent } from '@ledger/event-store';
import type { Projection } from './projection.ts';
import type {
  BoundProjection,
  BuildKind,
  Checkpoint,
  ProjectionError,
  ReadStore,
} from './readStore.ts';

export type Decoded =
  | { readonly ok: true; readonly event: EventEnvelope<DomainEvent> }
  | { readonly ok: false; readonly message: string }
  /** The log's own bookkeeping (integrity anchors): no projection reads it. */
  | { readonly ok: 'skip' };

export const decode = (recorded: RecordedEvent): Decoded => {
  if (isAnchor(recorded)) return { ok: 'skip' };
  const parsed = parseStoredEvent(recorded);
  return parsed.ok
    ? { ok: true, event: parsed.event }
    : {
        ok: false,
        message: `cannot decode: ${parsed.issues.map((issue) => `${issue.field} ${issue.reason}`).join('; ')}`,
      };
};

/** What one batch did to one projection. */
export interface BatchProgress {
  readonly name: string;
  readonly kind: BuildKind;
  readonly checkpoint: Checkpoint;
  readonly applied: number;
  readonly errors: readonly ProjectionError[];
  /** The build became the live model in this transaction. */
  readonly swapped: boolean;
}

export interface BatchOptions {
  /** Builds only: the batch ends at the head of the log, so caught-up builds may be swapped in. */
  readonly swapWhenCaughtUp?: boolean;
  /**
   * The position the batch was read after (`NO_POSITION`: the start of the log). A model whose
   * checkpoint is behind it (a build another process started meanwhile) would miss the events
   * between: it is left alone, for a later read from its own checkpoint.
   */
  readonly readAfter?: number;
}

/** Thrown from inside the fast path when a projection's `apply` throws: the batch is redone carefully. */
class ApplyFailed extends Error {
  override readonly name = 'ApplyFailed';
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

interface Target {
  readonly projection: Projection;
  readonly checkpoint: Checkpoint;
}

/** The builds of `kind` whose projection (same name and version) this code has. */
export const targetsOf = (
  store: ReadStore,
  kind: BuildKind,
  projections: ReadonlyMap<string, Projection>,
): Target[] =>
  store.checkpoints(kind).flatMap((checkpoint) => {
    const projection = projections.get(checkpoint.name);
    return projection !== undefined && projection.version === checkpoint.version
      ? [{ projection, checkpoint }]
      : [];
  });

/** Writes what the projection held back: its own write-behind state, then buffered inserts. */
const flush = (projection: Projection, tx: BoundProjection): void => {
  projection.flush?.(tx);
  tx.flushInserts();
};

function applyTo(
  store: ReadStore,
  target: Target,
  events: readonly RecordedEvent[],
  decoded: readonly Decoded[],
  careful: boolean,
): { applied: number; errors: ProjectionError[] } {
  const { projection, checkpoint } = target;
  const tx = store.bind(projection, checkpoint.generation, checkpoint.position);
  const errors: ProjectionError[] = [];
  let applied = 0;
  for (let i = 0; i < events.length; i++) {
    const recorded = events[i] as RecordedEvent;
    if (recorded.position <= checkpoint.position) continue;
    const outcome = decoded[i] as Decoded;
    if (outcome.ok === 'skip') continue;
    if (outcome.ok === false) {
      errors.push(errorOf(projection, recorded, outcome.message));
      continue;
    }
    if (!careful) {
      try {
        projection.apply(tx, outcome.event);
      } catch (error) {
        throw new ApplyFailed(messageOf(error), { cause: error });
      }
      applied++;
      continue;
    }
    store.db.exec('SAVEPOINT rm_event');
    try {
      projection.apply(tx, outcome.event);
      flush(projection, tx);
      store.db.exec('RELEASE rm_event');
      applied++;
    } catch (error) {
      tx.dropInserts();
      store.db.exec('ROLLBACK TO rm_event');
      store.db.exec('RELEASE rm_event');
      tx.memo.clear();
      errors.push(errorOf(projection, recorded, messageOf(error)));
    }
  }
  if (!careful) {
    try {
      flush(projection, tx);
    } catch (error) {
      throw new ApplyFailed(messageOf(error), { cause: error });
    }
  }
  return { applied, errors };
}

/** How many of `events` (in log order) come after `position`. */
const eventsAfter = (events: readonly RecordedEvent[], position: number): number => {
  let first = events.length;
  while (first > 0 && (events[first - 1] as RecordedEvent).position > position) first--;
  return events.length - first;
};

const errorOf = (
  projection: Projection,
  recorded: RecordedEvent,
  message: string,
): ProjectionError => ({
  projection: projection.name,
  position: recorded.position,
  eventId: recorded.id,
  eventType: recorded.type,
  message,
});

function applyInTransaction(
  store: ReadStore,
  kind: BuildKind,
  projections: ReadonlyMap<string, Projection>,
  events: readonly RecordedEvent[],
  decoded: readonly Decoded[],
  careful: boolean,
  options: BatchOptions,
): BatchProgress[] {
  return store.write(() => {
    const targets = targetsOf(store, kind, projections).filter(
      (target) =>
        options.readAfter === undefined || target.checkpoint.position >= options.readAfter,
    );
    const last = events.at(-1);
    const progress: BatchProgress[] = [];
    for (const target of targets) {
      const { applied, errors } = applyTo(store, target, events, decoded, careful);
      let checkpoint = target.checkpoint;
      if (last !== undefined && last.position > checkpoint.position) {
        checkpoint = {
          ...checkpoint,
          position: last.position,
          sequence: checkpoint.sequence + eventsAfter(events, checkpoint.position),
          recordedAt: last.recordedAt,
          events: checkpoint.events + applied,
          errors: checkpoint.errors + errors.length,
          updatedAt: store.now(),
        };
        store.saveCheckpoint(kind, checkpoint);
        for (const error of errors) store.recordError(checkpoint.generation, error);
      }
      progress.push({
        name: target.projection.name,
        kind,
        checkpoint,
        applied,
        errors,
        swapped: false,
      });
    }
    if (kind === 'build' && options.swapWhenCaughtUp === true) {
      return swapCaughtUp(store, projections, progress);
    }
    return progress;
  });
}

/**
 * A build that has read the whole log may replace the live model once it is at least as far
 * along as every live model: the live runner then keeps delivering it everything after that.
 */
function swapCaughtUp(
  store: ReadStore,
  projections: ReadonlyMap<string, Projection>,
  progress: BatchProgress[],
): BatchProgress[] {
  const livePositions = store.checkpoints('live').map((checkpoint) => checkpoint.position);
  const furthestLive =
    livePositions.length === 0 ? Number.NEGATIVE_INFINITY : Math.max(...livePositions);
  return progress.map((entry) => {
    const projection = projections.get(entry.name);
    if (projection === undefined || entry.checkpoint.position < furthestLive) return entry;
    return { ...entry, kind: 'live', checkpoint: store.swap(projection), swapped: true };
  });
}

/**
 * Applies `events` (in log order) to every build of `kind` in one transaction. Fast path first;
 * when a projection throws, the transaction is rolled back and the batch is redone with a
 * savepoint around each event, so the failing events are skipped and recorded, and the rest apply.
 */
export function applyBatch(
  store: ReadStore,
  kind: BuildKind,
  projections: ReadonlyMap<string, Projection>,
  events: readonly RecordedEvent[],
  options: BatchOptions = {},
): BatchProgress[] {
  const decoded = events.map(decode);
  let progress: BatchProgress[];
  try {
    progress = applyInTransaction(store, kind, projections, events, decoded, false, options);
  } catch (error) {
    store.forgetMemos();
    if (!(error instanceof ApplyFailed)) throw error;
    try {
      progress = applyInTransaction(store, kind, projections, events, decoded, true, options);
    } catch (again) {
      store.forgetMemos();
      throw again;
    }
  }
  store.committed(
    progress.map((entry) => ({
      name: entry.name,
      generation: entry.checkpoint.generation,
      position: entry.checkpoint.position,
    })),
  );
  return progress;
}
