/**
 * Wires the API: opens the event store, the read store, the users file; keeps the read models
 * up to date when the projector runs inline; creates the first admin; listens.
 */
import { mkdirSync } from 'node:fs';
import { createCommandHandler } from '@ledger/commands';
import { type EventStore, openEventStore } from '@ledger/event-store';
import {
  createProjector,
  type LogEntry,
  openReadStore,
  type ReadStore,
  readStoreFile,
} from '@ledger/read-models';
import { ensureFirstAdmin, logFirstAdmin } from './auth/firstAdmin.ts';
import { SignInLimiter } from './auth/limiter.ts';
import { PasswordHasher } from './auth/passwords.ts';
import { UserStore, usersFile } from './auth/users.ts';
import type { ApiConfig } from './env.ts';
import { createLogger, type Logger } from './log.ts';
import { ReadSide } from './readSide.ts';
import { appRouter } from './root.ts';
import { createHttpServer } from './server.ts';
import { Inflight, type Services } from './trpc.ts';

export interface ApiOptions {
  readonly config: ApiConfig;
  readonly log?: Logger;
  readonly clock?: () => Date;
}

export interface RunningApi {
  /** `http://host:port`; the tRPC endpoint is `${url}/trpc`. */
  readonly url: string;
  readonly services: Services;
  /** Graceful: accepted requests finish, then the projector and the stores close. */
  close(): Promise<void>;
}

const RESTART_MS = 1_000;

/** The projector service loop, restarted after a failure (a store that went away, say). */
const runProjector = (
  readStore: ReadStore,
  eventStore: EventStore,
  log: Logger,
  signal: AbortSignal,
) => {
  const projectorLog = log.child({ component: 'projector' });
  const projector = createProjector({
    readStore,
    eventStore,
    log: ({ level, msg, ...fields }: LogEntry) => projectorLog[level](msg, fields),
  });
  return (async () => {
    while (!signal.aborted) {
      try {
        await projector.run(signal);
      } catch (error) {
        if (signal.aborted) return;
        projectorLog.error('projector failed; restarting', {
          error:
            error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, RESTART_MS));
      }
    }
  })();
};

export async function startApi(options: ApiOptions): Promise<RunningApi> {
  const { config } = options;
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? (() => new Date());
  mkdirSync(config.dataDir, { recursive: true });

  const eventStore = await openEventStore({ store: config.store, dataDir: config.dataDir });
  const readFile = readStoreFile(config.dataDir);
  const readStore = openReadStore({ file: readFile });
  const users = new UserStore(usersFile(config.dataDir), clock);
  const shutdownController = new AbortController();
  const projectorController = new AbortController();
  const projectorStore =
    config.projector === 'inline' ? openReadStore({ file: readFile }) : undefined;
  const projecting =
    projectorStore === undefined
      ? Promise.resolve()
      : runProjector(projectorStore, eventStore, log, projectorController.signal);

  const services: Services = {
    config,
    log,
    eventStore,
    commands: createCommandHandler({ store: eventStore }),
    readSide: new ReadSide(readStore, eventStore, config.readWaitMs),
    readStore,
    users,
    hasher: new PasswordHasher(config.kdfCost),
    limiter: new SignInLimiter({
      maxFailures: config.signInFailures,
      windowMs: config.signInWindowMs,
    }),
    clock,
    subscriptions: new Inflight(),
    shutdown: shutdownController.signal,
  };

  // Before listening, so the first request can already sign in.
  const firstAdmin = await ensureFirstAdmin({
    users,
    hasher: services.hasher,
    dataDir: config.dataDir,
    username: config.firstAdmin.username,
    password: config.firstAdmin.password,
  });
  const http = createHttpServer({ services, router: appRouter, shutdownController });
  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(config.port, config.host, () => {
      http.server.off('error', reject);
      resolve();
    });
  });
  if (firstAdmin !== null) logFirstAdmin(log, firstAdmin, http.url);
  log.info('api listening', {
    url: http.url,
    trpc: `${http.url}/trpc`,
    store: config.store === undefined ? 'embedded' : 'eventstoredb',
    dataDir: config.dataDir,
    projector: config.projector,
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await http.shutdown();
      projectorController.abort();
      await projecting;
      services.readSide.close();
      projectorStore?.close();
      readStore.close();
      users.close();
      await eventStore.close();
      log.info('api stopped');
    })();
    return closing;
  };
  return { url: http.url, services, close };
}
