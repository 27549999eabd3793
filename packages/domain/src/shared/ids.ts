import { z } from 'zod';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;

export const SLUG_REASON =
  'must be a slug: 1 to 80 lowercase letters, digits or hyphens, not starting or ending with a hyphen';

const slug = (what: string, examples: string) =>
  z
    .string({ error: SLUG_REASON })
    .regex(SLUG, { error: SLUG_REASON })
    .describe(`${what}: a human-readable slug, e.g. ${examples}.`);

// Ids are human-readable slugs on purpose: streams and exports stay legible to historians.
export const NetworkId = slug('Network id', '`afil`, `le2c`');
export type NetworkId = z.infer<typeof NetworkId>;

export const OrganisationId = slug('Organisation id', '`a2a-ambiente`, `politecnico-di-milano`');
export type OrganisationId = z.infer<typeof OrganisationId>;

export const ProjectId = slug('Project id', '`fanghi`');
export type ProjectId = z.infer<typeof ProjectId>;

export const StoryId = slug('Success story id', '`roadmap-economia-circolare`');
export type StoryId = z.infer<typeof StoryId>;

export const EventId = z
  .uuid({ error: 'must be a UUID' })
  .describe('Event id: a UUID chosen by the writer, so that retrying an append is idempotent.');
export type EventId = z.infer<typeof EventId>;

export const isSlug = (value: string): boolean => SLUG.test(value);
