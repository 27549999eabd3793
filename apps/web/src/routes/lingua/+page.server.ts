import { redirect } from '@sveltejs/kit';
import { isLocale } from '$lib/paraglide/runtime.js';
import { safeReturn } from '$lib/redirects.ts';
import type { Actions, PageServerLoad } from './$types';

const YEAR_S = 365 * 24 * 3600;

export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const locale = String(form.get('lingua') ?? '');
    // The cookie Paraglide's runtime reads; scripts may read it too, it holds no secret.
    if (isLocale(locale)) {
      cookies.set('ledger_lang', locale, {
        path: '/',
        maxAge: YEAR_S,
        sameSite: 'lax',
        httpOnly: false,
        secure: url.protocol === 'https:',
      });
    }
    redirect(303, safeReturn(String(form.get('dopo') ?? '')));
  },
} satisfies Actions;
