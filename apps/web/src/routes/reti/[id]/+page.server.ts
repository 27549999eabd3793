import { selectedGroups } from '$lib/records.ts';
import { canAudit } from '$lib/roles.ts';
import { read } from '$lib/server/api.ts';
import { trailProvenance } from '$lib/server/provenance.ts';
import { afterWrites } from '$lib/server/session.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params, url, cookies }) => {
  const networkId = params.id;
  const reads = afterWrites(cookies);
  const auditor = canAudit(locals.user?.role);
  const [network, timeline, register, projects, provenance] = await read(url, () =>
    Promise.all([
      locals.api.networks.get.query({ networkId, ...reads }),
      locals.api.networks.timeline.query({ networkId, ...reads }),
      locals.api.memberships.register.query({ networkId, ...reads }),
      locals.api.projects.list.query({ networkId, ...reads }),
      trailProvenance(locals.api, { kind: 'network', id: networkId }, auditor, reads),
    ]),
  );
  // Censuses carry their own citation: every reader may see it.
  for (const census of register.census) {
    provenance[census.eventId] ??= { source: census.source, synthetic: false };
  }
  return {
    network,
    timeline,
    register,
    projects,
    provenance,
    auditor,
    groups: selectedGroups(url.searchParams.getAll('tipo')),
    live: [`network:${networkId}`],
  };
}) satisfies PageServerLoad;
