/**
 * The one place the CLI reads its environment. Everything else gets a `CliEnv`.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATA_DIR, findWorkspaceRoot, resolveDataDir } from '@ledger/event-store';
import { z } from 'zod';

const Env = z.object({
  LEDGER_STORE: z
    .string()
    .trim()
    .optional()
    .describe('Empty or unset: the embedded file; else an esdb:// or esdb+discover:// string.'),
  LEDGER_DATA_DIR: z
    .string()
    .trim()
    .min(1, { error: 'must name a directory when set' })
    .default(DEFAULT_DATA_DIR)
    .describe('Directory of the embedded store; relative to the workspace root.'),
  INIT_CWD: z
    .string()
    .min(1)
    .optional()
    .describe("Set by pnpm to the shell's directory when a script is run through it."),
});

export interface CliEnv {
  /** `LEDGER_STORE`, `undefined` for the embedded file. */
  readonly store: string | undefined;
  /** Absolute directory of the embedded store. */
  readonly dataDir: string;
  /** The folder holding pnpm-workspace.yaml. */
  readonly workspaceRoot: string;
  /** Where file arguments are resolved: the directory the user typed the command in. */
  readonly callerDir: string;
}

export class EnvError extends Error {
  override readonly name = 'EnvError';
}

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Reads the configuration. A relative `LEDGER_DATA_DIR` is taken from the workspace root, so
 * `./data` is the repository's `data/` whichever package directory pnpm or turbo runs in;
 * file arguments are taken from `INIT_CWD`, the directory `pnpm ledger` was typed in.
 */
export const readEnv = (
  source: Readonly<Record<string, string | undefined>> = process.env,
): CliEnv => {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new EnvError(
      `${String(issue?.path[0] ?? 'environment')} ${issue?.message ?? 'is not valid'}`,
    );
  }
  const { LEDGER_STORE, LEDGER_DATA_DIR, INIT_CWD } = parsed.data;
  const workspaceRoot = findWorkspaceRoot(HERE);
  return {
    store: LEDGER_STORE === undefined || LEDGER_STORE === '' ? undefined : LEDGER_STORE,
    dataDir: resolveDataDir(LEDGER_DATA_DIR, workspaceRoot),
    workspaceRoot,
    callerDir: INIT_CWD ?? process.cwd(),
  };
};
