import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import {
  admit,
  createLedgerState,
  evolveLedger,
  type LedgerEvent,
  type LedgerState,
  parseStoredEvent,
  validateEvent,
} from '@ledger/domain';
import {
  type EventData,
  type EventStore,
  EventStoreUnavailableError,
  type JsonObject,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { CliError, EXIT } from '../errors.ts';
import type { Candidate, Issue, LineReader } from './candidate.ts';
import { csvReader } from './csv.ts';
import { UuidSet } from './idSet.ts';
import { jsonlReader } from './jsonl.ts';
import { isBlank, type Line, readLines } from './lines.ts';
import { Progress, type ProgressStream } from './progress.ts';

export type FileFormat = 'jsonl' | 'csv';

export interface ImportOptions {
  readonly file: string;
  readonly store: EventStore;
  /** Append the valid lines and set the rejected ones aside, instead of refusing the file. */
  readonly skipInvalid?: boolean;
  /** With skipInvalid: where the rejected lines go, with their reasons (JSON Lines). */
  readonly rejectedFile?: string | undefined;
  /** The clock admission decides with (a date after it is "in the future"). */
  readonly now?: string;
  /** Lines grouped into per-stream appends at a time; see docs/interchange.md. */
  readonly windowLines?: number;
  /** Where rejections and progress are written (stderr). */
  readonly log: ProgressStream;
  /** How many rejected lines are listed on the log; the rest are counted. */
  readonly maxListed?: number;
}

export interface Rejection {
  readonly line: number;
  readonly issues: readonly Issue[];
}

export interface ImportSummary {
  readonly file: string;
  readonly format: FileFormat;
  /** Event lines read (blank lines and a CSV header not counted). */
  readonly read: number;
  readonly appended: number;
  /** Lines whose event id is already in the store. */
  readonly skipped: number;
  readonly rejected: number;
  /** The first rejections, as listed on the log. */
  readonly rejections: readonly Rejection[];
  readonly rejectedFile: string | undefined;
  readonly streams: number;
  readonly seconds: number;
}

const DEFAULT_WINDOW_LINES = 50_000;
const DEFAULT_MAX_LISTED = 20;

/** What pass 1 decided for each line, read back by pass 2. */
const NOT_AN_EVENT = 0;
const APPEND = 1;
const STORED = 2;
const REJECTED = 3;

/** One byte per line: the plan pass 2 follows without holding any line in memory. */
class LinePlan {
  #codes = new Uint8Array(1 << 16);

  set(line: number, code: number): void {
    while (line >= this.#codes.length) {
      const grown = new Uint8Array(this.#codes.length * 2);
      grown.set(this.#codes);
      this.#codes = grown;
    }
    this.#codes[line] = code;
  }

  get(line: number): number {
    return this.#codes[line] ?? NOT_AN_EVENT;
  }
}

export const formatOf = (file: string): FileFormat => {
  const extension = extname(file).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.csv') return 'csv';
  throw new CliError(
    EXIT.usage,
    `cannot tell the format of "${basename(file)}": name it *.jsonl (ledger-event/1 lines) or *.csv (a membership list)`,
  );
};

const readerFor = (format: FileFormat): LineReader =>
  format === 'jsonl' ? jsonlReader() : csvReader();

export const describeIssues = (reader: LineReader, issues: readonly Issue[]): string =>
  issues.map((issue) => `field ${reader.fieldName(issue.field)}: ${issue.reason}`).join('; ');

interface StoreFold {
  readonly state: LedgerState;
  readonly ids: UuidSet;
  /** Last revision of every stream, as the store holds it. */
  readonly revisions: Map<string, number>;
}

/** The state of every stream and every event id in the store: what the file is judged against. */
const foldStore = async (store: EventStore): Promise<StoreFold> => {
  const state = createLedgerState();
  const ids = new UuidSet();
  const revisions = new Map<string, number>();
  for await (const recorded of store.readAll()) {
    ids.add(recorded.id);
    revisions.set(recorded.streamId, recorded.revision);
    const parsed = parseStoredEvent(recorded);
    // Events this domain cannot read (written by other tools) are kept out of the state, not fatal.
    if (parsed.ok) evolveLedger(state, parsed.event);
  }
  return { state, ids, revisions };
};

const storeFailure = (error: unknown, appended: number): CliError => {
  const done = `${appended.toLocaleString('en-US')} events were appended before it; run the same import again to finish (it skips what is stored)`;
  if (error instanceof WrongExpectedRevisionError) {
    return new CliError(
      EXIT.conflict,
      `stream "${error.streamId}" changed while importing (another writer?); ${done}`,
      { cause: error },
    );
  }
  if (error instanceof EventStoreUnavailableError) {
    return new CliError(EXIT.unavailable, `store unavailable: ${error.message}; ${done}`, {
      cause: error,
    });
  }
  return error instanceof CliError
    ? error
    : new CliError(EXIT.unavailable, `append failed: ${(error as Error).message}; ${done}`, {
        cause: error,
      });
};

/**
 * Imports a file in two passes. Pass 1 reads every line, validates it, and admits it against the
 * store's state plus the lines before it, writing nothing; pass 2, only when nothing was rejected
 * (or with skipInvalid), reads the file again and appends the admitted lines. Between the passes
 * only one byte per line and the per-stream state are kept, so memory does not grow with the
 * file's size beyond the state of what it describes.
 */
export async function importFile(options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const { file, store, log } = options;
  const format = formatOf(file);
  const skipInvalid = options.skipInvalid ?? false;
  const maxListed = options.maxListed ?? DEFAULT_MAX_LISTED;
  const now = options.now ?? new Date().toISOString();
  let size: number;
  let modified: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    size = info.size;
    modified = info.mtimeMs;
  } catch (error) {
    throw new CliError(EXIT.usage, `cannot read "${file}": ${(error as Error).message}`);
  }

  let fold: StoreFold;
  try {
    fold = await foldStore(store);
  } catch (error) {
    throw storeFailure(error, 0);
  }
  const { state, ids: storedIds, revisions } = fold;
  const startRevisions = new Map(revisions);
  const fileIds = new UuidSet();
  const plan = new LinePlan();
  const rejections: Rejection[] = [];
  let rejectedOut: WriteStream | undefined;
  let read = 0;
  let toAppend = 0;
  let skipped = 0;
  let rejected = 0;
  let lastLine = 0;

  const reader = readerFor(format);
  const validating = new Progress(log, `import ${basename(file)}: validating`);
  const reject = (line: Line, issues: readonly Issue[]): void => {
    rejected++;
    plan.set(line.number, REJECTED);
    if (rejections.length < maxListed) {
      rejections.push({ line: line.number, issues });
      log.write(`line ${line.number}: ${describeIssues(reader, issues)}\n`);
    }
    if (skipInvalid && options.rejectedFile !== undefined) {
      rejectedOut ??= createWriteStream(options.rejectedFile);
      rejectedOut.write(`${JSON.stringify({ line: line.number, issues, text: line.text })}\n`);
    }
  };

  for await (const batch of readLines(file)) {
    for (const line of batch.lines) {
      lastLine = line.number;
      if (isBlank(line.text)) continue;
      const parsed = reader.parse(line);
      if (parsed === null) continue;
      read++;
      if (!parsed.ok) {
        reject(line, parsed.issues);
        continue;
      }
      const candidate: Candidate = parsed.candidate;
      if (storedIds.has(candidate.id)) {
        skipped++;
        plan.set(line.number, STORED);
        continue;
      }
      if (fileIds.has(candidate.id)) {
        reject(line, [{ field: 'id', reason: 'repeats the id of an earlier line of the file' }]);
        continue;
      }
      const validated = validateEvent({
        type: candidate.type,
        data: candidate.data,
        metadata: candidate.metadata,
        stream: candidate.stream,
      });
      if (!validated.ok) {
        reject(line, validated.issues);
        continue;
      }
      const revision = (revisions.get(candidate.stream) ?? -1) + 1;
      const event = {
        ...validated.event,
        id: candidate.id,
        streamId: candidate.stream,
        revision,
        position: 0,
        recordedAt: now,
      } as LedgerEvent;
      const admitted = admit(state, event, now);
      if (!admitted.ok) {
        reject(line, [{ field: admitted.error.field, reason: admitted.error.reason }]);
        continue;
      }
      evolveLedger(state, event);
      revisions.set(candidate.stream, revision);
      fileIds.add(candidate.id);
      plan.set(line.number, APPEND);
      toAppend++;
    }
    validating.update(read, size === 0 ? 1 : batch.bytesRead / size);
  }
  validating.done(read);
  if (rejectedOut !== undefined) {
    const out = rejectedOut;
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(resolve);
    });
  }
  if (rejected > maxListed) {
    log.write(`… and ${(rejected - maxListed).toLocaleString('en-US')} more rejected lines\n`);
  }

  const summary = (appended: number): ImportSummary => ({
    file,
    format,
    read,
    appended,
    skipped,
    rejected,
    rejections,
    rejectedFile: rejectedOut === undefined ? undefined : options.rejectedFile,
    streams: [...revisions.keys()].filter(
      (stream) => revisions.get(stream) !== startRevisions.get(stream),
    ).length,
    seconds: (performance.now() - started) / 1000,
  });

  if (read === 0) {
    throw new ImportRejected(summary(0), `"${basename(file)}" holds no events: nothing to import`);
  }
  if (rejected > 0 && !skipInvalid) {
    throw new ImportRejected(
      summary(0),
      `${rejected.toLocaleString('en-US')} of ${read.toLocaleString('en-US')} lines of "${basename(file)}" rejected; nothing was appended`,
    );
  }
  if (toAppend === 0) return summary(0);

  const appended = await appendPlanned({
    file,
    format,
    store,
    plan,
    revisions: new Map(startRevisions),
    toAppend,
    lastLine,
    windowLines: options.windowLines ?? DEFAULT_WINDOW_LINES,
    log,
    expected: { size, modified },
  });
  return summary(appended);
}

