/** Live updates for the browser: the API's change stream, as the signed-in user. */
import { error } from '@sveltejs/kit';
import { liveClient } from '$lib/server/api.ts';
import { relayStream } from '$lib/server/relay.ts';
import { sessionToken } from '$lib/server/session.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, cookies, request }) => {
  const token = sessionToken(cookies);
  if (locals.user === null || token === undefined) error(401, { message: 'sign_in_first' });
  const body = relayStream(
    {
      subscribe: (onChange, onEnd) => {
        const subscription = liveClient(token).live.changes.subscribe(undefined, {
          onData: ({ data }) => onChange(data),
          onError: onEnd,
          onComplete: onEnd,
        });
        return () => subscription.unsubscribe();
      },
      caughtUp: (position) => locals.api.networks.list.query({ minPosition: position }),
    },
    request.signal,
  );
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
};
