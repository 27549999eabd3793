/**
 * EventStoreDB / KurrentDB adapter, over gRPC with `@eventstore/db-client`.
 *
 * The port's numbers map onto the server's as follows:
 * - a revision is the stream revision; a position is the commit position of the event's record
 *   (for every event written through gRPC the prepare position is the same, so a port position
 *   `p` is the server position `{ commit: p, prepare: p }`);
 * - positions given back to the adapter (`after`) must be positions it handed out: the server
 *   only accepts positions that fall on a record;
 * - `$all` also holds the server's own records (streams or event types starting with `$`): the
 *   adapter hides them and refuses to write or read such names, so the port sees only its log.
 *
 * Checkpoints are exclusive in the port. The server reads `$all` forwards from a position
 * inclusively, backwards exclusively, and subscribes strictly after it; the adapter skips
 * anything at or before a forwards checkpoint itself, so the port's rule holds either way.
 */
import {
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  ANY,
  type AppendExpectedRevision,
  CancelledError,
  DeadlineExceededError,
  END,
  type RecordedEvent as EsdbRecordedEvent,
  EventStoreDBClient,
  eventTypeFilter,
  type Filter,
  jsonEvent,
  NO_STREAM,
  type Position,
  type ReadPosition,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  streamNameFilter,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
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
  type ReadAllInput,
} from '../input.ts';
import type {
  AppendOptions,
  AppendRequest,
  AppendResult,
  EncodedAppendRequest,
  EventData,
  EventStore,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../port.ts';

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`, or `esdb+discover://…` for a cluster. */
  readonly connectionString: string;
  /**
   * A clock for `recordedAt` instead of the server's time: each event then keeps the instant in
   * its metadata (`$recordedAt`, read back as `recordedAt` and never shown as metadata). Only a
   * copy of another log (a migration) sets it, to keep that log's times.
   */
  readonly clock?: () => Date;
}

/** The metadata key a clocked store keeps `recordedAt` under; refused in callers' metadata. */
const RECORDED_AT_KEY = '$recordedAt';

/** Events fetched per `$all` request; the adapter pages instead of holding one long read open. */
const PAGE_SIZE = 500;
/** A subscription stops pulling from the server while this many events wait for the consumer. */
const SUBSCRIPTION_HIGH_WATER = 256;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Opens a store on an EventStoreDB/KurrentDB node and checks it answers before returning. */
export async function openEsdbEventStore({
  connectionString,
  clock,
}: EsdbEventStoreOptions): Promise<EventStore> {
  if (typeof connectionString !== 'string' || connectionString.trim() === '') {
    throw new TypeError('openEsdbEventStore: connectionString must be a non-empty string');
  }
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(connectionString);
  } catch (error) {
    throw new EventStoreUnavailableError(
      `openEsdbEventStore: connectionString ${redact(connectionString)} is not valid: ${messageOf(error)}`,
      { cause: error },
    );
  }
  const store = new EsdbEventStore(client, clock);
  try {
    await store.headPosition();
  } catch (error) {
    await client.dispose();
    throw new EventStoreUnavailableError(
      `openEsdbEventStore: EventStoreDB at ${redact(connectionString)} did not answer: ${messageOf(error)}`,
      { cause: error },
    );
  }
  return store;
}

class EsdbEventStore implements EventStore {
  readonly capabilities = { atomicMultiStreamAppend: false } as const;
  readonly #client: EventStoreDBClient;
  readonly #subscriptions = new Set<EsdbSubscription>();
  /** Subscriptions from `'end'` not yet confirmed by the server; appends wait for them. */
  readonly #starting = new Set<Promise<void>>();
  readonly #clock: (() => Date) | undefined;
  #closed = false;

  constructor(client: EventStoreDBClient, clock: (() => Date) | undefined) {
    this.#client = client;
    this.#clock = clock;
  }

