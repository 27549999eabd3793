/**
 * The one typed client of the API. The browser never calls the API: loads and actions do, here,
 * with the session's bearer token from its httpOnly cookie.
 */
import type { AppRouter } from '@ledger/api';
import { error, redirect } from '@sveltejs/kit';
import { createTRPCClient, httpLink, httpSubscriptionLink, type TRPCClient } from '@trpc/client';
import { EventSource } from 'eventsource';
import { env } from './env.ts';
import { refusalOf } from './refusal.ts';

export type Api = TRPCClient<AppRouter>;

export const apiClient = (token: string | undefined): Api =>
  createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${env.LEDGER_API_URL}/trpc`,
        headers: () => (token === undefined ? {} : { authorization: `Bearer ${token}` }),
      }),
    ],
  });

/**
 * A client for the API's live stream (server-sent events). Node has no EventSource of its own; the
 * `eventsource` package's takes a fetch, through which the bearer token goes.
 */
export const liveClient = (token: string): Api =>
  createTRPCClient<AppRouter>({
    links: [
      httpSubscriptionLink({
        url: `${env.LEDGER_API_URL}/trpc`,
        EventSource,
        eventSourceOptions: () => ({
          fetch: (input: string | URL | Request, init?: RequestInit) =>
            fetch(input, {
              ...init,
              headers: { ...init?.headers, authorization: `Bearer ${token}` },
            }),
        }),
      }),
    ],
  });

/**
 * Runs a read for a page: a missing record is a 404 page, an ended session goes to sign-in, a
 * refusal by role is a 403 page, an unreachable API a 503 page.
 */
export const read = async <T>(url: URL, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (caught) {
    const refusal = refusalOf(caught);
    if (refusal === null) {
      error(503, { message: 'api_unavailable' });
    }
    switch (refusal.code) {
      case 'NOT_FOUND':
        error(404, { message: 'not_found' });
        break;
      case 'UNAUTHORIZED':
        redirect(303, `/accedi?dopo=${encodeURIComponent(url.pathname + url.search)}`);
        break;
      case 'FORBIDDEN':
        error(403, { message: 'forbidden' });
        break;
      case 'BAD_REQUEST':
        error(400, { message: refusal.message });
        break;
      default:
        error(refusal.httpStatus >= 500 ? 503 : refusal.httpStatus, { message: refusal.message });
    }
  }
};
