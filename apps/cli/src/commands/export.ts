import { randomUUID } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { exportLine, type RecordedEvent } from '@ledger/event-store';
import { type Command, type Output, writeOut } from '../cli.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { Progress } from '../import/progress.ts';
import { withStore } from '../store.ts';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** `--from` / `--to` as a normalised instant; a usage error naming the option otherwise. */
const instant = (value: unknown, option: string): string | undefined => {
  if (value === undefined) return undefined;
  const text = String(value);
  const time = Date.parse(text);
  if (!ISO_INSTANT.test(text) || Number.isNaN(time)) {
    throw usageError(
      `${option} must be an ISO-8601 UTC instant such as 2026-06-01T12:00:00Z, not "${text}"`,
    );
  }
  return new Date(time).toISOString();
};

export const exportCommand: Command = {
  name: 'export',
  summary: 'write the log (or a stream, or a time range) as JSON Lines, hash chain intact',
  help: `Usage: pnpm ledger export [options]

Writes the events of the configured store, in log order, as interchange JSON Lines
(docs/interchange.md), each with its position, revision, recorded-at and metadata — hash-chain
links included — so that anyone can verify the file with "pnpm ledger verify --file" and import it
into an empty store losing nothing ("pnpm ledger import" keeps ids, order and recorded-at).

Options:
  --out <file>      write to the file (replaced whole when complete) instead of stdout
  --stream <id>     only the events of this stream
  --from <instant>  only events recorded at or after this instant (ISO-8601 UTC)
  --to <instant>    only events recorded before this instant
  -h, --help        this help

An export of a stream or a time range is a partial log: verify it with --partial.`,
  options: {
    out: { type: 'string' },
    stream: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, context) {
    const from = instant(values.from, '--from');
    const to = instant(values.to, '--to');
    if (from !== undefined && to !== undefined && from >= to) {
      throw usageError(`--from (${from}) must be before --to (${to})`);
    }
    const stream = values.stream;
    if (stream === '') throw usageError('--stream must name a stream, e.g. network-afil');
    if (values.out === '') throw usageError('--out must name a file');
    const env = context.env();
    const target = typeof values.out === 'string' ? resolve(env.callerDir, values.out) : undefined;
    const temporary = target === undefined ? undefined : `${target}.${randomUUID()}.tmp`;
    const file = temporary === undefined ? undefined : createWriteStream(temporary);
    const out: Output = file ?? context.stdout;
    const wanted = (event: RecordedEvent): boolean =>
      (stream === undefined || event.streamId === stream) &&
      (from === undefined || event.recordedAt >= from) &&
      (to === undefined || event.recordedAt < to);
    let written = 0;
    try {
      await withStore(env, async (store) => {
        const head = await store.headPosition();
        const progress = new Progress(context.stderr, 'export', 'events');
        let read = 0;
        const events =
          typeof stream === 'string' && from === undefined && to === undefined
            ? await store
                .readStream(stream)
                .then((result) => (result.status === 'found' ? result.events : []))
            : store.readAll();
        for await (const event of events) {
          read++;
          if (wanted(event)) {
            await writeOut(out, `${exportLine(event)}\n`);
            written++;
          }
          if (read % 10_000 === 0) {
            progress.update(read, head === null || head === 0 ? 1 : event.position / head);
          }
        }
        progress.done(read);
      });
      if (file !== undefined && temporary !== undefined && target !== undefined) {
        file.end();
        await finished(file);
        renameSync(temporary, target);
      }
    } catch (error) {
      if (file !== undefined && temporary !== undefined) {
        file.destroy();
        rmSync(temporary, { force: true });
      }
      if (error instanceof CliError) throw error;
      if (target !== undefined && (error as NodeJS.ErrnoException).code !== undefined) {
        throw new CliError(
          EXIT.usage,
          `--out: cannot write ${target}: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
    const partial = stream !== undefined || from !== undefined || to !== undefined;
    context.stderr.write(
      `ledger export: ${written.toLocaleString('en-US')} event${written === 1 ? '' : 's'} ${target === undefined ? 'written' : `written to ${target}`}${partial ? ' (part of the log)' : ''}; verify with: pnpm ledger verify --file <file>${partial ? ' --partial' : ''}\n`,
    );
  },
};
