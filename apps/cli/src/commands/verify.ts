import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type RecordedEvent, type Verification, verifyEvents } from '@ledger/event-store';
import { type Command, FORMAT_OPTION, outputFormat, writeOut } from '../cli.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { exportedEvents } from '../exportFile.ts';
import { Progress } from '../import/progress.ts';
import { describeStore, openStore } from '../store.ts';

/** The log could not be read to its end: the file is damaged (truncated, overwritten). */
interface Damage {
  readonly after: number | null;
  readonly reason: string;
}

type Outcome = Verification & { readonly damage: Damage | null };

/**
 * Passes `events` through, keeping the last position read; a failure to read further (a truncated
 * or overwritten file) ends the sequence and is kept as damage, so what came before still counts.
 */
async function* tolerant(
  events: AsyncIterable<RecordedEvent>,
  state: { position: number | null; damage: Damage | null },
): AsyncGenerator<RecordedEvent> {
  try {
    for await (const event of events) {
      state.position = event.position;
      yield event;
    }
  } catch (error) {
    state.damage = { after: state.position, reason: (error as Error).message };
  }
}

const describe = (outcome: Outcome, what: string): string => {
  const count = (n: number) => n.toLocaleString('en-US');
  if (outcome.damage !== null) {
    return `${what} is damaged: it cannot be read ${outcome.damage.after === null ? 'from its start' : `past position ${outcome.damage.after}`} (${outcome.damage.reason}); ${count(outcome.events)} events before that verified\n`;
  }
  const broken = outcome.firstBreak;
  if (broken !== null) {
    return `${what} does NOT verify: the first broken link is at position ${broken.position}, stream ${broken.streamId} revision ${broken.revision} (event ${broken.eventId}, ${broken.eventType}): ${broken.reason}; the ${count(outcome.events)} events before it verify\n`;
  }
  const anchor =
    outcome.lastAnchor === null
      ? 'no anchor yet'
      : `${count(outcome.anchors)} anchor${outcome.anchors === 1 ? '' : 's'}, the last at position ${outcome.lastAnchor.position} covering ${count(outcome.lastAnchor.count)} events`;
  const skipped =
    outcome.skippedAnchors > 0
      ? `; ${count(outcome.skippedAnchors)} anchor${outcome.skippedAnchors === 1 ? '' : 's'} not checkable in a partial log`
      : '';
  return `${what} verifies: ${count(outcome.events)} events in ${count(outcome.streams)} streams, every link intact; ${anchor}${skipped}; ${count(outcome.unanchored)} event${outcome.unanchored === 1 ? '' : 's'} after the last anchor (protected by their streams' chains until the next anchor)
log digest ${outcome.digest}
`;
};

export const verifyCommand: Command = {
  name: 'verify',
  summary:
    'check that the log (or an export of it) is the log that was written: chains and anchors',
  help: `Usage: pnpm ledger verify [options]

Reads the whole log of the configured store — or an export written by "pnpm ledger export" — from
its first event and checks, offline, that every stream's revisions follow each other, that every
event's hash-chain link recomputes and names the event before it in its stream, and that every
anchor matches the digest of the log before it. Reports the first broken link with its stream and
position. A large log shows a progress bar on stderr.

Options:
  --file <export.jsonl>   verify an export instead of the store
  --partial               the export holds part of a log (one stream, a time range): streams may
                          start past their first event, and anchors not wholly inside are skipped
  --format text|json      a few lines of text (default) or one JSON object on stdout
  -h, --help              this help

Exits 0 when everything verifies, 6 at the first break or when the log cannot be read to its end.
See docs/audit.md for what this guarantees.`,
  options: { ...FORMAT_OPTION, file: { type: 'string' }, partial: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, context) {
    const format = outputFormat(values.format);
    const env = context.env();
    const partial = values.partial === true;
    const state: { position: number | null; damage: Damage | null } = {
      position: null,
      damage: null,
    };
    const progress = new Progress(context.stderr, 'verify', 'events');
    let what: string;
    let result: Verification;
    if (typeof values.file === 'string') {
      const file = resolve(env.callerDir, values.file);
      if (!existsSync(file)) throw usageError(`--file: ${file} does not exist`);
      what = `the export ${values.file}`;
      const size = statSync(file).size;
      result = await verifyEvents(
        tolerant(
          exportedEvents(file, (events, bytesRead) =>
            progress.update(events, size === 0 ? 1 : bytesRead / size),
          ),
          state,
        ),
        { partial },
      );
    } else {
      if (partial) throw usageError('--partial applies to an export (--file), not to the store');
      const store = describeStore(env);
      what = `the ${store.kind} log at ${store.location}`;
      const opened = await openStore(env).catch((error: unknown) => {
        // A file that exists but will not open is damaged, not merely unavailable.
        if (store.kind === 'embedded' && existsSync(store.location)) return null;
        throw error;
      });
      if (opened === null) {
        state.damage = { after: null, reason: 'the file is not a readable ledger store' };
        result = await verifyEvents([]);
      } else {
        try {
          const head = await opened.headPosition().catch(() => null);
          result = await verifyEvents(tolerant(opened.readAll(), state), {
            onProgress: ({ events, position }) =>
              progress.update(events, head === null || head === 0 ? 1 : position / head),
          });
        } finally {
          await opened.close().catch(() => undefined);
        }
      }
    }
    progress.done(result.events);
    const outcome: Outcome = {
      ...result,
      ok: result.ok && state.damage === null,
      damage: state.damage,
    };
    await writeOut(
      context.stdout,
      format === 'json'
        ? `${JSON.stringify({ source: what, ...outcome })}\n`
        : describe(outcome, what),
    );
    if (!outcome.ok) {
      throw new CliError(
        EXIT.integrity,
        outcome.damage !== null
          ? 'the log is damaged'
          : `the log does not verify at position ${outcome.firstBreak?.position}`,
      );
    }
  },
};
