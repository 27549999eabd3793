import { EMBEDDED_FILE_NAME, type EventStore, openEventStore } from '@ledger/event-store';
import type { CliEnv } from './env.ts';
import { CliError, EXIT } from './errors.ts';

export interface StoreDescription {
  readonly kind: 'embedded' | 'eventstoredb';
  /** The embedded file's path, or the server's host list (never its credentials). */
  readonly location: string;
}

export const describeStore = (env: CliEnv): StoreDescription => {
  if (env.store === undefined) {
    return { kind: 'embedded', location: `${env.dataDir}/${EMBEDDED_FILE_NAME}` };
  }
  const hosts = /^[a-z+]+:\/\/(?:[^@/]*@)?([^/?]*)/i.exec(env.store)?.[1] ?? '(unparsed)';
  return { kind: 'eventstoredb', location: hosts };
};

/** Opens the configured store; a failure is the CLI's "store unavailable" (exit 3). */
export const openStore = async (env: CliEnv): Promise<EventStore> => {
  try {
    return await openEventStore({ store: env.store, dataDir: env.dataDir });
  } catch (error) {
    const { kind, location } = describeStore(env);
    throw new CliError(
      EXIT.unavailable,
      `cannot open the ${kind} store at ${location}: ${(error as Error).message}`,
      { cause: error },
    );
  }
};

/** Runs `work` on the configured store and closes it, whatever happens. */
export const withStore = async <T>(
  env: CliEnv,
  work: (store: EventStore) => Promise<T>,
): Promise<T> => {
  const store = await openStore(env);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
};
