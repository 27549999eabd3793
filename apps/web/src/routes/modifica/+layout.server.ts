import { error } from '@sveltejs/kit';
import { canEdit } from '$lib/roles.ts';
import type { LayoutServerLoad } from './$types';

// The forms are not offered to roles the API would refuse; it refuses them all the same.
export const load = (({ locals }) => {
  if (!canEdit(locals.user?.role)) error(403, { message: 'forbidden' });
}) satisfies LayoutServerLoad;
