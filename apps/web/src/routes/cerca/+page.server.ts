import { read } from '$lib/server/api.ts';
import type { PageServerLoad } from './$types';

const KINDS = ['network', 'organisation', 'project'] as const;
const MAX_TEXT = 200;

export const load = (async ({ locals, url }) => {
  const text = (url.searchParams.get('q') ?? '').trim().slice(0, MAX_TEXT);
  const asked = url.searchParams.getAll('tipo');
  const kinds = KINDS.filter((kind) => asked.includes(kind));
  const hits =
    text === ''
      ? null
      : await read(url, () =>
          locals.api.search.query.query({
            text,
            limit: 50,
            ...(kinds.length === 0 ? {} : { kinds }),
          }),
        );
  return { text, kinds, hits };
}) satisfies PageServerLoad;