  async appendToStream(
    streamId: string,
    events: readonly EventData[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const input = checkAppend(streamId, events, options);
    checkServerNames(input, 'appendToStream: ');
    this.#assertOpen();
    return this.#append(input, events, 'appendToStream');
  }

  /**
   * The server has no transaction across streams: the requests are appended one after another,
   * each atomic on its own stream, and the first failure stops the rest (the ones before it stay
   * written; retrying the same call is safe, as each append is idempotent).
   */
  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    const inputs = checkAppendMany(requests);
    for (const [index, input] of inputs.entries()) {
      checkServerNames(input, `appendMany: requests[${index}].`);
    }
    this.#assertOpen();
    const results: AppendResult[] = [];
    for (const [index, input] of inputs.entries()) {
      results.push(await this.#append(input, requests[index]?.events ?? [], 'appendMany'));
    }
    return results;
  }

  /** The server takes events as objects: the text, checked by parsing it, is parsed once more. */
  async appendManyEncoded(requests: readonly EncodedAppendRequest[]): Promise<AppendResult[]> {
    const inputs = checkAppendManyEncoded(requests, true);
    for (const [index, input] of inputs.entries()) {
      checkServerNames(input, `appendManyEncoded: requests[${index}].`);
    }
    this.#assertOpen();
    const results: AppendResult[] = [];
    for (const input of inputs) {
      const events = input.events.map(
        (event): EventData => ({
          id: event.id,
          type: event.type,
          data: JSON.parse(event.data) as JsonObject,
          metadata: JSON.parse(event.metadata) as JsonObject,
        }),
      );
      results.push(await this.#append(input, events, 'appendManyEncoded'));
    }
    return results;
  }

  async #append(
    input: AppendInput,
    events: readonly EventData[],
    operation: string,
  ): Promise<AppendResult> {
    // An append issued after subscribeToAll({ after: 'end' }) returned must reach that
    // subscription, so it waits until the server has the subscription in place.
    if (this.#starting.size > 0) await Promise.all(this.#starting);

    const recordedAt = this.#clock?.().toISOString();
    const proposed = events.map((event, index) => {
      if (RECORDED_AT_KEY in event.metadata) {
        throw new TypeError(
          `${operation}: ${input.streamId} events[${index}].metadata.${RECORDED_AT_KEY} is reserved for the store`,
        );
      }
      return jsonEvent({
        id: input.events[index]?.id ?? event.id,
        type: event.type,
        data: event.data,
        metadata:
          recordedAt === undefined
            ? event.metadata
            : { ...event.metadata, [RECORDED_AT_KEY]: recordedAt },
      });
    });
    try {
      const result = await this.#client.appendToStream(input.streamId, proposed, {
        expectedRevision: toEsdbExpected(input.expected),
      });
      if (!result.success) {
        // Only reachable with `throwOnAppendFailure=false` in the connection string.
        throw new WrongExpectedRevisionError(
          input.streamId,
          input.expected,
          await this.#lastRevision(input.streamId),
        );
      }
      const revision = result.nextExpectedRevision;
      // Servers before 22.x answer an idempotent retry without a position.
      const commit = result.position?.commit ?? (await this.#positionOf(input.streamId, revision));
      return {
        nextExpectedRevision: toSafeNumber(revision, 'revision'),
        position: toSafeNumber(commit, 'position'),
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion;
        throw new WrongExpectedRevisionError(
          input.streamId,
          input.expected,
          actual === 'no_stream' ? 'no_stream' : toSafeNumber(actual, 'revision'),
        );
      }
      throw translate(error, operation);
    }
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult> {
    const id = checkStreamId(streamId, 'readStream');
    rejectSystemName(id, 'readStream: streamId');
    const { direction, fromRevision, maxCount } = checkReadStream(options);
    this.#assertOpen();
    const events: RecordedEvent[] = [];
    try {
      const read = this.#client.readStream(id, {
        direction,
        fromRevision:
          fromRevision === 'start' ? START : fromRevision === 'end' ? END : BigInt(fromRevision),
        maxCount: Number.isFinite(maxCount) ? maxCount : Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        if (resolved.event !== undefined) events.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { status: 'not_found', streamId: id };
      throw translate(error, 'readStream');
    }
    return { status: 'found', streamId: id, events };
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    const input = checkReadAll(options);
    this.#assertOpen();
    return this.#readAll(input);
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    const { after, filter } = checkSubscribe(options);
    this.#assertOpen();
    const serverSide = serverFilter(filter);
    const source = this.#client.subscribeToAll({
      fromPosition: after === 'start' ? START : after === 'end' ? END : exactPosition(after),
      ...(serverSide === undefined ? {} : { filter: serverSide }),
    });
    const subscription = new EsdbSubscription(
      source,
      filter,
      typeof after === 'number' ? exactPosition(after) : undefined,
      (closed) => this.#subscriptions.delete(closed),
    );
    this.#subscriptions.add(subscription);
    if (after === 'end') {
      const started = subscription.started;
      this.#starting.add(started);
      void started.then(() => this.#starting.delete(started));
    }
    return subscription;
  }

  async headPosition(): Promise<number | null> {
    this.#assertOpen();
    const everything: NormalisedFilter = {
      eventTypePrefixes: undefined,
      streamPrefixes: undefined,
    };
    const input: ReadAllInput = {
      direction: 'backwards',
      after: 'end',
      maxCount: 1,
      filter: everything,
    };
    for await (const event of this.#readAll(input)) return event.position;
    return null;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.close()));
    await this.#client.dispose();
  }

