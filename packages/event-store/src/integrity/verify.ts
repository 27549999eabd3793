/**
 * Verifying a log — a store's, or an export's — from its first event: every stream's revisions
 * follow each other and every event's chain link recomputes and names the link before it; every
 * anchor matches the digest of the log before it. The first break is reported with where it is.
 */
import type { RecordedEvent } from '../port.ts';
import { anchorDataOf, isAnchor, LogDigest } from './anchors.ts';
import { chainOf, contentHash, isLink, linkHash } from './chain.ts';

export interface Break {
  /** Position of the event where the log stops verifying (in the store or export read). */
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly reason: string;
}

export interface VerifyProgress {
  readonly events: number;
  readonly position: number;
}

export interface Verification {
  readonly ok: boolean;
  readonly events: number;
  readonly streams: number;
  /** Anchors checked, and the last one (which a report receipt may name). */
  readonly anchors: number;
  readonly lastAnchor: {
    readonly eventId: string;
    readonly position: number;
    readonly count: number;
    readonly digest: string;
  } | null;
  /** Events after the last anchor: protected by their streams' chains only, until the next one. */
  readonly unanchored: number;
  /** Partial logs: anchors that could not be checked because events they cover are not present. */
  readonly skippedAnchors: number;
  /** The digest of the whole log read. */
  readonly digest: string;
  readonly firstBreak: Break | null;
}

export interface VerifyOptions {
  /** Called every `progressEvery` events (default 10,000). */
  readonly onProgress?: (progress: VerifyProgress) => void;
  readonly progressEvery?: number;
  readonly signal?: AbortSignal;
  /**
   * The events are part of a log (one stream, a time range): a stream may start past revision 0,
   * its first link is taken as it is, and an anchor whose events are not all present is skipped.
   */
  readonly partial?: boolean;
}

interface StreamHead {
  revision: number;
  hash: string | null;
}

/** Checks `events`, in log order, up to the first break. */
export async function verifyEvents(
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
  options: VerifyOptions = {},
): Promise<Verification> {
  const every = Math.max(1, options.progressEvery ?? 10_000);
  const heads = new Map<string, StreamHead>();
  const digest = new LogDigest();
  /** Digest after each event since the last verified anchor, for the next anchor to be checked against. */
  let window = new Map<string, { count: number; digest: string }>();
  let anchors = 0;
  let skippedAnchors = 0;
  const partial = options.partial === true;
  let lastAnchor: Verification['lastAnchor'] = null;
  let lastPosition = Number.NEGATIVE_INFINITY;
  let firstBreak: Break | null = null;

  const breakAt = (event: RecordedEvent, reason: string): void => {
    firstBreak = {
      position: event.position,
      streamId: event.streamId,
      revision: event.revision,
      eventId: event.id,
      eventType: event.type,
      reason,
    };
  };

  for await (const event of events) {
    options.signal?.throwIfAborted();
    if (event.position <= lastPosition) {
      breakAt(
        event,
        `its position ${event.position} does not follow the one before it (${lastPosition}): the log is out of order`,
      );
      break;
    }
    lastPosition = event.position;
    const head = heads.get(event.streamId);
    const expectedRevision =
      head === undefined ? (partial ? event.revision : 0) : head.revision + 1;
    if (event.revision !== expectedRevision) {
      const gap = event.revision - expectedRevision;
      const missing = `${gap} event${gap === 1 ? ' is' : 's are'} missing before it, or the stream is out of order`;
      breakAt(
        event,
        gap < 0
          ? `revision ${event.revision} appears again after revision ${expectedRevision - 1}: the stream is out of order`
          : head === undefined
            ? `the stream starts at revision ${event.revision}, not 0: ${missing}`
            : `the stream jumps from revision ${expectedRevision - 1} to ${event.revision}: ${missing}`,
      );
      break;
    }
    const link = chainOf(event.metadata);
    if (!isLink(link)) {
      breakAt(
        event,
        link === undefined
          ? 'it has no hash-chain link: it was written without one, or the link was removed'
          : link.malformed,
      );
      break;
    }
    const prev = head === undefined && partial ? link.prev : (head?.hash ?? null);
    if (link.prev !== prev) {
      breakAt(
        event,
        `its link names ${link.prev ?? 'no'} previous event, but the event before it in the stream hashes to ${prev ?? 'nothing (it is the first)'}: an event before it was altered, removed or reordered`,
      );
      break;
    }
    const hash = linkHash({
      streamId: event.streamId,
      revision: event.revision,
      id: event.id,
      content: contentHash(event.type, event.data, event.metadata),
      prev,
    });
    if (hash !== link.hash) {
      breakAt(
        event,
        'its content does not hash to its link: the event was altered after it was written',
      );
      break;
    }
    heads.set(event.streamId, { revision: event.revision, hash });

    if (isAnchor(event)) {
      const data = anchorDataOf(event.data);
      if (typeof data === 'string') {
        breakAt(event, `a malformed anchor: ${data}`);
        break;
      }
      const covered = window.get(data.lastEventId);
      if (partial && (covered === undefined || covered.count !== data.count)) {
        skippedAnchors++;
      } else if (covered === undefined) {
        breakAt(
          event,
          `the anchor names event ${data.lastEventId}, which is not in the log since the anchor before it: an anchored event was removed, or anchors are out of order`,
        );
        break;
      } else if (covered.count !== data.count || covered.digest !== data.digest) {
        breakAt(
          event,
          `the log up to event ${data.lastEventId} is not what this anchor committed to (${data.count} events, digest ${data.digest.slice(0, 12)}…, found ${covered.count} events, digest ${covered.digest.slice(0, 12)}…): since the anchor before it, an event was inserted, removed, reordered or re-dated`,
        );
        break;
      } else {
        anchors++;
        lastAnchor = {
          eventId: event.id,
          position: event.position,
          count: data.count,
          digest: data.digest,
        };
        const kept = new Map<string, { count: number; digest: string }>();
        for (const [id, entry] of window) if (entry.count > data.count) kept.set(id, entry);
        window = kept;
      }
    }
    digest.add(event);
    window.set(event.id, { count: digest.count, digest: digest.digest });
    if (digest.count % every === 0)
      options.onProgress?.({ events: digest.count, position: event.position });
  }
  return {
    ok: firstBreak === null,
    events: digest.count,
    streams: heads.size,
    anchors,
    lastAnchor,
    unanchored: digest.sinceAnchor,
    skippedAnchors,
    digest: digest.digest,
    firstBreak,
  };
}
