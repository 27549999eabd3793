import { selectedGroups } from '$lib/records.ts';
import { read } from '$lib/server/api.ts';
import { afterWrites } from '$lib/server/session.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params, url, cookies }) => {
  const networkId = params.id;
  const reads = afterWrites(cookies);
  const [network, timeline, register, projects, stories] = await read(url, () =>
    Promise.all([
      locals.api.networks.get.query({ networkId, ...reads }),
      // Each entry carries its citation: every reader may reveal where a fact comes from.
      locals.api.networks.timeline.query({ networkId, ...reads }),
      locals.api.memberships.register.query({ networkId, ...reads }),
      locals.api.projects.list.query({ networkId, ...reads }),
      locals.api.networks.successStories.query({ networkId, ...reads }),
    ]),
  );
  return {
    network,
    timeline,
    register,
    projects,
    stories,
    groups: selectedGroups(url.searchParams.getAll('tipo')),
    live: [`network:${networkId}`],
  };
}) satisfies PageServerLoad;
