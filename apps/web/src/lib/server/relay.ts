/**
 * The browser's live stream, as server-sent events, relayed from the API's change stream. A change
 * is sent once the read models include it, so the page that reloads on it sees it; changes
 * arriving meanwhile are sent together.
 */
import type { ChangedRecord } from '@ledger/api';

export interface Change {
  readonly position: number;
  readonly records: readonly ChangedRecord[];
}

export interface RelaySource {
  /** Starts the upstream subscription; `onEnd` when it fails or ends. Returns its unsubscribe. */
  subscribe(onChange: (change: Change) => void, onEnd: () => void): () => void;
  /** Resolves once the read models include `position`. */
  caughtUp(position: number): Promise<unknown>;
}

/** Keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * The stream ends, once, on whichever comes first: the browser leaves (`signal`, or the server
 * cancelling the body), or the upstream ends. A browser that left before the response was sent has
 * its body cancelled at once; the stream must take that quietly, or the rejection ends the server.
 */
export const relayStream = (
  source: RelaySource,
  signal: AbortSignal,
): ReadableStream<Uint8Array> => {
  const encoder = new TextEncoder();
  let end: (closeBody: boolean) => void = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      let pending: { position: number; records: ChangedRecord[] } | null = null;
      let flushing = false;
      /** The upstream ended while a change waited on the read models: end once it is sent. */
      let upstreamEnded = false;
      let heartbeat: ReturnType<typeof setInterval> | undefined;
      let unsubscribe: (() => void) | undefined;
      const send = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      end = (closeBody) => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        try {
          unsubscribe?.();
        } catch {
          // The upstream is going away anyway; the browser's stream must still end cleanly.
        }
        if (closeBody) controller.close();
      };
      const flush = async () => {
        if (flushing) return;
        flushing = true;
        while (pending !== null && open) {
          const batch = pending;
          pending = null;
          try {
            await source.caughtUp(batch.position);
          } catch {
            // The read models lag or the API restarts: the page reloads anyway and sees what is there.
          }
          send(`event: change\ndata: ${JSON.stringify(batch)}\n\n`);
        }
        flushing = false;
        if (upstreamEnded) end(true);
      };
      if (signal.aborted) {
        end(true);
        return;
      }
      signal.addEventListener('abort', () => end(true), { once: true });
      unsubscribe = source.subscribe(
        (change) => {
          pending = {
            position: change.position,
            records: [...(pending?.records ?? []), ...change.records],
          };
          void flush();
        },
        () => {
          upstreamEnded = true;
          if (!flushing) end(true);
        },
      );
      if (!open) {
        // The upstream ended while subscribing, before its unsubscribe was at hand.
        unsubscribe();
        return;
      }
      heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
      send(': connected\n\n');
    },
    cancel() {
      // A cancelled stream is closed already: closing it again would throw.
      end(false);
    },
  });
};
