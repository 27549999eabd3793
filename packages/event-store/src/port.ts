/**
 * The one event-store port. Every adapter (EventStoreDB/KurrentDB, embedded file,
 * in-memory) implements exactly this interface and passes the same conformance suite.
 *
 * Revisions and positions are plain numbers: stream revisions count from 0, global
 * positions grow strictly along the log (they need not be contiguous: EventStoreDB's
 * are byte offsets). Both stay far below 2^53 for any log this platform will hold;
 * an adapter that meets a larger one throws rather than round.
 */

/** JSON value as stored in an event's data or metadata. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

/** An event the caller wants to append. The id is the caller's: retrying the same append is safe. */
export interface EventData {
  /** UUID chosen by the client; an append repeating ids already in the stream writes nothing new. */
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/**
 * An event whose data and metadata are already JSON text, each the text of a JSON object (as
 * `JSON.stringify` writes one): for a caller that has the text at hand, such as an importer,
 * sparing the store a serialisation per event. It is stored and read back exactly as `EventData`.
 */
export interface EncodedEventData {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  /**
   * The hash-chain content hash of the event (`contentHash(type, data, metadata)`), when the
   * caller computed it — an importer does so from the canonical texts its line worker wrote. A
   * chained store then spares parsing the texts to compute it; the adapters ignore it.
   */
  readonly contentHash?: string;
}

/** An event as the store holds it. `recordedAt` is set by the store, never by a client. */
export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  /** 0-based revision inside its stream. */
  readonly revision: number;
  /** Position in the global log; strictly increasing in log order. */
  readonly position: number;
  /** ISO-8601 UTC timestamp, millisecond precision, taken from the store's clock. */
  readonly recordedAt: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/**
 * What the caller believes about the stream before appending:
 * - `'any'`: no check;
 * - `'no_stream'`: the stream must not exist yet;
 * - `'stream_exists'`: the stream must already hold at least one event;
 * - a number: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

/** One stream's part of an `appendMany`: the same arguments `appendToStream` takes. */
export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly EventData[];
  readonly expectedRevision?: ExpectedRevision;
}

/** `AppendRequest` with encoded events, for `appendManyEncoded`. */
export interface EncodedAppendRequest {
  readonly streamId: string;
  readonly events: readonly EncodedEventData[];
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append (pass it as the next expectedRevision). */
  readonly nextExpectedRevision: number;
  /** Global position of the last event written (or of the already-stored last event on an idempotent retry). */
  readonly position: number;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: Direction;
  /** Inclusive revision to start from; defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: number | 'start' | 'end';
  readonly maxCount?: number;
}

export type ReadStreamResult =
  | { readonly status: 'found'; readonly streamId: string; readonly events: RecordedEvent[] }
  | { readonly status: 'not_found'; readonly streamId: string };

export interface ReadAllOptions {
  readonly direction?: Direction;
  /**
   * Forwards: return events with position strictly greater than this (a checkpoint);
   * backwards: strictly smaller. `'start'` / `'end'` for the two ends of the log.
   */
  readonly after?: number | 'start' | 'end';
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

/** Server-side filter on the global log; omitted fields match everything. */
export interface EventFilter {
  readonly eventTypePrefixes?: readonly string[];
  readonly streamPrefixes?: readonly string[];
}

export interface SubscribeOptions {
  /**
   * Checkpoint: deliver events strictly after this position. `'start'` (the default) replays the
   * whole log; `'end'` only events appended after `subscribeToAll` returns.
   */
  readonly after?: number | 'start' | 'end';
  readonly filter?: EventFilter;
}

/**
 * A subscription to the global log: catches up from its checkpoint, then stays live.
 * Every matching event after the checkpoint is delivered exactly once, in log order.
 * Iterate it with `for await`; `close()` ends the iteration.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

/** What an adapter guarantees beyond the port's common contract. */
export interface EventStoreCapabilities {
  /**
   * `appendMany` is one transaction: a conflict on any stream writes nothing of the call.
   * When false, the requests are appended one after another, each atomic on its own stream, and
   * a failure leaves the requests before it written (see `appendMany`).
   */
  readonly atomicMultiStreamAppend: boolean;
}

/** How the texts of an encoded append inside a transaction were written. */
export interface EncodedAppendOptions {
  /**
   * Every data and metadata text was written by `JSON.stringify` (or `canonicalJson`) from an
   * object, so it is JSON: the store then checks only that each opens an object, instead of
   * parsing it again. An importer's texts come from its own serialiser: parsing them again was
   * a tenth of its appending. Leave it out for text from anywhere else.
   */
  readonly serialised?: boolean;
}

/** What `appendInTransaction` hands its work: appends that commit only when the work does. */
export interface TransactionAppender {
  /**
   * `appendManyEncoded`, inside the transaction: later requests see what earlier ones wrote.
   * Its appends are not remembered for idempotent retry: a retry of one of them, alone, is not
   * recognised as already written. The transaction commits whole or not at all, so a caller
   * that runs its work again skips what is stored instead (the importer skips stored ids).
   */
  appendManyEncoded(
    requests: readonly EncodedAppendRequest[],
    options?: EncodedAppendOptions,
  ): Promise<AppendResult[]>;
}

export interface EventStore {
  readonly capabilities: EventStoreCapabilities;
  appendToStream(
    streamId: string,
    events: readonly EventData[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * Appends to several streams in one call, in request order; the results follow that order. A
   * stream may appear in more than one request: each is judged after the ones before it (pass the
   * previous request's `nextExpectedRevision`, or `'any'`). Each request is checked and made
   * idempotent as `appendToStream` would, and every argument is checked before anything is written.
   * With `capabilities.atomicMultiStreamAppend`, all requests commit together or none does; without
   * it, appending stops at the first failing request, whose error is thrown, and the requests
   * before it stay written. An empty list appends nothing and returns `[]`.
   */
  appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  /**
   * `appendMany` for events whose data and metadata are JSON text already: the same checks,
   * atomicity and idempotency, and text that is not the JSON of an object is refused (a
   * `TypeError` naming the request, the event and the field) with nothing of the call written.
   * Every adapter has it; it is optional so that a wrapper that must see the events as objects
   * (`withValidation`) leaves it out, and callers then fall back to `appendMany`.
   */
  appendManyEncoded?(requests: readonly EncodedAppendRequest[]): Promise<AppendResult[]>;
  /**
   * Runs `work` as ONE write transaction, however many appends it makes and however long it
   * takes: everything it appends commits when it resolves, and nothing does when it throws. Other
   * writers wait for it (on the embedded store, other processes up to its busy timeout), and every
   * event it writes gets the same `recordedAt`. Only stores that can hold such a transaction have
   * it (the embedded one); an importer without it validates a whole file before appending any.
   */
  appendInTransaction?<T>(work: (appender: TransactionAppender) => Promise<T>): Promise<T>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the last event in the log, or `null` when the log is empty. */
  headPosition(): Promise<number | null>;
  close(): Promise<void>;
}
