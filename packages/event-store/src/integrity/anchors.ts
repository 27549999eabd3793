/**
 * Anchors: periodic events that commit to the whole log before them. The log digest folds every
 * event in log order — its id, its chain link (which commits to its content and its stream's
 * history) and its recorded-at — so an anchor detects what the stream chains cannot: an event
 * moved across streams' interleaving, removed from the end of a stream, or re-dated. Anchors live
 * in their own stream, chained like any other, and name the last event they cover by id (not by
 * position, which another store numbers differently), so an export or a migrated copy still
 * verifies against them.
 */
import { WrongExpectedRevisionError } from '../errors.ts';
import type { EventStore, JsonObject, RecordedEvent } from '../port.ts';
import { sha256Hex } from './canonical.ts';
import { chainOf, isLink } from './chain.ts';

export const ANCHOR_STREAM = 'ledger-anchors';
export const ANCHOR_TYPE = 'LogAnchored';

export interface AnchorData {
  /** Events of the log up to and including `lastEventId`, anchors included. */
  readonly count: number;
  readonly lastEventId: string;
  /** The log digest after `lastEventId`. */
  readonly digest: string;
}

export const isAnchor = (event: { readonly streamId: string; readonly type: string }): boolean =>
  event.streamId === ANCHOR_STREAM && event.type === ANCHOR_TYPE;

export const DIGEST_SEED = sha256Hex('ledger-log/1');

/** The digest after `event`, given the digest before it. */
export const foldDigest = (
  digest: string,
  event: Pick<RecordedEvent, 'id' | 'recordedAt' | 'metadata'>,
): string => {
  const link = chainOf(event.metadata);
  return sha256Hex(
    `${digest}\n${event.id}\n${isLink(link) ? link.hash : '-'}\n${event.recordedAt}`,
  );
};

/** Reads an anchor's data; a reason when it is not an anchor's. */
export function anchorDataOf(data: JsonObject): AnchorData | string {
  const { count, lastEventId, digest } = data;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
    return 'data.count is not a whole number of events, 1 or more';
  }
  if (typeof lastEventId !== 'string' || lastEventId === '') return 'data.lastEventId is missing';
  if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) {
    return 'data.digest is not a SHA-256 hex digest';
  }
  return { count, lastEventId, digest };
}

/** The digest of the log as it is folded, event after event. */
export class LogDigest {
  count = 0;
  digest = DIGEST_SEED;
  lastEventId: string | null = null;
  /** Position, in this store, of the last event folded. */
  lastPosition: number | null = null;
  /** Events folded since the last anchor (anchors themselves not counted). */
  sinceAnchor = 0;

  add(event: RecordedEvent): void {
    this.digest = foldDigest(this.digest, event);
    this.count++;
    this.lastEventId = event.id;
    this.lastPosition = event.position;
    this.sinceAnchor = isAnchor(event) ? 0 : this.sinceAnchor + 1;
  }
}

export interface AnchorOptions {
  /** Anchor only when at least this many events arrived since the last anchor. Default 1. */
  readonly minEvents?: number;
  readonly actor?: string;
}

export interface Anchored {
  readonly position: number;
  readonly data: AnchorData;
}

/**
 * Appends anchors to a (chained) store. It keeps its place in memory between calls, so a service
 * anchoring every few seconds reads each event once; on its first call it resumes from the last
 * anchor in the store, or from the start of the log.
 */
export class Anchorer {
  readonly #store: EventStore;
  #state: { digest: LogDigest; anchorRevision: number | 'no_stream' } | undefined;

  constructor(store: EventStore) {
    this.#store = store;
  }

