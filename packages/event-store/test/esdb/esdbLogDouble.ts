/**
 * The in-memory transaction log behind the EventStoreDB server double (see `esdbServerDouble.ts`).
 * It is a test double, not a store: it keeps only what the gRPC surface needs to answer the
 * way a real EventStoreDB/KurrentDB node does.
 *
 * Semantics taken from the server sources (EventStore/EventStore, `IndexWriter.CheckCommit`,
 * `AllReader`, `Enumerators.*`):
 * - positions are byte offsets in the log; every event written through gRPC is its own committed
 *   record, so its commit and prepare positions are equal;
 * - an append's expected revision is checked against the stream's last revision; `stream_exists`
 *   on an existing stream behaves as `any`;
 * - idempotency: with a numeric (or `no_stream`) expectation older than the stream, the append is a
 *   no-op success when the events already stored at the expected slots carry the same ids; with
 *   `any`, when every id is already in the stream; a partial match is a wrong expected version;
 * - reading `$all` forwards from a position includes the event at that position, backwards
 *   excludes it; a subscription from a position starts strictly after it.
 */

/** A position in the global log, as the protocol carries it. */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface StoredEvent {
  /** Lower-case canonical UUID. */
  readonly id: string;
  readonly streamId: string;
  readonly revision: bigint;
  /** Commit and prepare position (equal for every record this double writes). */
  readonly position: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server reports `created`. */
  readonly createdTicks: bigint;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export type ExpectedState =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export type AppendOutcome =
  | {
      readonly kind: 'written' | 'idempotent';
      /** Revision of the last event of the batch; `undefined` when the stream is still empty. */
      readonly currentRevision: bigint | undefined;
      /** Position of the last event of the batch; `undefined` when nothing was (or had been) written. */
      readonly position: bigint | undefined;
    }
  | {
      readonly kind: 'wrong_expected_version';
      /** Last revision of the stream, `undefined` when it has no events. */
      readonly currentRevision: bigint | undefined;
    };

export type Direction = 'forwards' | 'backwards';

export interface EventFilterSpec {
  readonly on: 'stream' | 'event_type';
  readonly prefixes: readonly string[];
  /** When non-empty, replaces the prefixes (the server's rule). */
  readonly regex: string;
}

/** Size of the fixed part of a prepare record; only used so positions look like byte offsets. */
const RECORD_OVERHEAD = 100n;
/** Where the first record lands: a real log starts with a chunk header and the epoch record. */
const FIRST_RECORD_POSITION = 128n;
const TICKS_PER_MILLISECOND = 10_000n;

export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function positionOf(event: StoredEvent): LogPosition {
  return { commit: event.position, prepare: event.position };
}

export function matchesFilter(event: StoredEvent, filter: EventFilterSpec | undefined): boolean {
  if (filter === undefined) return true;
  const subject = filter.on === 'stream' ? event.streamId : event.type;
  if (filter.regex !== '') return new RegExp(filter.regex).test(subject);
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
}

export class EsdbLogDouble {
  readonly #log: StoredEvent[] = [];
  readonly #streams = new Map<string, StoredEvent[]>();
  readonly #listeners = new Set<() => void>();
  readonly #clock: () => number;
  #nextPosition: bigint;

  constructor({
    clock = Date.now,
    firstPosition = FIRST_RECORD_POSITION,
  }: { readonly clock?: () => number; readonly firstPosition?: bigint } = {}) {
    this.#clock = clock;
    this.#nextPosition = firstPosition;
  }

  /** Number of events in the global log. */
  get size(): number {
    return this.#log.length;
  }

  at(index: number): StoredEvent | undefined {
    return this.#log[index];
  }

  /** Index of the first event strictly after `position`. */
  indexAfter(position: LogPosition): number {
    let low = 0;
    let high = this.#log.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const event = this.#log[middle];
      if (event !== undefined && comparePositions(positionOf(event), position) <= 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** Subscribes to appends; returns the unsubscribe function. */
  onAppended(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  append(
    streamId: string,
    expected: ExpectedState,
    events: readonly ProposedEvent[],
  ): AppendOutcome {
    const stream = this.#streams.get(streamId) ?? [];
    const current = stream.length === 0 ? undefined : BigInt(stream.length - 1);
    const currentAsVersion = current ?? -1n;

    switch (expected.kind) {
      case 'stream_exists':
        if (current === undefined)
          return { kind: 'wrong_expected_version', currentRevision: current };
        return this.#appendAny(streamId, stream, events);
      case 'any':
        return this.#appendAny(streamId, stream, events);
      case 'no_stream':
        return this.#appendAt(streamId, stream, -1n, currentAsVersion, events);
      case 'revision':
        return this.#appendAt(streamId, stream, expected.revision, currentAsVersion, events);
    }
  }

  readStream(
    streamId: string,
    direction: Direction,
    from: bigint | 'start' | 'end',
    count: number,
  ): StoredEvent[] | undefined {
    const stream = this.#streams.get(streamId);
    if (stream === undefined || stream.length === 0) return undefined;
    const last = stream.length - 1;
    if (direction === 'forwards') {
      if (from === 'end') return [];
      const start = from === 'start' ? 0 : clampIndex(from, last + 1);
      return stream.slice(start, start + count);
    }
    // Backwards from a revision past the end starts at the last event, as the server does.
    const start = from === 'start' ? 0 : from === 'end' ? last : clampIndex(from, last);
    return stream.slice(Math.max(0, start - count + 1), start + 1).reverse();
  }

  readAll(
    direction: Direction,
    from: LogPosition | 'start' | 'end',
    count: number,
    filter: EventFilterSpec | undefined,
  ): StoredEvent[] {
    const selected: StoredEvent[] = [];
    if (direction === 'forwards') {
      if (from === 'end') return selected;
      const start = from === 'start' ? 0 : this.#indexAtOrAfter(from);
      for (let index = start; index < this.#log.length && selected.length < count; index++) {
        const event = this.#log[index];
        if (event !== undefined && matchesFilter(event, filter)) selected.push(event);
      }
      return selected;
    }
    if (from === 'start') return selected;
    const end = from === 'end' ? this.#log.length : this.#indexAtOrAfter(from);
    for (let index = end - 1; index >= 0 && selected.length < count; index--) {
      const event = this.#log[index];
      if (event !== undefined && matchesFilter(event, filter)) selected.push(event);
    }
    return selected;
  }

  #indexAtOrAfter(position: LogPosition): number {
    let low = 0;
    let high = this.#log.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const event = this.#log[middle];
      if (event !== undefined && comparePositions(positionOf(event), position) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  #appendAny(
    streamId: string,
    stream: StoredEvent[],
    events: readonly ProposedEvent[],
  ): AppendOutcome {
    const first = events[0];
    const firstStored = first === undefined ? undefined : stream.find((e) => e.id === first.id);
    if (firstStored === undefined) return this.#write(streamId, stream, events);
    const stored = events.map((proposed) => stream.find((e) => e.id === proposed.id));
    const lastStored = stored[stored.length - 1];
    if (stored.some((e) => e === undefined) || lastStored === undefined) {
      return { kind: 'wrong_expected_version', currentRevision: lastRevision(stream) };
    }
    return {
      kind: 'idempotent',
      currentRevision: lastStored.revision,
      position: lastStored.position,
    };
  }

  #appendAt(
    streamId: string,
    stream: StoredEvent[],
    expected: bigint,
    current: bigint,
    events: readonly ProposedEvent[],
  ): AppendOutcome {
    if (expected === current) return this.#write(streamId, stream, events);
    if (expected > current) {
      return { kind: 'wrong_expected_version', currentRevision: lastRevision(stream) };
    }
    let lastStored: StoredEvent | undefined;
    for (const [offset, proposed] of events.entries()) {
      const stored = stream[Number(expected) + 1 + offset];
      if (stored === undefined || stored.id !== proposed.id) {
        return { kind: 'wrong_expected_version', currentRevision: lastRevision(stream) };
      }
      lastStored = stored;
    }
    return {
      kind: 'idempotent',
      currentRevision: lastStored?.revision ?? (expected < 0n ? undefined : expected),
      position: lastStored?.position,
    };
  }

  #write(streamId: string, stream: StoredEvent[], events: readonly ProposedEvent[]): AppendOutcome {
    if (events.length === 0) {
      return { kind: 'written', currentRevision: lastRevision(stream), position: undefined };
    }
    const createdTicks = BigInt(this.#clock()) * TICKS_PER_MILLISECOND;
    let last: StoredEvent | undefined;
    for (const proposed of events) {
      last = {
        id: proposed.id,
        streamId,
        revision: BigInt(stream.length),
        position: this.#nextPosition,
        type: proposed.type,
        isJson: proposed.isJson,
        data: proposed.data,
        customMetadata: proposed.customMetadata,
        createdTicks,
      };
      this.#nextPosition += recordSize(last);
      stream.push(last);
      this.#log.push(last);
    }
    this.#streams.set(streamId, stream);
    for (const listener of this.#listeners) listener();
    return { kind: 'written', currentRevision: last?.revision, position: last?.position };
  }
}

function lastRevision(stream: readonly StoredEvent[]): bigint | undefined {
  return stream.length === 0 ? undefined : BigInt(stream.length - 1);
}

function clampIndex(value: bigint, limit: number): number {
  return value > BigInt(limit) ? limit : Number(value);
}

const encoder = new TextEncoder();

function recordSize(event: StoredEvent): bigint {
  return (
    RECORD_OVERHEAD +
    BigInt(encoder.encode(event.streamId).length) +
    BigInt(encoder.encode(event.type).length) +
    BigInt(event.data.length) +
    BigInt(event.customMetadata.length)
  );
}
