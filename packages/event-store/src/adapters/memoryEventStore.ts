/**
 * In-memory adapter for unit tests: same semantics as the durable adapters (it passes the same
 * conformance suite), nothing survives the process. Data and metadata are kept as JSON text and
 * parsed on every read, so callers can neither share nor mutate stored state, as with a real store.
 */
import { decideAppend } from '../appendDecision.ts';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors.ts';
import {
  type AppendInput,
  checkAppend,
  checkAppendMany,
  checkAppendManyEncoded,
  checkReadAll,
  checkReadStream,
  checkStreamId,
  checkSubscribe,
  matchesFilter,
  type NormalisedFilter,
} from '../input.ts';
import { CommitSignal, type LogPage, LogSubscription } from '../logFollower.ts';
import type {
  AppendOptions,
  AppendRequest,
  AppendResult,
  EncodedAppendRequest,
  EventData,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../port.ts';

export interface MemoryEventStoreOptions {
  /** The store's clock for `recordedAt`; defaults to the system clock. */
  readonly clock?: () => Date;
}

interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly recordedAt: string;
  readonly data: string;
  readonly metadata: string;
}

interface StoredStream {
  readonly events: StoredEvent[];
  /** First event id of each append → the revision that append started at. */
  readonly appendStarts: Map<string, number>;
}

const decode = (event: StoredEvent): RecordedEvent => ({
  id: event.id,
  type: event.type,
  streamId: event.streamId,
  revision: event.revision,
  position: event.position,
  recordedAt: event.recordedAt,
  data: JSON.parse(event.data),
  metadata: JSON.parse(event.metadata),
});

export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): EventStore {
  return new MemoryEventStore(options.clock ?? (() => new Date()));
}

class MemoryEventStore implements EventStore {
  readonly capabilities = { atomicMultiStreamAppend: true } as const;
  readonly #clock: () => Date;
  /** The global log; an event's position is its index + 1. */
  readonly #log: StoredEvent[] = [];
  readonly #streams = new Map<string, StoredStream>();
  readonly #signal = new CommitSignal();
  readonly #subscriptions = new Set<LogSubscription<StoredEvent>>();
  #closed = false;

  constructor(clock: () => Date) {
    this.#clock = clock;
  }