  async *#readAll({
    direction,
    after,
    maxCount,
    filter,
  }: ReadAllInput): AsyncGenerator<RecordedEvent> {
    if (direction === 'forwards' ? after === 'end' : after === 'start') return;
    let from: ReadPosition =
      after === 'start' ? START : after === 'end' ? END : exactPosition(after);
    // The last position seen: the next page (and, forwards, the first) must start past it.
    let boundary = typeof after === 'number' ? exactPosition(after) : undefined;
    let remaining = maxCount;
    for (;;) {
      const page = await this.#readAllPage(from, direction);
      for (const event of page.events) {
        if (boundary !== undefined && !isPast(event.position, boundary, direction)) continue;
        boundary = event.position;
        if (isSystemEvent(event) || !matchesFilter(filter, event.streamId, event.type)) continue;
        yield toRecordedEvent(event);
        remaining -= 1;
        if (remaining <= 0) return;
      }
      if (page.received < PAGE_SIZE || boundary === undefined) return;
      from = boundary;
    }
  }

  /** One bounded read of `$all`, drained before anything is yielded, so no read stays open. */
  async #readAllPage(
    from: ReadPosition,
    direction: 'forwards' | 'backwards',
  ): Promise<{ events: AllStreamRecordedEvent[]; received: number }> {
    const events: AllStreamRecordedEvent[] = [];
    let received = 0;
    try {
      for await (const resolved of this.#client.readAll({
        fromPosition: from,
        direction,
        maxCount: PAGE_SIZE,
      })) {
        received += 1;
        if (resolved.event !== undefined) events.push(resolved.event);
      }
    } catch (error) {
      throw translate(error, 'readAll');
    }
    return { events, received };
  }

  async #lastRevision(streamId: string): Promise<number | 'no_stream'> {
    const result = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    const last = result.status === 'found' ? result.events[0] : undefined;
    return last === undefined ? 'no_stream' : last.revision;
  }

  async #positionOf(streamId: string, revision: bigint): Promise<bigint> {
    const read = this.#client.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    // Drained to the end: a read left half-consumed would keep its call open until dispose().
    let position: Position | undefined;
    for await (const resolved of read) position ??= resolved.event?.position;
    if (position !== undefined) return position.commit;
    throw new EventStoreUnavailableError(
      `EventStoreDB did not report the position of ${streamId}@${revision}; this adapter needs a server that returns positions on stream reads (22.6 or later)`,
    );
  }

  #assertOpen(): void {
    if (this.#closed) throw new EventStoreUnavailableError('EventStoreDB event store is closed');
  }
}

/**
 * The port's view of a catch-up subscription: hides system events, applies the part of the filter
 * the server did not, delivers each event once and in order, and ends when closed.
 */