  /** Folds the events the log gained since the last call; anchors them when there are enough. */
  async anchor(options: AnchorOptions = {}): Promise<Anchored | null> {
    for (let attempt = 0; ; attempt++) {
      const state = this.#state ?? (await this.#resume());
      this.#state = state;
      const { digest } = state;
      for await (const event of this.#store.readAll(
        digest.lastPosition === null ? {} : { after: digest.lastPosition },
      )) {
        digest.add(event);
      }
      if (digest.lastEventId === null || digest.sinceAnchor < Math.max(1, options.minEvents ?? 1)) {
        return null;
      }
      const data: AnchorData = {
        count: digest.count,
        lastEventId: digest.lastEventId,
        digest: digest.digest,
      };
      try {
        const result = await this.#store.appendToStream(
          ANCHOR_STREAM,
          [
            {
              id: crypto.randomUUID(),
              type: ANCHOR_TYPE,
              data: { ...data },
              metadata: {
                actor: options.actor ?? 'integrity:anchorer',
                source: { document: 'the log itself' },
                reason: `commits to the ${data.count.toLocaleString('en-US')} events of the log up to ${data.lastEventId}`,
              },
            },
          ],
          { expectedRevision: state.anchorRevision },
        );
        state.anchorRevision = result.nextExpectedRevision;
        return { position: result.position, data };
      } catch (error) {
        // Another anchorer wrote first: start again from its anchor, so anchors stay in log order.
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= 3) throw error;
        this.#state = undefined;
      }
    }
  }

  async #resume(): Promise<{ digest: LogDigest; anchorRevision: number | 'no_stream' }> {
    const read = await this.#store.readStream(ANCHOR_STREAM, {
      direction: 'backwards',
      maxCount: 1,
    });
    const last = read.status === 'found' ? read.events[0] : undefined;
    const digest = new LogDigest();
    if (last === undefined) return { digest, anchorRevision: 'no_stream' };
    const data = anchorDataOf(last.data);
    if (typeof data === 'string') {
      throw new Error(`the last anchor (${ANCHOR_STREAM}@${last.revision}) is malformed: ${data}`);
    }
    // The anchor covers the log up to its last event; the few events written between that one and
    // the anchor itself are folded after it.
    const between = await eventsBetween(this.#store, last, data);
    if (between === null) {
      throw new Error(
        `the last anchor names event ${data.lastEventId}, which is not in the log before it: verify the log with "pnpm ledger verify"`,
      );
    }
    digest.count = data.count;
    digest.digest = data.digest;
    digest.lastEventId = data.lastEventId;
    for (const event of between) digest.add(event);
    digest.add(last);
    return { digest, anchorRevision: last.revision };
  }
}

/**
 * The events written after the last one an anchor covers and before the anchor itself (others
 * appending while it was written), oldest first; null when that event is not before the anchor.
 */
async function eventsBetween(
  store: EventStore,
  anchor: RecordedEvent,
  data: AnchorData,
): Promise<RecordedEvent[] | null> {
  const between: RecordedEvent[] = [];
  for await (const event of store.readAll({ direction: 'backwards', after: anchor.position })) {
    if (event.id === data.lastEventId) return between.reverse();
    between.push(event);
  }
  return null;
}

/** An anchor as a receipt names it: nothing in it depends on the store holding the log. */
export interface AnchorRef {
  readonly eventId: string;
  /** The anchor's log sequence number: how many events of the log go up to it, itself included. */
  readonly position: number;
  readonly count: number;
  readonly digest: string;
}

/**
 * The last anchor at or before `position` (this store's): what a report of the log up to there
 * rests on.
 */
export async function anchorAtOrBefore(
  store: EventStore,
  position: number | null,
): Promise<AnchorRef | null> {
  if (position === null) return null;
  const read = await store.readStream(ANCHOR_STREAM, { direction: 'backwards' });
  if (read.status !== 'found') return null;
  for (const event of read.events) {
    if (event.position > position) continue;
    const data = anchorDataOf(event.data);
    if (typeof data === 'string') return null;
    const between = await eventsBetween(store, event, data);
    if (between === null) return null;
    return {
      eventId: event.id,
      position: data.count + between.length + 1,
      count: data.count,
      digest: data.digest,
    };
  }
  return null;
}

export interface AnchoringOptions {
  /** Anchor as soon as this many events arrived since the last anchor. Default 1,000. */
  readonly everyEvents?: number;
  /** Anchor whatever arrived, if anything, once this long passed since the last anchor. Default 60 s. */
  readonly everyMs?: number;
  /** How often to look. Default 5 s. */
  readonly pollMs?: number;
  readonly onAnchor?: (anchored: Anchored) => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * Keeps anchoring the log while a service runs (the projector): an anchor once `everyEvents`
 * events arrived, or once `everyMs` passed with any. Returns a function that stops it and waits
 * for an anchor being written.
 */
export function startAnchoring(
  store: EventStore,
  options: AnchoringOptions = {},
): () => Promise<void> {
  const anchorer = new Anchorer(store);
  const everyEvents = options.everyEvents ?? 1_000;
  const everyMs = options.everyMs ?? 60_000;
  let last = Date.now();
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const tick = () => {
    // The first pass over a large log may outlast a poll: never two at once.
    if (busy) return;
    busy = true;
    running = (async () => {
      const due = Date.now() - last >= everyMs;
      const anchored = await anchorer.anchor({ minEvents: due ? 1 : everyEvents });
      if (anchored !== null) {
        last = Date.now();
        options.onAnchor?.(anchored);
      } else if (due) {
        last = Date.now();
      }
    })()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(() => {
    if (!stopped) tick();
  }, options.pollMs ?? 5_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
