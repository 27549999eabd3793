/**
 * Where each read model stands against the log: position, lag, errors, and any rebuild under way.
 */
import type { EventStore } from '@ledger/event-store';
import type { Projection } from './projection.ts';
import { builtInProjections, reportProjections } from './projections/index.ts';
import { type Checkpoint, NO_POSITION, type ReadStore } from './readStore.ts';
import { listSnapshots } from './snapshots.ts';

/** How far a checkpoint is behind the head of the log. */
export interface Lag {
  /** Events after the checkpoint, counted up to `LAG_COUNT_LIMIT`. */
  readonly events: number;
  /** True when there are more than `LAG_COUNT_LIMIT` events: `events` is then a lower bound. */
  readonly atLeast: boolean;
  /** Milliseconds between the checkpoint's event and the head's `recordedAt`; null if unknown. */
  readonly ms: number | null;
}

export interface BuildStatus {
  readonly version: number;
  readonly position: number | null;
  readonly events: number;
  readonly errors: number;
  readonly lag: Lag;
}

export interface ProjectionStatus {
  readonly name: string;
  /** The version this code applies. */
  readonly version: number;
  /**
   * `live`: following the log; `outdated`: the live model has another version and a rebuild
   * replaces it; `building`: no live model yet; `missing`: neither (the service has not run).
   */
  readonly state: 'live' | 'outdated' | 'building' | 'missing';
  readonly live: (BuildStatus & { readonly updatedAt: string }) | null;
  readonly build: BuildStatus | null;
}

export interface ProjectorStatus {
  readonly head: { readonly position: number; readonly recordedAt: string } | null;
  readonly projections: readonly ProjectionStatus[];
  readonly snapshots: number;
  /** The last heartbeat of a projector service on this read store, if any. */
  readonly service: {
    readonly pid: number;
    readonly startedAt: string;
    readonly heartbeatAt: string;
  } | null;
}

export const LAG_COUNT_LIMIT = 100_000;

async function lagOf(
  eventStore: EventStore,
  checkpoint: Checkpoint,
  head: ProjectorStatus['head'],
): Promise<Lag> {
  if (head === null || checkpoint.position >= head.position) {
    return { events: 0, atLeast: false, ms: 0 };
  }
  let events = 0;
  for await (const _ of eventStore.readAll({
    after: checkpoint.position === NO_POSITION ? 'start' : checkpoint.position,
    maxCount: LAG_COUNT_LIMIT + 1,
  })) {
    events++;
  }
  return {
    events: Math.min(events, LAG_COUNT_LIMIT),
    atLeast: events > LAG_COUNT_LIMIT,
    ms:
      checkpoint.recordedAt === null
        ? null
        : Date.parse(head.recordedAt) - Date.parse(checkpoint.recordedAt),
  };
}

const SERVICE_KEY = 'service';

/** Records that a projector service runs on this store (read back by `projectorStatus`). */
export function writeHeartbeat(
  store: ReadStore,
  service: { pid: number; startedAt: string },
): void {
  store.write(() => {
    store.setMeta(SERVICE_KEY, JSON.stringify({ ...service, heartbeatAt: store.now() }));
  });
}

export async function projectorStatus(options: {
  readonly readStore: ReadStore;
  readonly eventStore: EventStore;
  readonly projections?: readonly Projection[];
}): Promise<ProjectorStatus> {
  const { readStore: store, eventStore } = options;
  const projections = options.projections ?? builtInProjections;
  let head: ProjectorStatus['head'] = null;
  for await (const event of eventStore.readAll({
    direction: 'backwards',
    after: 'end',
    maxCount: 1,
  })) {
    head = { position: event.position, recordedAt: event.recordedAt };
  }
  const statuses: ProjectionStatus[] = [];
  // Models usually share a position: count the events behind each position once.
  const lags = new Map<number, Promise<Lag>>();
  const lagAt = (checkpoint: Checkpoint): Promise<Lag> => {
    let lag = lags.get(checkpoint.position);
    if (lag === undefined) {
      lag = lagOf(eventStore, checkpoint, head);
      lags.set(checkpoint.position, lag);
    }
    return lag;
  };
  for (const projection of projections) {
    const live = store.checkpoint('live', projection.name);
    const build = store.checkpoint('build', projection.name);
    const state =
      live === undefined
        ? build === undefined
          ? 'missing'
          : 'building'
        : live.version === projection.version
          ? 'live'
          : 'outdated';
    const describe = async (checkpoint: Checkpoint): Promise<BuildStatus> => ({
      version: checkpoint.version,
      position: checkpoint.position === NO_POSITION ? null : checkpoint.position,
      events: checkpoint.events,
      errors: checkpoint.errors,
      lag: await lagAt(checkpoint),
    });
    statuses.push({
      name: projection.name,
      version: projection.version,
      state,
      live: live === undefined ? null : { ...(await describe(live)), updatedAt: live.updatedAt },
      build: build === undefined ? null : await describe(build),
    });
  }
  const service = store.meta(SERVICE_KEY);
  return {
    head,
    projections: statuses,
    snapshots: listSnapshots(store.snapshotDir, reportProjections).length,
    service: service === undefined ? null : (JSON.parse(service) as ProjectorStatus['service']),
  };
}
