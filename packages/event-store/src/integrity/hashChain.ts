/**
 * Decorates a store so every event it appends carries its stream's hash-chain link (chain.ts).
 * The link is computed against the event at the revision the append is checked against, and the
 * append is always made with exactly that revision: a link can only be written after the event it
 * names. `'any'` and `'stream_exists'` become the stream's current revision; when another writer
 * got there first, the link is recomputed and the append retried.
 *
 * An event that already carries a link (an export re-imported, a migration) keeps it only if it is
 * exactly the link this store would compute; otherwise the append is refused whole.
 */
import { WrongExpectedRevisionError } from '../errors.ts';
import type {
  AppendOptions,
  AppendRequest,
  AppendResult,
  EncodedAppendRequest,
  EncodedEventData,
  EventData,
  EventStore,
  ExpectedRevision,
  JsonObject,
  ReadStreamOptions,
  RecordedEvent,
  TransactionAppender,
} from '../port.ts';
import {
  CHAIN_KEY,
  CHAIN_VERSION,
  type ChainLink,
  chainOf,
  contentHash,
  isLink,
  linkHash,
} from './chain.ts';

/** An event refused because of its link: one it carries that does not continue the stream, or a predecessor without one. */
export class ChainError extends Error {
  override readonly name = 'ChainError';
}

interface Head {
  readonly revision: number;
  readonly hash: string;
}

/** What an append needs of a request, whether its events are objects or JSON text. */
interface Request<E> {
  readonly streamId: string;
  readonly events: readonly E[];
  readonly expectedRevision?: ExpectedRevision;
}

interface Stamped<E> {
  readonly events: E[];
  /** The link hash of the last event; null when none was linked (an empty append). */
  readonly lastHash: string | null;
}

type Stamp<E> = (streamId: string, head: Head | null, events: readonly E[]) => Stamped<E>;

interface Prepared<E> {
  readonly streamId: string;
  readonly head: Head | null;
  readonly events: E[];
  readonly lastHash: string | null;
  readonly expectedRevision: ExpectedRevision;
  /** The caller left the revision open: a conflict is another writer's, and worth a retry. */
  readonly retryable: boolean;
}

/** Metadata JSON text with the link added as its last member (the text of an object, from JSON.stringify). */
const withLinkText = (metadata: string, link: ChainLink): string => {
  const body = metadata.trimEnd().slice(0, -1).trimEnd();
  return `${body}${body.endsWith('{') ? '' : ','}"${CHAIN_KEY}":${JSON.stringify(link)}}`;
};

/** Retries of an append whose `'any'` revision another writer overtook. */
const RETRIES = 5;
/** Stream heads remembered: a hit spares reading the stream's last event before an append. */
const HEADS = 50_000;

const isConflict = (error: unknown): error is WrongExpectedRevisionError =>
  error instanceof WrongExpectedRevisionError;

