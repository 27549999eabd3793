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
  EventData,
  EventStore,
  ExpectedRevision,
  JsonObject,
  ReadStreamOptions,
  RecordedEvent,
} from '../port.ts';
import { CHAIN_KEY, CHAIN_VERSION, chainOf, contentHash, isLink, linkHash } from './chain.ts';

/** An event refused because of its link: one it carries that does not continue the stream, or a predecessor without one. */
export class ChainError extends Error {
  override readonly name = 'ChainError';
}

interface Head {
  readonly revision: number;
  readonly hash: string;
}

interface Prepared {
  readonly streamId: string;
  readonly head: Head | null;
  readonly events: EventData[];
  readonly expectedRevision: ExpectedRevision;
  /** The caller left the revision open: a conflict is another writer's, and worth a retry. */
  readonly retryable: boolean;
}

/** Retries of an append whose `'any'` revision another writer overtook. */
const RETRIES = 5;
/** Stream heads remembered: a hit spares reading the stream's last event before an append. */
const HEADS = 50_000;

const isConflict = (error: unknown): error is WrongExpectedRevisionError =>
  error instanceof WrongExpectedRevisionError;

export function withHashChain(store: EventStore): EventStore {
  const heads = new Map<string, Head>();

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
    request: AppendRequest,
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

  const stamp = (
    streamId: string,
    head: Head | null,
    events: readonly EventData[],
  ): EventData[] => {
    let prev = head?.hash ?? null;
    let revision = head === null ? 0 : head.revision + 1;
    return events.map((event) => {
      const content = contentHash(event.type, event.data, event.metadata);
      const hash = linkHash({ streamId, revision, id: event.id, content, prev });
      const carried = chainOf(event.metadata);
      if (carried !== undefined) {
        if (!isLink(carried) || carried.hash !== hash || carried.prev !== prev) {
          throw new ChainError(
            `event ${event.id} (${event.type}) carries a hash-chain link that does not continue stream "${streamId}" at revision ${revision}${isLink(carried) ? '' : `: ${carried.malformed}`}`,
          );
        }
      }
      const link = { v: CHAIN_VERSION, prev, hash };
      prev = hash;
      revision++;
      return { ...event, metadata: { ...event.metadata, [CHAIN_KEY]: link } };
    });
  };

  const settle = (
    streamId: string,
    head: Head | null,
    stamped: readonly EventData[],
    result: AppendResult,
  ) => {
    const last = stamped.at(-1);
    const expectedNext = (head === null ? -1 : head.revision) + stamped.length;
    const link = last === undefined ? undefined : chainOf(last.metadata);
    if (result.nextExpectedRevision === expectedNext && isLink(link)) {
      remember(streamId, { revision: expectedNext, hash: link.hash });
    } else {
      // An idempotent retry or an empty append: what is stored is not what was stamped here.
      heads.delete(streamId);
    }
  };

  const prepare = async (
    request: AppendRequest,
    pending: Map<string, Head> = new Map(),
  ): Promise<Prepared> => {
    const expected = request.expectedRevision ?? 'any';
    const { expectedRevision, head, retried } = await basis(request, pending);
    // A retry is answered from what is stored: its events pass unlinked and are not written.
    const events =
      retried === true ? [...request.events] : stamp(request.streamId, head, request.events);
    const last = events.at(-1);
    const link = last === undefined ? undefined : chainOf(last.metadata);
    if (retried !== true && isLink(link)) {
      pending.set(request.streamId, {
        revision: (head === null ? -1 : head.revision) + events.length,
        hash: link.hash,
      });
    }
    return {
      streamId: request.streamId,
      head,
      events,
      expectedRevision,
      retryable: expected === 'any' || expected === 'stream_exists',
    };
  };

  return {
    capabilities: store.capabilities,
    async appendToStream(
      streamId: string,
      events: readonly EventData[],
      options?: AppendOptions,
    ): Promise<AppendResult> {
      for (let attempt = 0; ; attempt++) {
        const prepared = await prepare({ streamId, events, ...options });
        try {
          const result = await store.appendToStream(streamId, prepared.events, {
            expectedRevision: prepared.expectedRevision,
          });
          settle(streamId, prepared.head, prepared.events, result);
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
    async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
      for (let attempt = 0; ; attempt++) {
        const prepared: Prepared[] = [];
        const pending = new Map<string, Head>();
        for (const request of requests) prepared.push(await prepare(request, pending));
        try {
          const results = await store.appendMany(
            prepared.map((request) => ({
              streamId: request.streamId,
              events: request.events,
              expectedRevision: request.expectedRevision,
            })),
          );
          results.forEach((result, i) => {
            const request = prepared[i];
            if (request !== undefined)
              settle(request.streamId, request.head, request.events, result);
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
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}
