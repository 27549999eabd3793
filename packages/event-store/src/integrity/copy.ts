/**
 * Copying a log into another store losing nothing: the same events, ids, streams, revisions,
 * order, metadata (hash-chain links included) and recorded-at. The target must be opened with the
 * replay clock this module hands out (`replayClock`), which gives each append the recorded-at of
 * the events it copies; events recorded in the same instant are appended together.
 *
 * A copy can be interrupted at any point and run again: what the target already holds must be
 * the start of the source (checked event by event), and the copy continues after it.
 */
import type { AppendRequest, EventStore, RecordedEvent } from '../port.ts';
import { type Verification, verifyEvents } from './verify.ts';

export interface ReplayClock {
  readonly clock: () => Date;
  set(instant: string): void;
}

/** A clock that tells the instant it was last set to: the recorded-at of the events being copied. */
export const replayClock = (): ReplayClock => {
  let now = new Date(0);
  return {
    clock: () => now,
    set: (instant) => {
      now = new Date(instant);
    },
  };
};

/** The target holds events that are not the start of the source: nothing is copied. */
export class CopyMismatchError extends Error {
  override readonly name = 'CopyMismatchError';
}

export interface CopyProgress {
  /** Source events read so far. */
  readonly read: number;
  /** Events the target already held (a resumed copy). */
  readonly kept: number;
  readonly copied: number;
  readonly position: number;
}

export interface CopyOptions {
  readonly source: AsyncIterable<RecordedEvent>;
  /** Opened with `replay.clock`. */
  readonly target: EventStore;
  readonly replay: ReplayClock;
  /** Most events per append. Default 2,000. */
  readonly batch?: number;
  readonly onProgress?: (progress: CopyProgress) => void;
  readonly signal?: AbortSignal;
}

export interface CopyResult {
  readonly read: number;
  readonly kept: number;
  readonly copied: number;
}

const describe = (event: RecordedEvent): string =>
  `${event.id} (${event.type}, ${event.streamId}@${event.revision})`;

export async function copyLog(options: CopyOptions): Promise<CopyResult> {
  const { target, replay } = options;
  const batchSize = Math.max(1, options.batch ?? 2_000);
  const held = target.readAll()[Symbol.asyncIterator]();
  let targetDone = false;
  let read = 0;
  let kept = 0;
  let copied = 0;
  let pending: RecordedEvent[] = [];

  const flush = async () => {
    const first = pending[0];
    if (first === undefined) return;
    replay.set(first.recordedAt);
    const requests: AppendRequest[] = pending.map((event) => ({
      streamId: event.streamId,
      events: [{ id: event.id, type: event.type, data: event.data, metadata: event.metadata }],
      expectedRevision: event.revision === 0 ? 'no_stream' : event.revision - 1,
    }));
    await target.appendMany(requests);
    copied += pending.length;
    pending = [];
  };

  for await (const event of options.source) {
    options.signal?.throwIfAborted();
    read++;
    if (!targetDone) {
      const next = await held.next();
      if (next.done === true) {
        targetDone = true;
      } else {
        const stored = next.value;
        if (
          stored.id !== event.id ||
          stored.streamId !== event.streamId ||
          stored.revision !== event.revision ||
          stored.recordedAt !== event.recordedAt
        ) {
          await held.return?.();
          throw new CopyMismatchError(
            `the target's event #${read} is ${describe(stored)} recorded at ${stored.recordedAt}, but the source's is ${describe(event)} recorded at ${event.recordedAt}: the target holds another log`,
          );
        }
        kept++;
        continue;
      }
    }
    if (
      pending.length > 0 &&
      (pending[0]?.recordedAt !== event.recordedAt || pending.length >= batchSize)
    ) {
      await flush();
      options.onProgress?.({ read, kept, copied, position: event.position });
    }
    pending.push(event);
  }
  await flush();
  if (!targetDone) {
    const extra = await held.next();
    await held.return?.();
    if (extra.done !== true) {
      throw new CopyMismatchError(
        `the target holds more events than the source (from ${describe(extra.value)} on): it is another log`,
      );
    }
  }
  return { read, kept, copied };
}

/** Both logs verify and fold to the same digest: the copy is the log it copied. */
export async function compareLogs(
  source: AsyncIterable<RecordedEvent>,
  target: AsyncIterable<RecordedEvent>,
): Promise<{
  readonly source: Verification;
  readonly target: Verification;
  readonly same: boolean;
}> {
  const [from, to] = await Promise.all([verifyEvents(source), verifyEvents(target)]);
  return {
    source: from,
    target: to,
    same: from.ok && to.ok && from.digest === to.digest && from.events === to.events,
  };
}
