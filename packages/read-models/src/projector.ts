/**
 * The runner: keeps the read models of a read store up to date with the global log.
 *
 * - Live models follow the log through `subscribeToAll` from their checkpoints (catch-up, then
 *   live), many events per transaction.
 * - New projections, and projections whose version changed, are built beside the live models from
 *   the start of the log (`readAll` in large batches) and swapped in when caught up; so are
 *   projections named in a rebuild request. A build interrupted by a crash resumes from its own
 *   checkpoint.
 * - Every `snapshotEvery` events, the projections reports read are copied into a snapshot (see
 *   snapshots.ts) for fast "as known at T" reports.
 */
import type { EventStore, RecordedEvent, Subscription } from '@ledger/event-store';
import { applyBatch, type BatchProgress, targetsOf } from './apply.ts';
import { BackgroundSnapshots } from './backgroundSnapshots.ts';
import { checkProjectionSet, type Projection } from './projection.ts';
import { builtInProjections, reportProjections } from './projections/index.ts';
import { type Checkpoint, NO_POSITION, type ProjectionError, type ReadStore } from './readStore.ts';
import { planSnapshot, removeStaleSnapshots, removeUnfinishedSnapshots } from './snapshots.ts';

export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly [field: string]: unknown;
}

export type Logger = (entry: LogEntry) => void;

export interface BuildProgress {
  /** Projections being built, with their checkpoints. */
  readonly builds: readonly Checkpoint[];
  /** Last position of the log when the batch was read (`null` for an empty log). */
  readonly head: number | null;
  /** Events read from the log in this batch. */
  readonly read: number;
  /** Errors recorded by this batch, one per failed event and projection. */
  readonly errors: readonly ProjectionError[];
  /** Projections swapped in by this batch. */
  readonly swapped: readonly string[];
}

export interface BuildSummary {
  readonly swapped: readonly string[];
  readonly events: number;
  readonly errors: number;
}

export interface ProjectorOptions {
  readonly readStore: ReadStore;
  readonly eventStore: EventStore;
  /** Defaults to every built-in read model. */
  readonly projections?: readonly Projection[];
  /** Live: most events per transaction. Default 1,000. */
  readonly batchSize?: number;
  /** Builds: events per transaction. Default 50,000. */
  readonly buildBatchSize?: number;
  /** Live: how long a started batch waits for more events before committing. Default 20 ms. */
  readonly flushMs?: number;
  /** Events between two snapshots of the report projections; 0 turns snapshots off. Default 40,000. */
  readonly snapshotEvery?: number;
  /** The projections a snapshot copies. Default: those the reports read. */
  readonly snapshotProjections?: readonly Projection[];
  readonly log?: Logger;
}

export interface Projector {
  /**
   * Starts a build for every projection that has no live model yet, or whose live model has
   * another version. Returns their names.
   */
  prepare(): string[];
  /** Starts rebuilds of the named projections (all of them when none is named). Returns the names. */
  requestRebuild(names?: readonly string[]): string[];
  /** Runs the pending builds until each is swapped in. */
  build(options?: {
    readonly signal?: AbortSignal;
    readonly onProgress?: (progress: BuildProgress) => void;
  }): Promise<BuildSummary>;
  /** Brings the live models to the head of the log as it is now, then returns. */
  catchUp(): Promise<number>;
  /** The service loop: `prepare`, then build and follow the log until `signal` aborts. */
  run(signal: AbortSignal): Promise<void>;
}

const positiveInteger = (value: number | undefined, fallback: number, field: string): number => {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`createProjector: ${field} must be a whole number, 0 or more`);
  }
  return value;
};

/** Progress lines in the log at most this often. */
const PROGRESS_LOG_MS = 2_000;

const afterOf = (position: number): number | 'start' =>
  position === NO_POSITION ? 'start' : position;

export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
}

