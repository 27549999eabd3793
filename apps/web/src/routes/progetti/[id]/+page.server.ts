import { error } from '@sveltejs/kit';
import { read } from '$lib/server/api.ts';
import { afterWrites } from '$lib/server/session.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params, url, cookies }) => {
  const projects = await read(url, () =>
    locals.api.projects.list.query({ ...afterWrites(cookies) }),
  );
  const project = projects.find((candidate) => candidate.id === params.id);
  if (project === undefined) error(404, { message: 'not_found' });
  return { project, live: [`project:${project.id}`] };
}) satisfies PageServerLoad;
