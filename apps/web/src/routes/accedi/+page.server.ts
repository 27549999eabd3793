import { fail, redirect } from '@sveltejs/kit';
import { safeReturn } from '$lib/redirects.ts';
import { refusalOf } from '$lib/server/refusal.ts';
import { startSession } from '$lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals, url }) => {
  const after = safeReturn(url.searchParams.get('dopo'));
  if (locals.user !== null) redirect(303, after);
  return { after };
}) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals, cookies, url }) => {
    const form = await request.formData();
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const after = safeReturn(String(form.get('dopo') ?? ''));
    const missing = {
      ...(username === '' ? { username: 'required' } : {}),
      ...(password === '' ? { password: 'required' } : {}),
    };
    if (Object.keys(missing).length > 0) return fail(400, { username, errors: missing });
    try {
      const session = await locals.api.auth.signIn.mutate({ username, password });
      startSession(cookies, url, session.token, session.expiresAt);
    } catch (caught) {
      const refusal = refusalOf(caught);
      if (refusal === null) return fail(503, { username, errors: { form: 'api_unavailable' } });
      return fail(refusal.httpStatus, {
        username,
        errors: { form: refusal.code === 'TOO_MANY_REQUESTS' ? 'throttled' : 'wrong_credentials' },
      });
    }
    redirect(303, after);
  },
} satisfies Actions;
