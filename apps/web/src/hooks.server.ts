import { type Handle, isRedirect } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server.js';
import { apiClient } from '$lib/server/api.ts';
import { refusalOf } from '$lib/server/refusal.ts';
import { endSession, sessionToken } from '$lib/server/session.ts';

/** The request's language (the switch's cookie, else Italian), and `<html lang>` with it. */
const language: Handle = ({ event, resolve }) =>
  paraglideMiddleware(event.request, ({ request, locale }) => {
    event.request = request;
    return resolve(event, {
      transformPageChunk: ({ html }) => html.replace('%lang%', locale),
    });
  });

/** Who is signed in, as the API knows it: a token the API no longer honours ends the session. */
const session: Handle = async ({ event, resolve }) => {
  const token = sessionToken(event.cookies);
  event.locals.api = apiClient(token);
  event.locals.user = null;
  if (token !== undefined) {
    try {
      event.locals.user = await event.locals.api.auth.me.query();
    } catch (caught) {
      if (isRedirect(caught)) throw caught;
      if (refusalOf(caught)?.code !== 'UNAUTHORIZED') throw caught;
      endSession(event.cookies, event.url);
      event.locals.api = apiClient(undefined);
    }
  }
  return resolve(event);
};

export const handle = sequence(language, session);
