/**
 * The projection service: follows the global log of the configured store from the read models'
 * checkpoints (catch-up, then live), rebuilds new or re-versioned projections beside the live
 * ones, snapshots the report projections for known-at reports, and anchors the log. Structured
 * log lines (JSON) go to stderr. SIGTERM or SIGINT ends it cleanly: the batch in progress commits
 * or rolls back whole, then both stores close.
 */
import { openEventStore, startAnchoring } from '@ledger/event-store';
import { createProjector, type LogEntry, openReadStore, writeHeartbeat } from '@ledger/read-models';
import { readEnv } from './env.ts';

const HEARTBEAT_MS = 5_000;

const log = (entry: LogEntry): void => {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), service: 'projector', ...entry })}\n`,
  );
};

async function main(): Promise<void> {
  const env = readEnv();
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    log({ level: 'info', msg: 'stopping', signal });
    controller.abort();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  const eventStore = await openEventStore({ store: env.store, dataDir: env.dataDir });
  const readStore = openReadStore({ file: env.readStoreFile });
  const service = { pid: process.pid, startedAt: new Date().toISOString() };
  try {
    log({
      level: 'info',
      msg: 'started',
      store: env.store?.trim() ? 'eventstoredb' : 'embedded',
      dataDir: env.dataDir,
      readStore: env.readStoreFile,
      ...service,
    });
    writeHeartbeat(readStore, service);
    const heartbeat = setInterval(() => writeHeartbeat(readStore, service), HEARTBEAT_MS);
    heartbeat.unref();
    // The tamper-evident log's anchors (docs/audit.md): the service that follows the log writes them.
    const stopAnchoring = startAnchoring(eventStore, {
      everyEvents: env.anchorEveryEvents,
      everyMs: env.anchorEveryMs,
      onAnchor: ({ position, data }) =>
        log({
          level: 'info',
          msg: 'log anchored',
          position,
          events: data.count,
          digest: data.digest,
        }),
      onError: (error) =>
        log({
          level: 'error',
          msg: 'anchoring failed',
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        }),
    });
    try {
      await createProjector({
        readStore,
        eventStore,
        log,
        ...(env.buildBatchSize === undefined ? {} : { buildBatchSize: env.buildBatchSize }),
      }).run(controller.signal);
    } finally {
      clearInterval(heartbeat);
      await stopAnchoring();
    }
    log({ level: 'info', msg: 'stopped' });
  } finally {
    readStore.close();
    await eventStore.close();
  }
}

main().catch((error: unknown) => {
  log({
    level: 'error',
    msg: 'projector failed',
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
  process.exitCode = 1;
});
