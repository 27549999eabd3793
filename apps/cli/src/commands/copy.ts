import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CopyMismatchError,
  compareLogs,
  copyLog,
  type EventStore,
  openEventStore,
  type RecordedEvent,
  replayClock,
} from '@ledger/event-store';
import { type Command, FORMAT_OPTION, outputFormat, writeOut } from '../cli.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { ExportLineError, exportedEvents } from '../exportFile.ts';
import { Progress } from '../import/progress.ts';
import { describeStore, openStore } from '../store.ts';

/** An export's events; a line that is not an exported event stops the copy, named. */
async function* exportOf(
  file: string,
  onBytes: (bytes: number) => void,
): AsyncGenerator<RecordedEvent> {
  try {
    yield* exportedEvents(file, (_events, bytesRead) => onBytes(bytesRead));
  } catch (error) {
    if (!(error instanceof ExportLineError)) throw error;
    throw new CliError(EXIT.rejected, `${file} ${error.message}; nothing after it was copied`);
  }
}

interface CopyRun {
  readonly what: string;
  readonly source: () => AsyncIterable<RecordedEvent>;
  readonly target: EventStore;
  readonly replay: ReturnType<typeof replayClock>;
  readonly progress: Progress;
  readonly fraction: (event: { position: number }) => number;
}

/** Copies, then verifies that the target is the source: same events, same digest, every link intact. */
async function copyAndVerify(run: CopyRun, context: Parameters<Command['run']>[2], format: string) {
  let result: Awaited<ReturnType<typeof copyLog>>;
  try {
    result = await copyLog({
      source: run.source(),
      target: run.target,
      replay: run.replay,
      onProgress: (step) => run.progress.update(step.read, run.fraction(step)),
    });
  } catch (error) {
    if (error instanceof CopyMismatchError) throw new CliError(EXIT.rejected, error.message);
    throw error;
  }
  run.progress.done(result.read);
  context.stderr.write(
    `ledger: copied ${result.copied.toLocaleString('en-US')} events (${result.kept.toLocaleString('en-US')} already there); verifying…\n`,
  );
  const comparison = await compareLogs(run.source(), run.target.readAll());
  const summary = {
    ...result,
    verified: comparison.same,
    events: comparison.target.events,
    anchors: comparison.target.anchors,
    digest: comparison.target.digest,
  };
  await writeOut(
    context.stdout,
    format === 'json'
      ? `${JSON.stringify(summary)}\n`
      : comparison.same
        ? `${run.what}: ${summary.events.toLocaleString('en-US')} events, the same log as its source (digest ${summary.digest}), ${summary.anchors} anchors verified\n`
        : `${run.what}: the copy does NOT verify as its source: ${comparison.target.firstBreak?.reason ?? comparison.source.firstBreak?.reason ?? 'their digests differ'}\n`,
  );
  if (!comparison.same) throw new CliError(EXIT.integrity, 'the copy is not the log it copied');
}

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'load an export into an empty store, keeping ids, order, recorded-at and links',
  help: `Usage: pnpm ledger restore <export.jsonl> [options]

Copies a whole log written by "pnpm ledger export" into the configured store, losing nothing: the
same event ids, streams, revisions, order, metadata (hash-chain links and anchors included) and
recorded-at times, so the copy verifies and gives byte-identical reports, as known at any time.
The store must be empty, or hold the start of the same log (an interrupted restore: running it
again continues). At the end both logs are verified and their digests compared.

Options:
  --format text|json   a line of text (default) or one JSON object on stdout
  -h, --help           this help`,
  options: { ...FORMAT_OPTION },
  positionals: { min: 1, max: 1 },
  async run(values, positionals, context) {
    const format = outputFormat(values.format);
    const env = context.env();
    const file = resolve(env.callerDir, positionals[0] as string);
    if (!existsSync(file)) throw usageError(`${file} does not exist`);
    const size = statSync(file).size;
    const replay = replayClock();
    let target: EventStore;
    try {
      target = await openEventStore({
        store: env.store,
        dataDir: env.dataDir,
        clock: replay.clock,
      });
    } catch (error) {
      throw new CliError(EXIT.unavailable, (error as Error).message, { cause: error });
    }
    try {
      let bytes = 0;
      await copyAndVerify(
        {
          what: `restored into the ${describeStore(env).kind} store`,
          source: () =>
            exportOf(file, (read) => {
              bytes = read;
            }),
          target,
          replay,
          progress: new Progress(context.stderr, 'restore', 'events'),
          fraction: () => (size === 0 ? 1 : bytes / size),
        },
        context,
        format,
      );
    } finally {
      await target.close();
    }
  },
};

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'copy the embedded log into EventStoreDB/KurrentDB, resumable, verified at the end',
  help: `Usage: pnpm ledger migrate --to <esdb://…> [options]

Copies the configured store's log (the embedded file by default) into an EventStoreDB/KurrentDB
server, preserving event ids, order, metadata, recorded-at (kept in each event's metadata, as the
server sets its own time) and the hash chain with its anchors. Interrupted, it resumes where it
stopped when run again; the server must be empty or hold the start of the same log. At the end
both logs are verified and their digests compared. Then point LEDGER_STORE at the server and
remove <data dir>/read/ (the read models rebuild from the new log): see docs/operations.md.

Options:
  --to <connection>    esdb://host:2113?tls=false, or esdb+discover://… for a cluster (required)
  --format text|json   a line of text (default) or one JSON object on stdout
  -h, --help           this help`,
  options: { to: { type: 'string' }, ...FORMAT_OPTION },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, context) {
    const format = outputFormat(values.format);
    const to = typeof values.to === 'string' ? values.to.trim() : '';
    if (!/^esdb(\+discover)?:\/\//.test(to)) {
      throw usageError(
        '--to must be an EventStoreDB connection string, esdb://… or esdb+discover://…',
      );
    }
    const env = context.env();
    if (env.store === to) throw usageError('--to names the store being migrated');
    const source = await openStore(env);
    const replay = replayClock();
    let target: EventStore;
    try {
      target = await openEventStore({ store: to, dataDir: env.dataDir, clock: replay.clock });
    } catch (error) {
      await source.close();
      throw new CliError(EXIT.unavailable, (error as Error).message, { cause: error });
    }
    try {
      const head = (await source.headPosition()) ?? 0;
      await copyAndVerify(
        {
          what: 'migrated to EventStoreDB',
          source: () => source.readAll(),
          target,
          replay,
          progress: new Progress(context.stderr, 'migrate', 'events'),
          fraction: ({ position }) => (head === 0 ? 1 : position / head),
        },
        context,
        format,
      );
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  },
};