class EsdbSubscription implements Subscription {
  /** Settles once the server has confirmed the subscription, or it failed or was closed. */
  readonly started: Promise<void>;
  readonly #source: AllStreamSubscription;
  readonly #filter: NormalisedFilter;
  readonly #onClose: (subscription: EsdbSubscription) => void;
  readonly #buffer: RecordedEvent[] = [];
  readonly #waiting: {
    resolve: (result: IteratorResult<RecordedEvent>) => void;
    reject: (error: unknown) => void;
  }[] = [];
  #last: Position | undefined;
  #failure: Error | undefined;
  #done = false;

  constructor(
    source: AllStreamSubscription,
    filter: NormalisedFilter,
    after: Position | undefined,
    onClose: (subscription: EsdbSubscription) => void,
  ) {
    this.#source = source;
    this.#filter = filter;
    this.#last = after;
    this.#onClose = onClose;
    this.started = new Promise((resolve) => {
      source.once('confirmation', resolve);
      source.once('error', () => resolve());
      source.once('close', resolve);
    });
    source.on('data', (resolved: AllStreamResolvedEvent) => this.#accept(resolved));
    source.on('error', (error: Error) => this.#fail(asError(translate(error, 'subscribeToAll'))));
    source.on('end', () =>
      this.#fail(
        new EventStoreUnavailableError('subscribeToAll: the server ended the subscription'),
      ),
    );
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return {
      next: () => this.#next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  async close(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    this.#buffer.length = 0;
    for (const waiter of this.#waiting.splice(0)) waiter.resolve({ done: true, value: undefined });
    this.#onClose(this);
    try {
      await this.#source.unsubscribe();
    } catch {
      // The call never started or already failed: there is nothing left to cancel.
    }
    this.#source.destroy();
  }

  #next(): Promise<IteratorResult<RecordedEvent>> {
    const event = this.#buffer.shift();
    if (event !== undefined) {
      if (this.#source.isPaused() && this.#buffer.length < SUBSCRIPTION_HIGH_WATER / 2) {
        this.#source.resume();
      }
      return Promise.resolve({ done: false, value: event });
    }
    if (this.#failure !== undefined) {
      const failure = this.#failure;
      this.#failure = undefined;
      this.#done = true;
      return Promise.reject(failure);
    }
    if (this.#done) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  #accept(resolved: AllStreamResolvedEvent): void {
    const event = resolved.event;
    if (this.#done || event === undefined) return;
    if (this.#last !== undefined && !isPast(event.position, this.#last, 'forwards')) return;
    this.#last = event.position;
    if (isSystemEvent(event) || !matchesFilter(this.#filter, event.streamId, event.type)) return;
    let recorded: RecordedEvent;
    try {
      recorded = toRecordedEvent(event);
    } catch (error) {
      this.#fail(asError(error));
      return;
    }
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) {
      waiter.resolve({ done: false, value: recorded });
      return;
    }
    this.#buffer.push(recorded);
    if (this.#buffer.length >= SUBSCRIPTION_HIGH_WATER) this.#source.pause();
  }

  #fail(error: Error): void {
    if (this.#done) return;
    const waiters = this.#waiting.splice(0);
    if (waiters.length === 0) {
      this.#failure = error;
    } else {
      this.#done = true;
      for (const waiter of waiters) waiter.reject(error);
    }
    this.#onClose(this);
    this.#source.destroy();
  }
}

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

function serverFilter(filter: NormalisedFilter): Filter | undefined {
  // The server filters on one field only; the adapter applies the whole filter again anyway.
  if (filter.streamPrefixes !== undefined) {
    return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
  }
  if (filter.eventTypePrefixes !== undefined) {
    return eventTypeFilter({ prefixes: [...filter.eventTypePrefixes] });
  }
  return undefined;
}

function exactPosition(position: number): Position {
  return { commit: BigInt(position), prepare: BigInt(position) };
}

function isPast(
  position: Position,
  boundary: Position,
  direction: 'forwards' | 'backwards',
): boolean {
  const order =
    position.commit === boundary.commit
      ? position.prepare === boundary.prepare
        ? 0
        : position.prepare < boundary.prepare
          ? -1
          : 1
      : position.commit < boundary.commit
        ? -1
        : 1;
  return direction === 'forwards' ? order > 0 : order < 0;
}

function isSystemEvent(event: { readonly streamId: string; readonly type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

/** The server reserves names starting with `$`; `where` prefixes the field in the message. */
function checkServerNames(input: AppendInput, where: string): void {
  rejectSystemName(input.streamId, `${where}streamId`);
  for (const [index, event] of input.events.entries()) {
    rejectSystemName(event.type, `${where}events[${index}].type`);
  }
}

function rejectSystemName(name: string, field: string): void {
  if (name.startsWith('$')) {
    throw new TypeError(
      `${field} must not start with "$" (reserved for EventStoreDB system streams and events), got ${JSON.stringify(name)}`,
    );
  }
}

function isJsonObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  const where = `event ${event.id} (${event.streamId}@${event.revision})`;
  if (!event.isJson) {
    throw new EventStoreUnavailableError(
      `EventStoreDB ${where} is not JSON; this adapter writes JSON only`,
    );
  }
  const { data } = event;
  if (!isJsonObject(data)) {
    throw new EventStoreUnavailableError(`EventStoreDB ${where}: data is not a JSON object`);
  }
  const stored: unknown = event.metadata ?? {};
  if (!isJsonObject(stored)) {
    throw new EventStoreUnavailableError(`EventStoreDB ${where}: metadata is not a JSON object`);
  }
  const { [RECORDED_AT_KEY]: kept, ...metadata } = stored;
  if (event.position === undefined) {
    throw new EventStoreUnavailableError(
      `EventStoreDB ${where} came without a position; this adapter needs server 22.6 or later`,
    );
  }
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: toSafeNumber(event.revision, 'revision'),
    position: toSafeNumber(event.position.commit, 'position'),
    recordedAt: typeof kept === 'string' ? kept : event.created.toISOString(),
    data,
    metadata: metadata as JsonObject,
  };
}

function toSafeNumber(value: bigint, what: 'revision' | 'position'): number {
  if (value < 0n || value > MAX_SAFE) {
    throw new EventStoreUnavailableError(
      `EventStoreDB returned ${what} ${value}, outside 0..Number.MAX_SAFE_INTEGER; the port's numbers cannot hold it`,
    );
  }
  return Number(value);
}

/** Connection failures become the port's unavailable error; everything else passes through. */
function translate(error: unknown, operation: string): unknown {
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof CancelledError
  ) {
    return new EventStoreUnavailableError(
      `${operation}: EventStoreDB is unreachable: ${error.message}`,
      {
        cause: error,
      },
    );
  }
  return error;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Connection strings may carry credentials; never echo them. */
function redact(connectionString: string): string {
  return JSON.stringify(connectionString.replace(/\/\/[^@/]*@/, '//***@'));
}
