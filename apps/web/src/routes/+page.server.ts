import { canAudit } from '$lib/roles.ts';
import { read } from '$lib/server/api.ts';
import { asOf } from '$lib/server/asOf.ts';
import { afterWrites } from '$lib/server/session.ts';
import type { PageServerLoad } from './$types';

/** The regional cluster programme started in 2014: the chart begins there. */
const FIRST_YEAR = 2014;

/** Year ends from 2014 up to the page's date, then the date itself: the chart's sample days. */
const sampleDays = (validAt: string): string[] => {
  const days: string[] = [];
  for (let year = FIRST_YEAR; `${year}-12-31` < validAt; year++) days.push(`${year}-12-31`);
  if (validAt >= `${FIRST_YEAR}-01-01`) days.push(validAt);
  return days;
};

export const load = (async ({ locals, url, cookies }) => {
  const auditor = canAudit(locals.user?.role);
  const when = asOf(url, new Date(), auditor);
  const options = {
    ...(when.knownAt === undefined ? {} : { knownAt: when.knownAt }),
    ...afterWrites(cookies),
  };
  const days = sampleDays(when.validAt);
  const [report, ...history] = await read(url, () =>
    Promise.all([
      locals.api.reports.ecosystem.query({ validAt: when.validAt, ...options }),
      ...days.map((day) => locals.api.reports.ecosystem.query({ validAt: day, ...options })),
    ]),
  );
  return {
    when,
    auditor,
    report,
    history: history.map((point) => ({
      day: point.validAt,
      totals: point.totals,
      // The programme's own census sums the clusters' ones: only the clusters are added up.
      clusterCensus: point.networks.some(
        (network) => network.kind === 'technology_cluster' && network.census !== null,
      )
        ? point.networks
            .filter((network) => network.kind === 'technology_cluster')
            .reduce((sum, network) => sum + (network.census?.total ?? 0), 0)
        : null,
    })),
    live: ['*'],
  };
}) satisfies PageServerLoad;
