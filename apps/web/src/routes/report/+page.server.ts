import { read } from '$lib/server/api.ts';
import { asOf } from '$lib/server/asOf.ts';
import { afterWrites } from '$lib/server/session.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url, cookies }) => {
  // Reports answer "as known at T" for every reader: the API allows it, and analysts need it.
  const when = asOf(url, new Date(), true);
  const report = await read(url, () =>
    locals.api.reports.ecosystem.query({
      validAt: when.validAt,
      ...(when.knownAt === undefined ? {} : { knownAt: when.knownAt }),
      ...afterWrites(cookies),
    }),
  );
  return { when, report, live: ['*'] };
}) satisfies PageServerLoad;
