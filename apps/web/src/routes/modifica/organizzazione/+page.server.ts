import { fail, redirect } from '@sveltejs/kit';
import {
  citationOf,
  type FormState,
  requireFields,
  runCommand,
  valuesOf,
} from '$lib/server/commands.ts';
import { rememberWrite } from '$lib/server/session.ts';
import type { Actions } from './$types';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const actions = {
  default: async ({ request, locals, cookies, url }) => {
    const values = valuesOf(await request.formData());
    const errors: Record<string, string> = {
      ...requireFields(values, ['organisationId', 'name', 'kind', 'sourceDocument']),
    };
    if (values.organisationId && !SLUG.test(values.organisationId))
      errors.organisationId = 'not_a_slug';
    if (Object.keys(errors).length > 0) return fail(400, { values, errors } satisfies FormState);
    const outcome = await runCommand(values, () =>
      locals.api.organisations.register.mutate({
        data: {
          organisationId: values.organisationId ?? '',
          kind: values.kind as 'company',
          name: values.name ?? '',
          ...(values.city ? { city: values.city } : {}),
          ...(values.province ? { province: values.province.toUpperCase() } : {}),
          ...(values.country ? { country: values.country.toUpperCase() } : {}),
          ...(values.website ? { website: values.website } : {}),
        },
        // A new record: there is no revision to have seen.
        expectedRevision: null,
        ...citationOf(values),
      }),
    );
    if (!outcome.ok) return outcome.failure;
    rememberWrite(cookies, url, outcome.position);
    redirect(303, `/organizzazioni/${values.organisationId}`);
  },
} satisfies Actions;
