/**
 * How the web server's configuration is checked: a pure function of the variables, so whatever
 * supplies them (the server's `env.ts`, a check of infra/) judges them alike.
 */

import { z } from 'zod';

const Env = z.object({
  LEDGER_API_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be the http(s) URL of the API, e.g. http://127.0.0.1:4000',
    })
    .transform((url) => url.replace(/\/+$/, ''))
    .default('http://127.0.0.1:4000'),
});

export type WebEnv = z.infer<typeof Env>;

/** Reads and checks the configuration; an empty variable counts as unset. */
export const readEnv = (source: Readonly<Record<string, string | undefined>>): WebEnv => {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    throw new Error(
      `configuration refused: ${parsed.error.issues
        .map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
};