export function withHashChain(store: EventStore): EventStore {
  const heads = new Map<string, Head>();
  const inTransaction = store.appendInTransaction?.bind(store);

  const remember = (streamId: string, head: Head): void => {
    heads.delete(streamId);
    heads.set(streamId, head);
    if (heads.size > HEADS) {
      const oldest = heads.keys().next();
      if (oldest.done !== true) heads.delete(oldest.value);
    }
  };

  const headOf = (streamId: string, revision: number, metadata: JsonObject): Head => {
    const link = chainOf(metadata);
    if (!isLink(link)) {
      throw new ChainError(
        `stream "${streamId}" revision ${revision} has no valid hash-chain link (${link === undefined ? 'it was written without one' : link.malformed}): the stream cannot be extended; verify the log with "pnpm ledger verify"`,
      );
    }
    return { revision, hash: link.hash };
  };

  /** The event at `revision` as a head (from memory when it is the remembered head). */
  const eventsOf = async (
    streamId: string,
    options: ReadStreamOptions,
  ): Promise<RecordedEvent[]> => {
    const read = await store.readStream(streamId, options);
    return read.status === 'found' ? read.events : [];
  };

  const headAt = async (streamId: string, revision: number): Promise<Head | null> => {
    const known = heads.get(streamId);
    if (known?.revision === revision) return known;
    const [event] = await eventsOf(streamId, { fromRevision: revision, maxCount: 1 });
    return event === undefined || event.revision !== revision
      ? null
      : headOf(streamId, revision, event.metadata);
  };

  /**
   * The revision to append at and the head it names, for what the caller expects. `pending` holds
   * the heads that earlier requests of the same `appendMany` will leave.
   */
  const basis = async (
    request: Request<{ readonly id: string }>,
    pending: ReadonlyMap<string, Head>,
  ): Promise<{ expectedRevision: ExpectedRevision; head: Head | null; retried?: true }> => {
    const { streamId, events } = request;
    const expected = request.expectedRevision ?? 'any';
    const after = pending.get(streamId);
    if (expected === 'no_stream') return { expectedRevision: 'no_stream', head: null };
    if (typeof expected === 'number') {
      const head = after?.revision === expected ? after : await headAt(streamId, expected);
      // No event there: the store refuses the append (or finds it already made); link nothing.
      return { expectedRevision: expected, head };
    }
    if (after !== undefined) return { expectedRevision: after.revision, head: after };
    // A retry of an append already made: its events are the stream's last ones. The store then
    // writes nothing and the caller's own expectation keeps its idempotent answer.
    const tail = await eventsOf(streamId, {
      direction: 'backwards',
      maxCount: Math.max(1, events.length),
    });
    const last = tail[0];
    if (last === undefined) {
      return { expectedRevision: expected === 'any' ? 'no_stream' : expected, head: null };
    }
    const retried =
      events.length > 0 &&
      tail.length === events.length &&
      tail.every((stored, i) => stored.id === events[events.length - 1 - i]?.id);
    if (retried) return { expectedRevision: expected, head: null, retried: true };
    const head = headOf(streamId, last.revision, last.metadata);
    remember(streamId, head);
    return { expectedRevision: head.revision, head };
  };

  /** The link of the event at `revision` after `prev`; a link the event carries must be exactly it. */
  const linkOf = (
    streamId: string,
    revision: number,
    prev: string | null,
    event: { readonly id: string; readonly type: string },
    content: string,
    carried: ReturnType<typeof chainOf>,
  ): ChainLink => {
    const hash = linkHash({ streamId, revision, id: event.id, content, prev });
    if (
      carried !== undefined &&
      (!isLink(carried) || carried.hash !== hash || carried.prev !== prev)
    ) {
      throw new ChainError(
        `event ${event.id} (${event.type}) carries a hash-chain link that does not continue stream "${streamId}" at revision ${revision}${isLink(carried) ? '' : `: ${carried.malformed}`}`,
      );
    }
    return { v: CHAIN_VERSION, prev, hash };
  };

  const stamp: Stamp<EventData> = (streamId, head, events) => {
    let prev = head?.hash ?? null;
    let revision = head === null ? 0 : head.revision + 1;
    const stamped = events.map((event) => {
      const content = contentHash(event.type, event.data, event.metadata);
      const link = linkOf(streamId, revision, prev, event, content, chainOf(event.metadata));
      prev = link.hash;
      revision++;
      return { ...event, metadata: { ...event.metadata, [CHAIN_KEY]: { ...link } } };
    });
    return { events: stamped, lastHash: stamped.length === 0 ? null : prev };
  };

  /**
   * Encoded events keep their text: the link is appended to the metadata text, and the content
   * hash is the caller's when given (an importer has the canonical texts to hash). An event
   * carrying a link already (an export) is read as an object to check it.
   */
  const stampEncoded: Stamp<EncodedEventData> = (streamId, head, events) => {
    let prev = head?.hash ?? null;
    let revision = head === null ? 0 : head.revision + 1;
    const stamped = events.map((event): EncodedEventData => {
      const carries = event.metadata.includes(`"${CHAIN_KEY}"`);
      const metadata =
        carries || event.contentHash === undefined
          ? (JSON.parse(event.metadata) as JsonObject)
          : undefined;
      const content =
        event.contentHash ??
        contentHash(event.type, JSON.parse(event.data) as JsonObject, metadata as JsonObject);
      const carried = metadata === undefined ? undefined : chainOf(metadata);
      const link = linkOf(streamId, revision, prev, event, content, carried);
      prev = link.hash;
      revision++;
      return {
        id: event.id,
        type: event.type,
        data: event.data,
        metadata: carried === undefined ? withLinkText(event.metadata, link) : event.metadata,
      };
    });
    return { events: stamped, lastHash: stamped.length === 0 ? null : prev };
  };

  const settle = <E>(prepared: Prepared<E>, result: AppendResult) => {
    const { streamId, head, lastHash } = prepared;
    const expectedNext = (head === null ? -1 : head.revision) + prepared.events.length;
    if (result.nextExpectedRevision === expectedNext && lastHash !== null) {
      remember(streamId, { revision: expectedNext, hash: lastHash });
    } else {
      // An idempotent retry or an empty append: what is stored is not what was stamped here.
      heads.delete(streamId);
    }
  };

  const prepare = async <E extends { readonly id: string }>(
    request: Request<E>,
    stampWith: Stamp<E>,
    pending: Map<string, Head> = new Map(),
  ): Promise<Prepared<E>> => {
    const expected = request.expectedRevision ?? 'any';
    const { expectedRevision, head, retried } = await basis(request, pending);
    // A retry is answered from what is stored: its events pass unlinked and are not written.
    const { events, lastHash } =
      retried === true
        ? { events: [...request.events], lastHash: null }
        : stampWith(request.streamId, head, request.events);
    if (lastHash !== null) {
      pending.set(request.streamId, {
        revision: (head === null ? -1 : head.revision) + events.length,
        hash: lastHash,
      });
    }
    return {
      streamId: request.streamId,
      head,
      events,
      lastHash,
      expectedRevision,
      retryable: expected === 'any' || expected === 'stream_exists',
    };
  };

  /** `appendMany` for either kind of event: prepared in order, retried when overtaken. */
  const appendAll = async <E extends { readonly id: string }>(
    requests: readonly Request<E>[],
    stampWith: Stamp<E>,
    append: (prepared: readonly Prepared<E>[]) => Promise<AppendResult[]>,
  ): Promise<AppendResult[]> => {
    for (let attempt = 0; ; attempt++) {
      const prepared: Prepared<E>[] = [];
      const pending = new Map<string, Head>();
      for (const request of requests) prepared.push(await prepare(request, stampWith, pending));
      try {
        const results = await append(prepared);
        results.forEach((result, i) => {
          const request = prepared[i];
          if (request !== undefined) settle(request, result);
        });
        return results;
      } catch (error) {
        for (const request of prepared) heads.delete(request.streamId);
        const conflicted = isConflict(error)
          ? prepared.find((request) => request.streamId === error.streamId)
          : undefined;
        if (conflicted === undefined || !conflicted.retryable || attempt >= RETRIES) throw error;
      }
    }
  };

  const requestsOf = <E>(prepared: readonly Prepared<E>[]) =>
    prepared.map(({ streamId, events, expectedRevision }) => ({
      streamId,
      events,
      expectedRevision,
    }));

  return {
    capabilities: store.capabilities,
    async appendToStream(
      streamId: string,
      events: readonly EventData[],
      options?: AppendOptions,
    ): Promise<AppendResult> {
      for (let attempt = 0; ; attempt++) {
        const prepared = await prepare({ streamId, events, ...options }, stamp);
        try {
          const result = await store.appendToStream(streamId, prepared.events, {
            expectedRevision: prepared.expectedRevision,
          });
          settle(prepared, result);
          return result;
        } catch (error) {
          heads.delete(streamId);
          if (!isConflict(error) || !prepared.retryable || attempt >= RETRIES) {
            throw isConflict(error) && prepared.retryable
              ? new WrongExpectedRevisionError(
                  streamId,
                  options?.expectedRevision ?? 'any',
                  error.actual,
                )
              : error;
          }
        }
      }
    },
    appendMany: (requests: readonly AppendRequest[]): Promise<AppendResult[]> =>
      appendAll(requests, stamp, (prepared) => store.appendMany(requestsOf(prepared))),
    ...(store.appendManyEncoded === undefined
      ? {}
      : {
          appendManyEncoded: (requests: readonly EncodedAppendRequest[]) =>
            appendAll(requests, stampEncoded, (prepared) =>
              (store.appendManyEncoded as NonNullable<EventStore['appendManyEncoded']>)(
                requestsOf(prepared),
              ),
            ),
        }),
    ...(inTransaction === undefined
      ? {}
      : {
          appendInTransaction: async <T>(
            work: (appender: TransactionAppender) => Promise<T>,
          ): Promise<T> => {
            try {
              return await inTransaction((inner) =>
                work({
                  // A link is written into metadata text by JSON.stringify: serialised text stays so.
                  appendManyEncoded: (requests, options) =>
                    appendAll(requests, stampEncoded, (prepared) =>
                      inner.appendManyEncoded(requestsOf(prepared), options),
                    ),
                }),
              );
            } catch (error) {
              // Heads remembered inside a transaction that rolled back name events that are gone.
              heads.clear();
              throw error;
            }
          },
        }),
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}
