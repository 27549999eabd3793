/**
 * The projector's configuration: the only place that reads `process.env`.
 *
 * - `LEDGER_STORE`: empty for the embedded file, or an EventStoreDB/KurrentDB connection string.
 * - `LEDGER_DATA_DIR`: where local files live (default `./data`); a relative path is resolved
 *   against the workspace root, so the service finds the same files from any working directory.
 *   The read store is `<dataDir>/read/read-models.sqlite`, its snapshots `<dataDir>/read/snapshots/`.
 * - `LEDGER_PROJECTOR_BUILD_BATCH`: events per transaction while rebuilding (default 50,000);
 *   smaller batches lose less work to a crash and report progress more often.
 */
import { resolveDataDir } from '@ledger/event-store';
import { readStoreFile } from '@ledger/read-models';

export interface ProjectorEnv {
  /** `LEDGER_STORE` as given; undefined or empty selects the embedded file. */
  readonly store: string | undefined;
  readonly dataDir: string;
  readonly readStoreFile: string;
  readonly buildBatchSize: number | undefined;
}

/** A configuration variable is malformed. */
export class ProjectorConfigError extends Error {
  override readonly name = 'ProjectorConfigError';
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): ProjectorEnv {
  const absolute = resolveDataDir(env.LEDGER_DATA_DIR, import.meta.dirname);
  const batch = env.LEDGER_PROJECTOR_BUILD_BATCH?.trim();
  let buildBatchSize: number | undefined;
  if (batch !== undefined && batch !== '') {
    buildBatchSize = Number(batch);
    if (!/^[1-9][0-9]*$/.test(batch) || !Number.isSafeInteger(buildBatchSize)) {
      throw new ProjectorConfigError(
        `LEDGER_PROJECTOR_BUILD_BATCH must be a whole number of events, 1 or more, got "${batch}"`,
      );
    }
  }
  return {
    store: env.LEDGER_STORE,
    dataDir: absolute,
    readStoreFile: readStoreFile(absolute),
    buildBatchSize,
  };
}
