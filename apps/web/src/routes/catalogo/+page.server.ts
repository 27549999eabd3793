import { read } from '$lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => ({
  catalog: await read(url, () => locals.api.catalog.events.query()),
})) satisfies PageServerLoad;
