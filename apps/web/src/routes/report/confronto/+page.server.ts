import { read } from '$lib/server/api.ts';
import { parseKnownAt, parseValidAt } from '$lib/server/asOf.ts';
import { afterWrites } from '$lib/server/session.ts';
import type { PageServerLoad } from './$types';

/** Without dates, the comparison spans the programme: the end of its first year to today. */
const DEFAULT_FROM = '2014-12-31';

export const load = (async ({ locals, url, cookies }) => {
  const now = new Date();
  const input = {
    from: url.searchParams.get('da') ?? '',
    to: url.searchParams.get('a') ?? '',
    knownAt: url.searchParams.get('noto') ?? '',
  };
  const to = parseValidAt(input.to, now, 'to');
  const from = parseValidAt(input.from === '' ? DEFAULT_FROM : input.from, now, 'from');
  const known = parseKnownAt(input.knownAt, now);
  const errors: { from?: string; to?: string; knownAt?: string } = {
    ...(from.error === undefined ? {} : { from: from.error }),
    ...(to.error === undefined ? {} : { to: to.error }),
    ...(known.error === undefined ? {} : { knownAt: known.error }),
  };
  const ordered = from.value <= to.value;
  if (!ordered && errors.from === undefined) errors.from = 'from:after_to';
  const diff = await read(url, () =>
    locals.api.reports.diff.query({
      from: ordered ? from.value : to.value,
      to: ordered ? to.value : from.value,
      ...(known.value === undefined ? {} : { knownAt: known.value }),
      ...afterWrites(cookies),
    }),
  );
  return { input, errors, diff, live: ['*'] };
}) satisfies PageServerLoad;
