import { canAudit } from '$lib/roles.ts';
import { read } from '$lib/server/api.ts';
import { afterWrites } from '$lib/server/session.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params, url, cookies }) => {
  const organisationId = params.id;
  const reads = afterWrites(cookies);
  const auditor = canAudit(locals.user?.role);
  const [organisation, projects, trail] = await read(url, () =>
    Promise.all([
      locals.api.organisations.get.query({ organisationId, ...reads }),
      locals.api.projects.list.query({ ...reads }),
      auditor
        ? locals.api.audit.trail.query({
            record: { kind: 'organisation', id: organisationId },
            ...reads,
          })
        : Promise.resolve(null),
    ]),
  );
  return {
    organisation,
    // Its projects with their periods: the organisation view names them, the list dates them.
    projects: projects.filter((project) =>
      project.partners.some(
        (partner) => partner.kind === 'organisation' && partner.id === organisationId,
      ),
    ),
    trail,
    live: [`organisation:${organisationId}`],
  };
}) satisfies PageServerLoad;
