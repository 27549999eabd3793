import { basename, resolve } from 'node:path';
import type { EventStore } from '@ledger/event-store';
import {
  type CliContext,
  type Command,
  FORMAT_OPTION,
  type OutputFormat,
  outputFormat,
  writeOut,
} from '../cli.ts';
import { usageError } from '../errors.ts';
import { ImportRejected, type ImportSummary, importFile } from '../import/importer.ts';
import { withStore } from '../store.ts';

const count = (n: number): string => n.toLocaleString('en-US');

export const summaryText = (summary: ImportSummary): string => {
  const name = basename(summary.file);
  const counts = `${count(summary.read)} read, ${count(summary.appended)} appended, ${count(summary.skipped)} skipped (already in the store), ${count(summary.rejected)} rejected`;
  const note =
    summary.appended === 0 && summary.rejected === 0 && summary.skipped > 0
      ? ' — nothing new: every event is already in the store'
      : summary.rejectedFile === undefined
        ? ''
        : ` — rejected lines written to ${summary.rejectedFile}`;
  return `${name}: ${counts} in ${summary.seconds.toFixed(1)} s${note}\n`;
};

export const summaryJson = (summary: ImportSummary, status: 'ok' | 'rejected'): string =>
  `${JSON.stringify({
    status,
    file: summary.file,
    format: summary.format,
    read: summary.read,
    appended: summary.appended,
    skipped: summary.skipped,
    rejected: summary.rejected,
    rejections: summary.rejections,
    rejectedFile: summary.rejectedFile ?? null,
    streams: summary.streams,
    seconds: Number(summary.seconds.toFixed(3)),
  })}\n`;

export interface RunImport {
  readonly file: string;
  readonly store: EventStore;
  readonly format: OutputFormat;
  readonly skipInvalid: boolean;
  readonly rejectedFile: string | undefined;
  readonly context: CliContext;
  /** Prints the text summary (a seed stays quiet when it has nothing to say). */
  readonly quiet?: boolean;
}

/** Imports and prints the summary: JSON on stdout with --format json, else a line of text. */
export const runImport = async (run: RunImport): Promise<ImportSummary> => {
  const { context, format } = run;
  try {
    const summary = await importFile({
      file: run.file,
      store: run.store,
      skipInvalid: run.skipInvalid,
      rejectedFile: run.rejectedFile,
      log: context.stderr,
    });
    if (format === 'json') await writeOut(context.stdout, summaryJson(summary, 'ok'));
    else if (run.quiet !== true) await writeOut(context.stdout, summaryText(summary));
    return summary;
  } catch (error) {
    if (error instanceof ImportRejected && format === 'json') {
      await writeOut(context.stdout, summaryJson(error.summary, 'rejected'));
    }
    throw error;
  }
};

export const importCommand: Command = {
  name: 'import',
  summary: 'validate a file of events (JSON Lines or a CSV membership list) and append it',
  help: `Usage: pnpm ledger import <file.jsonl|file.csv> [options]

Reads every line, validates it against the domain schemas and decides it by the domain's
deciders' rules against the store's current state (plus the lines before it). Nothing is
appended unless every line is accepted, and then in file order. On the embedded store the
file is read once and appended in ONE transaction, rolled back if any line is refused or
anything fails; on EventStoreDB every line is judged first, then the file is appended in
batches of 10,000 events.
Lines whose event id is already in the store are skipped, so importing a file twice appends
nothing the second time. Formats: docs/interchange.md.

Options:
  --skip-invalid       append the valid lines; write the rejected ones, with reasons, to a file
  --rejected <file>    where --skip-invalid writes rejected lines (default: <file>.rejected.jsonl)
  --format text|json   summary as a line of text (default) or one JSON object on stdout
  -h, --help           this help

Rejected lines are listed on stderr as "line N: field <path>: <reason>"; files of 10,000 lines
or more show progress on stderr. Relative paths are taken from the directory you ran pnpm in.`,
  options: {
    'skip-invalid': { type: 'boolean' },
    rejected: { type: 'string' },
    ...FORMAT_OPTION,
  },
  positionals: { min: 1, max: 1 },
  async run(values, positionals, context) {
    const format = outputFormat(values.format);
    const env = context.env();
    const [fileArgument = ''] = positionals;
    const file = resolve(env.callerDir, fileArgument);
    const skipInvalid = values['skip-invalid'] === true;
    if (values.rejected !== undefined && !skipInvalid) {
      throw usageError('--rejected only applies with --skip-invalid');
    }
    const rejectedFile = skipInvalid
      ? resolve(env.callerDir, String(values.rejected ?? `${fileArgument}.rejected.jsonl`))
      : undefined;
    await withStore(env, (store) =>
      runImport({ file, store, format, skipInvalid, rejectedFile, context }),
    );
  },
};
