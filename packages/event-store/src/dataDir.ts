import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** `LEDGER_DATA_DIR` when unset: the repository's own `data/` folder. */
export const DEFAULT_DATA_DIR = './data';

/** The nearest folder at or above `from` holding pnpm-workspace.yaml: the repository root. */
export const findWorkspaceRoot = (from: string): string => {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml at or above ${from}`);
    dir = parent;
  }
};

/**
 * The absolute data directory for a `LEDGER_DATA_DIR` value. A relative one is taken from the
 * repository root rather than the working directory, because pnpm and turbo run each app's scripts
 * in its own package folder: `./data` must be the same folder for the CLI, the projector and the API.
 */
export const resolveDataDir = (given: string | undefined, from: string): string => {
  const dir = given === undefined || given.trim() === '' ? DEFAULT_DATA_DIR : given.trim();
  return isAbsolute(dir) ? dir : resolve(findWorkspaceRoot(from), dir);
};
