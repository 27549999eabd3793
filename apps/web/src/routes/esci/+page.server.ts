import { redirect } from '@sveltejs/kit';
import { refusalOf } from '$lib/server/refusal.ts';
import { endSession } from '$lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state: only the form's POST does it, never a visit.
export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
  default: async ({ locals, cookies, url }) => {
    try {
      await locals.api.auth.signOut.mutate();
    } catch (caught) {
      // An already ended session is signed out all the same.
      if (refusalOf(caught)?.code !== 'UNAUTHORIZED') throw caught;
    }
    endSession(cookies, url);
    redirect(303, '/accedi');
  },
} satisfies Actions;
