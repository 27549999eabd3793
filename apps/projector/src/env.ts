/**
 * The projector's configuration: the only place that reads `process.env`.
 *
 * - `LEDGER_STORE`: empty for the embedded file, or an EventStoreDB/KurrentDB connection string.
 * - `LEDGER_DATA_DIR`: where local files live (default `./data`); a relative path is resolved
 *   against the workspace root, so the service finds the same files from any working directory.
 *   The read store is `<dataDir>/read/read-models.sqlite`, its snapshots `<dataDir>/read/snapshots/`.
 * - `LEDGER_PROJECTOR_BUILD_BATCH`: events per transaction while rebuilding (default 50,000);
 *   smaller batches lose less work to a crash and report progress more often.
 * - `LEDGER_ANCHOR_EVERY_EVENTS` / `LEDGER_ANCHOR_EVERY_SECONDS`: the service anchors the log
 *   (docs/audit.md) once that many events arrived, or that long passed with any (1,000 / 60).
 */
import { resolveDataDir } from '@ledger/event-store';
import { readStoreFile } from '@ledger/read-models';

export interface ProjectorEnv {
  /** `LEDGER_STORE` as given; undefined or empty selects the embedded file. */
  readonly store: string | undefined;
  readonly dataDir: string;
  readonly readStoreFile: string;
  readonly buildBatchSize: number | undefined;
  /** Anchor the log once this many events arrived since the last anchor. */
  readonly anchorEveryEvents: number;
  /** Anchor whatever arrived once this long passed since the last anchor. */
  readonly anchorEveryMs: number;
}

/** A configuration variable is malformed. */
export class ProjectorConfigError extends Error {
  override readonly name = 'ProjectorConfigError';
}

/** A whole number, 1 or more, from the variable `name`; `undefined` when unset or empty. */
const wholeNumber = (env: NodeJS.ProcessEnv, name: string, unit: string): number | undefined => {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(value)) {
    throw new ProjectorConfigError(
      `${name} must be a whole number of ${unit}, 1 or more, got "${text}"`,
    );
  }
  return value;
};

export function readEnv(env: NodeJS.ProcessEnv = process.env): ProjectorEnv {
  const absolute = resolveDataDir(env.LEDGER_DATA_DIR, import.meta.dirname);
  return {
    store: env.LEDGER_STORE,
    dataDir: absolute,
    readStoreFile: readStoreFile(absolute),
    buildBatchSize: wholeNumber(env, 'LEDGER_PROJECTOR_BUILD_BATCH', 'events'),
    anchorEveryEvents: wholeNumber(env, 'LEDGER_ANCHOR_EVERY_EVENTS', 'events') ?? 1_000,
    anchorEveryMs: (wholeNumber(env, 'LEDGER_ANCHOR_EVERY_SECONDS', 'seconds') ?? 60) * 1_000,
  };
}