export function createProjector(options: ProjectorOptions): Projector {
  const { readStore: store, eventStore } = options;
  const projections = options.projections ?? builtInProjections;
  checkProjectionSet(projections);
  const byName = new Map(projections.map((projection) => [projection.name, projection]));
  const batchSize = Math.max(1, positiveInteger(options.batchSize, 1_000, 'batchSize'));
  const buildBatchSize = Math.max(
    1,
    positiveInteger(options.buildBatchSize, 50_000, 'buildBatchSize'),
  );
  const flushMs = positiveInteger(options.flushMs, 20, 'flushMs');
  const snapshotEvery = positiveInteger(options.snapshotEvery, 40_000, 'snapshotEvery');
  const snapshotSet = (options.snapshotProjections ?? reportProjections).filter(
    (projection) => byName.get(projection.name) === projection,
  );
  const log: Logger = options.log ?? (() => {});

  const reportErrors = (progress: readonly BatchProgress[]): ProjectionError[] => {
    const errors = progress.flatMap((entry) => entry.errors);
    for (const error of errors) {
      log({ level: 'warn', msg: 'event skipped by projection', ...error });
    }
    for (const entry of progress) {
      if (entry.swapped) {
        log({
          level: 'info',
          msg: 'rebuild swapped in',
          projection: entry.name,
          version: entry.checkpoint.version,
          position: entry.checkpoint.position,
          events: entry.checkpoint.events,
          errors: entry.checkpoint.errors,
        });
      }
    }
    return errors;
  };

  let sinceSnapshot = 0;
  const snapshots = new BackgroundSnapshots({
    taken: (snapshot) => log({ level: 'info', msg: 'snapshot taken', ...snapshot }),
    failed: (message) => log({ level: 'warn', msg: 'snapshot failed', error: message }),
  });
  /**
   * Every `snapshotEvery` events, a snapshot of the report projections, rebuilt or live: written
   * beside the runner, which waits only for the copy to pin the current state (and for the
   * previous snapshot, when that one is still being written).
   */
  const maybeSnapshot = async (events: number): Promise<void> => {
    if (snapshotEvery === 0 || snapshotSet.length === 0 || store.scratch) return;
    sinceSnapshot += events;
    if (sinceSnapshot < snapshotEvery) return;
    await snapshots.settle();
    const request =
      planSnapshot(store, snapshotSet, 'build') ?? planSnapshot(store, snapshotSet, 'live');
    if (request !== null && (await snapshots.start(request))) sinceSnapshot = 0;
  };

  const prepare = (): string[] => {
    removeUnfinishedSnapshots(store.snapshotDir);
    if (snapshotSet.length > 0) removeStaleSnapshots(store.snapshotDir, snapshotSet);
    return store.write(() => {
      const started: string[] = [];
      for (const projection of projections) {
        const live = store.checkpoint('live', projection.name);
        const build = store.checkpoint('build', projection.name);
        if (live?.version === projection.version) {
          if (build !== undefined && build.version !== projection.version) {
            store.discardBuild(projection);
          }
          continue;
        }
        if (build?.version === projection.version) continue;
        store.createBuild(projection);
        started.push(projection.name);
        log({
          level: 'info',
          msg:
            live === undefined
              ? 'new projection: replaying history'
              : 'version changed: rebuilding',
          projection: projection.name,
          version: projection.version,
          ...(live === undefined ? {} : { from: live.version }),
        });
      }
      return started;
    });
  };

  const requestRebuild = (names: readonly string[] = []): string[] => {
    for (const name of names) {
      if (!byName.has(name)) {
        throw new UnknownProjectionError(
          `unknown projection "${name}"; the projections are ${[...byName.keys()].join(', ')}`,
        );
      }
    }
    const chosen =
      names.length === 0 ? projections : names.map((name) => byName.get(name) as Projection);
    store.write(() => {
      for (const projection of chosen) store.createBuild(projection);
    });
    for (const projection of chosen) {
      log({ level: 'info', msg: 'rebuild requested', projection: projection.name });
    }
    return chosen.map((projection) => projection.name);
  };

  /** One build batch: read from the furthest-behind build, apply, swap what has caught up. */
  const buildStep = async (): Promise<BuildProgress | null> => {
    const builds = targetsOf(store, 'build', byName);
    if (builds.length === 0) return null;
    const from = Math.min(...builds.map((build) => build.checkpoint.position));
    const head = await eventStore.headPosition();
    const events: RecordedEvent[] = [];
    for await (const event of eventStore.readAll({
      after: afterOf(from),
      maxCount: buildBatchSize,
    })) {
      events.push(event);
    }
    const caughtUp = events.length < buildBatchSize;
    const progress = applyBatch(store, 'build', byName, events, {
      swapWhenCaughtUp: caughtUp,
      readAfter: from,
    });
    const errors = reportErrors(progress);
    await maybeSnapshot(events.length);
    return {
      builds: store.checkpoints('build').filter((checkpoint) => byName.has(checkpoint.name)),
      head,
      read: events.length,
      errors,
      swapped: progress.filter((entry) => entry.swapped).map((entry) => entry.name),
    };
  };

  const build: Projector['build'] = async (buildOptions = {}) => {
    const swapped: string[] = [];
    let events = 0;
    let errors = 0;
    let lastLog = 0;
    for (;;) {
      if (buildOptions.signal?.aborted === true) break;
      const progress = await buildStep();
      if (progress === null) break;
      swapped.push(...progress.swapped);
      errors += progress.errors.length;
      events += progress.read;
      buildOptions.onProgress?.(progress);
      if (Date.now() - lastLog >= PROGRESS_LOG_MS && progress.builds.length > 0) {
        lastLog = Date.now();
        log({
          level: 'info',
          msg: 'rebuilding',
          projections: progress.builds.map((checkpoint) => checkpoint.name),
          position: Math.min(...progress.builds.map((checkpoint) => checkpoint.position)),
          head: progress.head,
        });
      }
    }
    await snapshots.settle();
    return { swapped, events, errors };
  };

  const catchUp = async (): Promise<number> => {
    let applied = 0;
    for (;;) {
      const live = targetsOf(store, 'live', byName);
      if (live.length === 0) break;
      const from = Math.min(...live.map((target) => target.checkpoint.position));
      const events: RecordedEvent[] = [];
      for await (const event of eventStore.readAll({
        after: afterOf(from),
        maxCount: buildBatchSize,
      })) {
        events.push(event);
      }
      if (events.length === 0) break;
      reportErrors(applyBatch(store, 'live', byName, events, { readAfter: from }));
      await maybeSnapshot(events.length);
      applied += events.length;
    }
    await snapshots.settle();
    return applied;
  };

  const run = async (signal: AbortSignal): Promise<void> => {
    prepare();
    const follower = new LiveFollower(eventStore);
    let lastProgressLog = 0;
    try {
      while (!signal.aborted) {
        const building = targetsOf(store, 'build', byName).length > 0;
        if (building) {
          const progress = await buildStep();
          if (
            progress !== null &&
            progress.builds.length > 0 &&
            Date.now() - lastProgressLog >= PROGRESS_LOG_MS
          ) {
            lastProgressLog = Date.now();
            log({
              level: 'info',
              msg: 'rebuild progress',
              projections: progress.builds.map((checkpoint) => checkpoint.name),
              position: Math.min(...progress.builds.map((checkpoint) => checkpoint.position)),
              head: progress.head,
            });
          }
        }
        const live = targetsOf(store, 'live', byName);
        if (live.length === 0) {
          if (!building) await sleep(200, signal);
          continue;
        }
        await follower.follow(Math.min(...live.map((target) => target.checkpoint.position)));
        const readAfter = follower.cursor;
        const events = await follower.take({
          max: batchSize,
          firstWaitMs: building ? 0 : 1_000,
          flushMs,
          signal,
        });
        if (events.length === 0) continue;
        reportErrors(applyBatch(store, 'live', byName, events, { readAfter }));
        await maybeSnapshot(events.length);
      }
    } finally {
      await follower.close();
      await snapshots.close();
    }
  };

  return { prepare, requestRebuild, build, catchUp, run };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

const TIMEOUT = Symbol('timeout');

/** The live subscription, read in batches: wait for a first event, then take what comes quickly. */
class LiveFollower {
  readonly #eventStore: EventStore;
  #subscription: Subscription | undefined;
  #iterator: AsyncIterator<RecordedEvent> | undefined;
  #pending: Promise<IteratorResult<RecordedEvent>> | undefined;
  #cursor = NO_POSITION;

  constructor(eventStore: EventStore) {
    this.#eventStore = eventStore;
  }

  /** The position of the last event taken (or the one followed from): the next batch comes after it. */
  get cursor(): number {
    return this.#cursor;
  }

  /**
   * Follows the log from the furthest-behind live checkpoint. The subscription is kept while no
   * live model falls behind it; one that does (swapped in by another process) restarts it there.
   */
  async follow(position: number): Promise<void> {
    if (this.#subscription !== undefined && position >= this.#cursor) return;
    await this.close();
    this.#subscription = this.#eventStore.subscribeToAll({ after: afterOf(position) });
    this.#iterator = this.#subscription[Symbol.asyncIterator]();
    this.#cursor = position;
  }

  async take(options: {
    readonly max: number;
    readonly firstWaitMs: number;
    readonly flushMs: number;
    readonly signal: AbortSignal;
  }): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    const first = await this.#next(sleep(options.firstWaitMs, options.signal));
    if (first === TIMEOUT) return events;
    events.push(first);
    const flush = sleep(options.flushMs, options.signal);
    while (events.length < options.max) {
      const next = await this.#next(flush);
      if (next === TIMEOUT) break;
      events.push(next);
    }
    this.#cursor = events.at(-1)?.position ?? this.#cursor;
    return events;
  }

  async #next(deadline: Promise<void>): Promise<RecordedEvent | typeof TIMEOUT> {
    const iterator = this.#iterator;
    if (iterator === undefined) return TIMEOUT;
    this.#pending ??= iterator.next();
    const outcome = await Promise.race([this.#pending, deadline.then(() => TIMEOUT)]);
    if (typeof outcome === 'symbol') return TIMEOUT;
    this.#pending = undefined;
    if (outcome.done === true) throw new Error('the subscription to the global log ended');
    return outcome.value;
  }

  async close(): Promise<void> {
    // A read still waiting on the closed subscription settles with nothing to deliver.
    this.#pending?.catch(() => {});
    this.#pending = undefined;
    this.#iterator = undefined;
    await this.#subscription?.close();
    this.#subscription = undefined;
  }
}

export interface RebuildResult extends BuildSummary {
  /** Every error the rebuilt models recorded, in log order: one per skipped event and model. */
  readonly errorList: readonly ProjectionError[];
}

/**
 * `ledger rebuild [projection…]`: rebuilds the named projections (all when none is named) beside
 * the live ones and swaps each in when caught up. Safe while a projector service runs on the same
 * read store: both advance the build, neither applies an event twice.
 */
export async function rebuildProjections(
  options: ProjectorOptions & {
    readonly names?: readonly string[];
    readonly signal?: AbortSignal;
    readonly onProgress?: (progress: BuildProgress) => void;
  },
): Promise<RebuildResult> {
  const projector = createProjector(options);
  const names = projector.requestRebuild(options.names);
  const summary = await projector.build({
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  const errorList = names.flatMap((name) => {
    const live = options.readStore.checkpoint('live', name);
    return live === undefined ? [] : options.readStore.errors(name, live.generation);
  });
  return { ...summary, errorList };
}
