/**
 * Live updates for the browser: the API's change stream, as the signed-in user, relayed as
 * server-sent events. A change is sent once the read models include it, so the page that reloads
 * on it sees it; changes arriving meanwhile are sent together.
 */
import type { ChangedRecord } from '@ledger/api';
import { error } from '@sveltejs/kit';
import { liveClient } from '$lib/server/api.ts';
import { sessionToken } from '$lib/server/session.ts';
import type { RequestHandler } from './$types';

/** Keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

export const GET: RequestHandler = ({ locals, cookies, request }) => {
  const token = sessionToken(cookies);
  if (locals.user === null || token === undefined) error(401, { message: 'sign_in_first' });
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      let pending: { position: number; records: ChangedRecord[] } | null = null;
      let flushing = false;
      const send = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const flush = async () => {
        if (flushing) return;
        flushing = true;
        while (pending !== null && open) {
          const batch = pending;
          pending = null;
          try {
            await locals.api.networks.list.query({ minPosition: batch.position });
          } catch {
            // The read models lag or the API restarts: the page reloads anyway and sees what is there.
          }
          send(`event: change\ndata: ${JSON.stringify(batch)}\n\n`);
        }
        flushing = false;
      };
      const subscription = liveClient(token).live.changes.subscribe(undefined, {
        onData: ({ data }) => {
          pending = {
            position: data.position,
            records: [...(pending?.records ?? []), ...data.records],
          };
          void flush();
        },
        onError: () => stop(),
      });
      const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
      stop = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        subscription.unsubscribe();
        controller.close();
      };
      request.signal.addEventListener('abort', () => stop(), { once: true });
      send(': connected\n\n');
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
};