/** The input was refused; the summary says how. */
export class ImportRejected extends CliError {
  readonly summary: ImportSummary;

  constructor(summary: ImportSummary, message: string) {
    super(EXIT.rejected, message);
    this.summary = summary;
  }
}

interface AppendPass {
  readonly file: string;
  readonly format: FileFormat;
  readonly store: EventStore;
  readonly plan: LinePlan;
  readonly revisions: Map<string, number>;
  readonly toAppend: number;
  readonly lastLine: number;
  readonly windowLines: number;
  readonly log: ProgressStream;
  readonly expected: { readonly size: number; readonly modified: number };
}

const toEventData = (candidate: Candidate): EventData => ({
  id: candidate.id,
  type: String(candidate.type),
  data: candidate.data as JsonObject,
  metadata: candidate.metadata as JsonObject,
});

/**
 * Pass 2: appends the lines pass 1 admitted, grouped per stream within a window of lines so that
 * each append (one durable transaction) carries many events. Order within a stream is the file's;
 * across streams, events of one window may be reordered (docs/interchange.md).
 */
const appendPlanned = async (pass: AppendPass): Promise<number> => {
  const { store, plan, revisions, log } = pass;
  const info = await stat(pass.file);
  if (info.size !== pass.expected.size || info.mtimeMs !== pass.expected.modified) {
    throw new CliError(
      EXIT.rejected,
      `"${basename(pass.file)}" changed while it was being validated; nothing was appended`,
    );
  }
  const reader = readerFor(pass.format);
  const appending = new Progress(log, `import ${basename(pass.file)}: appending`);
  let appended = 0;
  let window = new Map<string, EventData[]>();
  let inWindow = 0;

  const flush = async (): Promise<void> => {
    for (const [stream, events] of window) {
      const last = revisions.get(stream);
      try {
        await store.appendToStream(stream, events, {
          expectedRevision: last === undefined ? 'no_stream' : last,
        });
      } catch (error) {
        throw storeFailure(error, appended);
      }
      revisions.set(stream, (last ?? -1) + events.length);
      appended += events.length;
    }
    window = new Map();
    inWindow = 0;
  };

  for await (const batch of readLines(pass.file)) {
    for (const line of batch.lines) {
      if (isBlank(line.text)) continue;
      const parsed = reader.parse(line);
      const code = plan.get(line.number);
      if (parsed === null || code !== APPEND) continue;
      if (!parsed.ok) {
        throw new CliError(
          EXIT.rejected,
          `line ${line.number} of "${basename(pass.file)}" changed while importing; ${appended} events were appended, run the import again`,
        );
      }
      const { candidate } = parsed;
      const events = window.get(candidate.stream);
      if (events === undefined) window.set(candidate.stream, [toEventData(candidate)]);
      else events.push(toEventData(candidate));
      inWindow++;
      if (inWindow >= pass.windowLines) await flush();
    }
    appending.update(appended + inWindow, (appended + inWindow) / pass.toAppend);
  }
  await flush();
  appending.done(appended);
  return appended;
};
