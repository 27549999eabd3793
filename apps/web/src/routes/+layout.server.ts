import { redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime.js';
import type { LayoutServerLoad } from './$types';

/** Pages open to anyone: the rest needs a session (the API answers nothing without one). */
const PUBLIC = new Set(['/accedi']);

export const load = (({ locals, url }) => {
  if (locals.user === null && !PUBLIC.has(url.pathname)) {
    redirect(303, `/accedi?dopo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return { user: locals.user, locale: getLocale() };
}) satisfies LayoutServerLoad;
