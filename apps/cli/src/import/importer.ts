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
  /** Events per `appendMany` in pass 2 (one transaction on the embedded store); see docs/interchange.md. */
  readonly batchEvents?: number;
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

/**
 * Events per `appendMany`. Measured on 1,000,000 events: 1,000 spent ~10% more CPU on commits;
 * 5,000 keeps twice as many parsed events alive across garbage collections, and in some runs
 * pushed the peak memory past 700 MB where 2,500 stayed near 430 MB.
 */
const DEFAULT_BATCH_EVENTS = 2_500;
const DEFAULT_MAX_LISTED = 20;

/** What pass 1 decided for each line, read back by pass 2. */
const NOT_AN_EVENT = 0;
const APPEND = 1;
const STORED = 2;
const REJECTED = 3;
/** A line the reader needs in pass 2 too, though it holds no event (a CSV header). */
const HEADER = 4;

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

/**
 * `appended` counts the batches that committed; a store without multi-stream transactions may
 * also have kept part of the failing batch.
 */
const storeFailure = (error: unknown, appended: number, atomic = true): CliError => {
  const done = `${atomic ? '' : 'at least '}${appended.toLocaleString('en-US')} events were appended before it; run the same import again to finish (it skips what is stored)`;
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

/** What pass 1 leaves for pass 2 and the summary; the ledger state it judged with stays behind. */
interface Judgement {
  readonly read: number;
  readonly toAppend: number;
  readonly skipped: number;
  readonly rejected: number;
  readonly rejections: readonly Rejection[];
  readonly rejectedFile: string | undefined;
  /** Streams the admitted lines append to. */
  readonly streams: number;
  readonly plan: LinePlan;
  readonly admittedIds: UuidSet;
  /** Last revision of every stream in the store when the file was judged. */
  readonly storeRevisions: ReadonlyMap<string, number>;
}

interface JudgeOptions {
  readonly file: string;
  readonly format: FileFormat;
  readonly size: number;
  readonly store: EventStore;
  readonly skipInvalid: boolean;
  readonly rejectedFile: string | undefined;
  readonly now: string;
  readonly log: ProgressStream;
  readonly maxListed: number;
}

/**
 * Pass 1: reads every line, validates it, and admits it against the store's state plus the lines
 * before it, writing nothing. What it returns is all that is kept of it: a byte per line, the
 * admitted ids and the store's revisions; the admission state is dropped before pass 2.
 */
const judgeFile = async (options: JudgeOptions): Promise<Judgement> => {
  const { file, log, now, maxListed } = options;
  let fold: StoreFold;
  try {
    fold = await foldStore(options.store);
  } catch (error) {
    throw storeFailure(error, 0);
  }
  const { state, ids: storedIds, revisions } = fold;
  const storeRevisions = new Map(revisions);
  const fileIds = new UuidSet();
  const plan = new LinePlan();
  const rejections: Rejection[] = [];
  let rejectedOut: WriteStream | undefined;
  let read = 0;
  let toAppend = 0;
  let skipped = 0;
  let rejected = 0;

  const reader = readerFor(options.format);
  const validating = new Progress(log, `import ${basename(file)}: validating`);
  const reject = (line: Line, issues: readonly Issue[]): void => {
    rejected++;
    plan.set(line.number, REJECTED);
    if (rejections.length < maxListed) {
      rejections.push({ line: line.number, issues });
      log.write(`line ${line.number}: ${describeIssues(reader, issues)}\n`);
    }
    if (options.skipInvalid && options.rejectedFile !== undefined) {
      rejectedOut ??= createWriteStream(options.rejectedFile);
      rejectedOut.write(`${JSON.stringify({ line: line.number, issues, text: line.text })}\n`);
    }
  };

  for await (const batch of readLines(file)) {
    for (const line of batch.lines) {
      if (isBlank(line.text)) continue;
      const parsed = reader.parse(line);
      if (parsed === null) {
        plan.set(line.number, HEADER);
        continue;
      }
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
    validating.update(read, options.size === 0 ? 1 : batch.bytesRead / options.size);
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
  let streams = 0;
  for (const [stream, revision] of revisions) {
    if (storeRevisions.get(stream) !== revision) streams++;
  }
  return {
    read,
    toAppend,
    skipped,
    rejected,
    rejections,
    rejectedFile: rejectedOut === undefined ? undefined : options.rejectedFile,
    streams,
    plan,
    admittedIds: fileIds,
    storeRevisions,
  };
};

/**
 * Imports a file in two passes. Pass 1 (`judgeFile`) reads every line, validates it, and admits it
 * against the store's state plus the lines before it, writing nothing; pass 2, only when nothing
 * was rejected (or with skipInvalid), reads the file again and appends the admitted lines.
 * Between the passes only one byte per line, the admitted ids (16 bytes each) and the streams'
 * revisions are kept, so memory does not grow with the file's size beyond the state of what it
 * describes.
 */
export async function importFile(options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const { file, store, log } = options;
  const format = formatOf(file);
  const skipInvalid = options.skipInvalid ?? false;
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

  const judged = await judgeFile({
    file,
    format,
    size,
    store,
    skipInvalid,
    rejectedFile: options.rejectedFile,
    now: options.now ?? new Date().toISOString(),
    log,
    maxListed: options.maxListed ?? DEFAULT_MAX_LISTED,
  });
  const { read, rejected } = judged;
  const summary = (appended: number): ImportSummary => ({
    file,
    format,
    read,
    appended,
    skipped: judged.skipped,
    rejected,
    rejections: judged.rejections,
    rejectedFile: judged.rejectedFile,
    streams: judged.streams,
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
  if (judged.toAppend === 0) return summary(0);

  const appended = await appendPlanned({
    file,
    format,
    store,
    plan: judged.plan,
    admittedIds: judged.admittedIds,
    revisions: new Map(judged.storeRevisions),
    toAppend: judged.toAppend,
    batchEvents: options.batchEvents ?? DEFAULT_BATCH_EVENTS,
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
  /** The ids of the lines pass 1 admitted. */
  readonly admittedIds: UuidSet;
  readonly revisions: Map<string, number>;
  readonly toAppend: number;
  readonly batchEvents: number;
  readonly log: ProgressStream;
  readonly expected: { readonly size: number; readonly modified: number };
}

const toEventData = (candidate: Candidate): EventData => ({
  id: candidate.id,
  type: String(candidate.type),
  data: candidate.data as JsonObject,
  metadata: candidate.metadata as JsonObject,
});

interface PlannedAppend {
  readonly streamId: string;
  readonly events: EventData[];
  readonly expectedRevision: number | 'no_stream';
}

/**
 * Pass 2: appends the lines pass 1 admitted, in file order, in batches of `batchEvents` events
 * over many streams, each batch one `appendMany`: one durable transaction on the embedded store.
 * Consecutive lines of one stream travel as one request; every request carries the revision the
 * stream must be at, so another writer's append stops the import instead of interleaving with it.
 */
const appendPlanned = async (pass: AppendPass): Promise<number> => {
  const { store, plan, revisions, admittedIds, log } = pass;
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
  let requests: PlannedAppend[] = [];
  let inBatch = 0;

  const flush = async (): Promise<void> => {
    if (requests.length === 0) return;
    try {
      await store.appendMany(requests);
    } catch (error) {
      throw storeFailure(error, appended, store.capabilities.atomicMultiStreamAppend);
    }
    appended += inBatch;
    requests = [];
    inBatch = 0;
  };

  for await (const batch of readLines(pass.file)) {
    for (const line of batch.lines) {
      const code = plan.get(line.number);
      if (code !== APPEND && code !== HEADER) continue;
      const candidate = reader.reread(line);
      if (code === HEADER) continue;
      // Pass 1 checked the line; it must still hold an event it admitted.
      if (candidate === null || !admittedIds.has(candidate.id)) {
        throw new CliError(
          EXIT.rejected,
          `line ${line.number} of "${basename(pass.file)}" changed while importing; ${appended} events were appended, run the import again`,
        );
      }
      const last = requests.at(-1);
      const revision = revisions.get(candidate.stream);
      if (last?.streamId === candidate.stream) {
        last.events.push(toEventData(candidate));
      } else {
        requests.push({
          streamId: candidate.stream,
          events: [toEventData(candidate)],
          expectedRevision: revision ?? 'no_stream',
        });
      }
      revisions.set(candidate.stream, (revision ?? -1) + 1);
      inBatch++;
      if (inBatch >= pass.batchEvents) await flush();
    }
    appending.update(appended + inBatch, (appended + inBatch) / pass.toAppend);
  }
  await flush();
  appending.done(appended);
  return appended;
};