  async appendToStream(
    streamId: string,
    events: readonly EventData[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const input = checkAppend(streamId, events, options);
    return this.#transaction((append) => append(input));
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    const inputs = checkAppendMany(requests);
    this.#assertOpen();
    if (inputs.length === 0) return [];
    return this.#transaction((append) => inputs.map(append));
  }

  async appendManyEncoded(requests: readonly EncodedAppendRequest[]): Promise<AppendResult[]> {
    const inputs = checkAppendManyEncoded(requests, true);
    this.#assertOpen();
    if (inputs.length === 0) return [];
    return this.#transaction((append) => inputs.map(append));
  }

  /**
   * Runs `work` as one transaction: if it throws, everything it appended is taken back before
   * anyone can see it (nothing here awaits, so no reader runs in between).
   */
  #transaction<T>(work: (append: (input: AppendInput) => AppendResult) => T): T {
    this.#assertOpen();
    const logLength = this.#log.length;
    const undo: (() => void)[] = [];
    let recordedAt: string | undefined;
    const append = (input: AppendInput): AppendResult =>
      this.#append(input, undo, () => {
        recordedAt ??= this.#nextRecordedAt();
        return recordedAt;
      });
    let result: T;
    try {
      result = work(append);
    } catch (error) {
      for (const step of undo.reverse()) step();
      this.#log.length = logLength;
      throw error;
    }
    if (this.#log.length > logLength) this.#signal.notify();
    return result;
  }

  #append(input: AppendInput, undo: (() => void)[], recordedAt: () => string): AppendResult {
    const stream = this.#streams.get(input.streamId);
    const ids = input.events.map((event) => event.id);
    const current = stream === undefined ? 'no_stream' : stream.events.length - 1;
    const decision = decideAppend(input.expected, ids, {
      current,
      startOfEarlierAppend: () =>
        ids[0] === undefined ? undefined : stream?.appendStarts.get(ids[0]),
      storedIds: (revision, count) =>
        (stream?.events ?? []).slice(revision, revision + count).map((event) => event.id),
    });
    switch (decision.kind) {
      case 'conflict':
        throw new WrongExpectedRevisionError(input.streamId, input.expected, current);
      case 'already_written': {
        const last = stream?.events[decision.lastRevision];
        if (last === undefined) throw new Error('memory store: idempotent append lost its events');
        return { nextExpectedRevision: last.revision, position: last.position };
      }
      case 'write':
        break;
      default:
        return decision satisfies never;
    }
    let target = stream;
    if (target === undefined) {
      target = { events: [], appendStarts: new Map() };
      this.#streams.set(input.streamId, target);
      undo.push(() => this.#streams.delete(input.streamId));
    }
    const firstRevision = target.events.length;
    const firstId = ids[0] ?? '';
    const replacedStart = target.appendStarts.get(firstId);
    const written = target;
    undo.push(() => {
      written.events.length = firstRevision;
      if (replacedStart === undefined) written.appendStarts.delete(firstId);
      else written.appendStarts.set(firstId, replacedStart);
    });
    const stamp = recordedAt();
    for (const event of input.events) {
      const stored: StoredEvent = {
        ...event,
        streamId: input.streamId,
        revision: target.events.length,
        position: this.#log.length + 1,
        recordedAt: stamp,
      };
      target.events.push(stored);
      this.#log.push(stored);
    }
    target.appendStarts.set(firstId, firstRevision);
    return { nextExpectedRevision: target.events.length - 1, position: this.#log.length };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult> {
    const id = checkStreamId(streamId, 'readStream');
    const { direction, fromRevision, maxCount } = checkReadStream(options);
    this.#assertOpen();
    const stream = this.#streams.get(id);
    if (stream === undefined) return { status: 'not_found', streamId: id };
    const { events } = stream;
    let selected: StoredEvent[];
    if (direction === 'forwards') {
      const from =
        fromRevision === 'start' ? 0 : fromRevision === 'end' ? events.length : fromRevision;
      selected = events.slice(from, from + maxCount);
    } else {
      const from =
        fromRevision === 'end' ? events.length - 1 : fromRevision === 'start' ? 0 : fromRevision;
      const end = Math.min(from, events.length - 1) + 1;
      selected = events.slice(Math.max(0, end - maxCount), end).reverse();
    }
    return { status: 'found', streamId: id, events: selected.map(decode) };
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    const { direction, after, maxCount, filter } = checkReadAll(options);
    this.#assertOpen();
    return this.#readAll(direction, after, maxCount, filter);
  }

  async *#readAll(
    direction: 'forwards' | 'backwards',
    after: number | 'start' | 'end',
    maxCount: number,
    filter: NormalisedFilter,
  ): AsyncGenerator<RecordedEvent> {
    const log = this.#log;
    const head = log.length;
    let remaining = maxCount;
    if (direction === 'forwards') {
      const from = after === 'start' ? 0 : after === 'end' ? head : after;
      for (let index = from; index < head && remaining > 0; index++) {
        const event = log[index];
        if (event !== undefined && matchesFilter(filter, event.streamId, event.type)) {
          remaining--;
          yield decode(event);
        }
      }
    } else {
      const before = after === 'end' ? head + 1 : after === 'start' ? 1 : Math.min(after, head + 1);
      for (let index = before - 2; index >= 0 && remaining > 0; index--) {
        const event = log[index];
        if (event !== undefined && matchesFilter(filter, event.streamId, event.type)) {
          remaining--;
          yield decode(event);
        }
      }
    }
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    const { after, filter } = checkSubscribe(options);
    this.#assertOpen();
    const start = after === 'start' ? 0 : after === 'end' ? this.#log.length : after;
    const subscription = new LogSubscription<StoredEvent>(
      {
        readPage: (cursor, limit) => this.#page(cursor, limit, filter),
        decode,
        signal: this.#signal,
        pollIntervalMs: undefined,
      },
      start,
      (ended) => this.#subscriptions.delete(ended),
    );
    this.#subscriptions.add(subscription);
    return subscription;
  }

  #page(after: number, limit: number, filter: NormalisedFilter): LogPage<StoredEvent> {
    const rows: StoredEvent[] = [];
    let index = after;
    while (index < this.#log.length && rows.length < limit) {
      const event = this.#log[index];
      index++;
      if (event !== undefined && matchesFilter(filter, event.streamId, event.type))
        rows.push(event);
    }
    return { rows, scannedThrough: index };
  }

  async headPosition(): Promise<number | null> {
    this.#assertOpen();
    return this.#log.length === 0 ? null : this.#log.length;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.close()));
  }

  /** Transaction time never runs backwards along the log, even if the wall clock does. */
  #nextRecordedAt(): string {
    const now = this.#clock().toISOString();
    const last = this.#log.at(-1)?.recordedAt;
    return last !== undefined && last > now ? last : now;
  }

  #assertOpen(): void {
    if (this.#closed) throw new EventStoreUnavailableError('in-memory event store is closed');
  }
}
