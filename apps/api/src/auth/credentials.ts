import { z } from 'zod';

export const Username = z
  .string({ error: 'must be a text' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, {
    error: 'must be 2 to 63 lowercase letters, digits, dots, hyphens or underscores',
  })
  .describe('A user name, e.g. `maria.rossi`.');

/** Long enough to resist guessing, short enough that hashing it costs what it should. */
export const NewPassword = z
  .string({ error: 'must be a text' })
  .min(12, { error: 'must have at least 12 characters' })
  .max(256, { error: 'must have at most 256 characters' });

/** A password as typed at sign-in: never checked for strength, only bounded. */
export const GivenPassword = z
  .string({ error: 'must be a text' })
  .min(1, { error: 'must not be empty' })
  .max(256, { error: 'must have at most 256 characters' });
