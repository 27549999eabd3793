import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import {
  type AppendRequest,
  contentHashOfCanonical,
  type EncodedEventData,
  type EventData,
  type EventStore,
  EventStoreUnavailableError,
  type JsonObject,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { CliError, EXIT } from '../errors.ts';
import {
  type AdmissionRunner,
  AdmissionWorker,
  InlineAdmission,
  type LineRejection,
  type Verdicts,
} from './admission.ts';
import type { Issue, LineReader } from './candidate.ts';
import type { UuidSet } from './idSet.ts';
import { APPEND, BLOCK_LINES, type FileFormat, HEADER, readerFor, STORED } from './lineWork.ts';
import { LinePass, lineBlocks } from './lineWorkers.ts';
import { Progress, type ProgressStream } from './progress.ts';

export type { FileFormat } from './lineWork.ts';

export interface ImportOptions {
  readonly file: string;
  readonly store: EventStore;
  /** Append the valid lines and set the rejected ones aside, instead of refusing the file. */
  readonly skipInvalid?: boolean;
  /** With skipInvalid: where the rejected lines go, with their reasons (JSON Lines). */
  readonly rejectedFile?: string | undefined;
  /** The clock admission decides with (a date after it is "in the future"). */
  readonly now?: string;
  /**
   * Events per append call: in two passes, pass 2's batches (each one `appendMany`, see
   * docs/interchange.md); in the single pass, the calls inside its one transaction.
   */
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
 * Events per `appendMany`. A batch holds only the events' JSON text (~0.4 KB each), as the
 * worker parses and serialises the lines; measured on 1,000,000 events, 10,000 per batch spent
 * ~10% less CPU appending than 2,500 (fewer commits, index pages rewritten less often), and
 * 25,000 no less than 10,000.
 */
const DEFAULT_BATCH_EVENTS = 10_000;
/**
 * Events per `appendManyEncoded` inside the single pass's one transaction, where a call commits
 * nothing: fewer events held at once. Measured on 1,000,000 events: 14.5 s and 385 MB at the
 * peak, against 15.2 s and 448 MB with 10,000.
 */
const ONE_PASS_BATCH_EVENTS = 1_000;
const DEFAULT_MAX_LISTED = 20;

/**
 * Files smaller than this are read, validated and admitted on the importer's own thread: for
 * them, starting the worker threads costs more (~0.1 s each) than the work they would share.
 */
const INLINE_BYTES = 1 << 20;
const inlineFor = (size: number): boolean => size < INLINE_BYTES;

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

  /** Every line's code, indexed by line number (0 beyond the last line set). */
  get codes(): Uint8Array {
    return this.#codes;
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

export const describeIssues = (reader: LineReader, issues: readonly Issue[]): string =>
  issues.map((issue) => `field ${reader.fieldName(issue.field)}: ${issue.reason}`).join('; ');

/** Events of the store per message to the admission worker. */
const FOLD_BATCH = 1_000;
/** Blocks the importer hands the admission worker ahead of the verdicts it has back. */
const ADMISSION_AHEAD = 4;

/**
 * Sends every event of the store to the admission worker, the state the file is judged against;
 * returns the last revision of every stream.
 */
const foldStore = async (
  store: EventStore,
  admission: Pick<AdmissionRunner, 'fold'>,
): Promise<Map<string, number>> => {
  const revisions = new Map<string, number>();
  let batch: RecordedEvent[] = [];
  for await (const recorded of store.readAll()) {
    revisions.set(recorded.streamId, recorded.revision);
    batch.push(recorded);
    if (batch.length === FOLD_BATCH) {
      admission.fold(batch);
      batch = [];
    }
  }
  if (batch.length > 0) admission.fold(batch);
  return revisions;
};

/**
 * `appended` counts the batches that committed; a store without multi-stream transactions may
 * also have kept part of the failing batch.
 */
const storeFailure = (
  error: unknown,
  appended: number,
  atomic = true,
  rolledBack = false,
): CliError => {
  const done = rolledBack
    ? 'nothing was appended; run the same import again'
    : `${atomic ? '' : 'at least '}${appended.toLocaleString('en-US')} events were appended before it; run the same import again to finish (it skips what is stored)`;
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
 * admitted ids and the store's revisions; the admission state ends with its worker, before pass 2.
 */
const judgeFile = async (options: JudgeOptions): Promise<Judgement> => {
  const admission: AdmissionRunner = inlineFor(options.size)
    ? new InlineAdmission({ now: options.now })
    : new AdmissionWorker({ now: options.now });
  try {
    let storeRevisions: Map<string, number>;
    try {
      storeRevisions = await foldStore(options.store, admission);
    } catch (error) {
      throw storeFailure(error, 0);
    }
    return await judgeLines(options, admission, storeRevisions);
  } finally {
    await admission.close();
  }
};

/** The verdicts counted as they come, the first rejections listed, all of them set aside on request. */
class Tally {
  read = 0;
  toAppend = 0;
  skipped = 0;
  rejected = 0;
  readonly rejections: Rejection[] = [];
  readonly #reader: LineReader;
  readonly #log: ProgressStream;
  readonly #maxListed: number;
  /** Where the rejected lines go, when they are kept (with skipInvalid). */
  readonly #rejectedFile: string | undefined;
  #rejectedOut: WriteStream | undefined;

  constructor(options: {
    readonly format: FileFormat;
    readonly log: ProgressStream;
    readonly maxListed: number;
    readonly rejectedFile: string | undefined;
  }) {
    this.#reader = readerFor(options.format);
    this.#log = options.log;
    this.#maxListed = options.maxListed;
    this.#rejectedFile = options.rejectedFile;
  }

  /** Counts one block's verdicts; with `plan`, records each line's code for pass 2. */
  count(verdicts: Pick<Verdicts, 'numbers' | 'codes' | 'rejections'>, plan?: LinePlan): void {
    let rejection = 0;
    verdicts.codes.forEach((code, at) => {
      plan?.set(verdicts.numbers[at] ?? 0, code);
      if (code === HEADER) return;
      this.read++;
      if (code === APPEND) this.toAppend++;
      else if (code === STORED) this.skipped++;
      else {
        const rejectionOf = verdicts.rejections[rejection++];
        if (rejectionOf !== undefined) this.#reject(rejectionOf);
      }
    });
  }

  #reject({ n: line, text, issues }: LineRejection): void {
    this.rejected++;
    if (this.rejections.length < this.#maxListed) {
      this.rejections.push({ line, issues });
      this.#log.write(`line ${line}: ${describeIssues(this.#reader, issues)}\n`);
    }
    if (this.#rejectedFile !== undefined) {
      this.#rejectedOut ??= createWriteStream(this.#rejectedFile);
      this.#rejectedOut.write(`${JSON.stringify({ line, issues, text })}\n`);
    }
  }

  /** Closes the file of rejected lines; returns its path when one was written. */
  async close(): Promise<string | undefined> {
    const out = this.#rejectedOut;
    if (out !== undefined) {
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(resolve);
      });
    }
    if (this.rejected > this.#maxListed) {
      this.#log.write(
        `… and ${(this.rejected - this.#maxListed).toLocaleString('en-US')} more rejected lines\n`,
      );
    }
    return out === undefined ? undefined : this.#rejectedFile;
  }
}

const keptRejections = (options: {
  readonly skipInvalid: boolean;
  readonly rejectedFile: string | undefined;
}): string | undefined => (options.skipInvalid ? options.rejectedFile : undefined);

const judgeLines = async (
  options: JudgeOptions,
  admission: AdmissionRunner,
  storeRevisions: ReadonlyMap<string, number>,
): Promise<Judgement> => {
  const { file, log } = options;
  const plan = new LinePlan();
  const tally = new Tally({ ...options, rejectedFile: keptRejections(options) });
  const validating = new Progress(log, `import ${basename(file)}: validating`);
  const apply = (verdicts: Verdicts, bytesRead: number): void => {
    tally.count(verdicts, plan);
    validating.update(tally.read, options.size === 0 ? 1 : bytesRead / options.size);
  };

  // One worker reads and validates the lines, another admits them; this thread only relays.
  const keepText = keptRejections(options) !== undefined;
  const judging = lineBlocks(
    { kind: 'judge', file, format: options.format, keepText },
    inlineFor(options.size),
  );
  const ahead: { readonly verdicts: Promise<Verdicts>; readonly bytesRead: number }[] = [];
  for await (const block of judging) {
    const verdicts = admission.judge(block.json);
    // A failure is reported when its turn comes, not as an unhandled rejection before that.
    verdicts.catch(() => {});
    ahead.push({ verdicts, bytesRead: block.bytesRead });
    while (ahead.length > ADMISSION_AHEAD) {
      const next = ahead.shift();
      if (next !== undefined) apply(await next.verdicts, next.bytesRead);
    }
  }
  for (const next of ahead.splice(0)) apply(await next.verdicts, next.bytesRead);
  const { admitted, streams } = await admission.finish();
  validating.done(tally.read);
  const rejectedFile = await tally.close();
  return {
    read: tally.read,
    toAppend: tally.toAppend,
    skipped: tally.skipped,
    rejected: tally.rejected,
    rejections: tally.rejections,
    rejectedFile,
    streams,
    plan,
    admittedIds: admitted,
    storeRevisions,
  };
};

/**
 * Imports a file: in one pass and one transaction on a store that can hold one across appends
 * (`importInOnePass`, the embedded store), else in two passes.
 *
 * Two passes: pass 1 (`judgeFile`) reads every line, validates it, and admits it
 * against the store's state plus the lines before it, writing nothing; pass 2, only when nothing
 * was rejected (or with skipInvalid), reads the file again and appends the admitted lines.
 * Between the passes only one byte per line, the admitted ids (16 bytes each) and the streams'
 * revisions are kept, so memory does not grow with the file's size beyond the state of what it
 * describes.
 *
 * Each pass is a pipeline over threads, so an import uses two cores: in pass 1 a worker reads and
 * validates the lines while another admits them (`lineWorkers.ts`, `admission.ts`); in pass 2 a
 * worker reads the lines again and serialises their events while this thread appends them.
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

  const judging: JudgeOptions = {
    file,
    format,
    size,
    store,
    skipInvalid,
    rejectedFile: options.rejectedFile,
    now: options.now ?? new Date().toISOString(),
    log,
    maxListed: options.maxListed ?? DEFAULT_MAX_LISTED,
  };
  const inTransaction = store.appendInTransaction?.bind(store);
  if (inTransaction !== undefined) {
    const batchEvents = options.batchEvents ?? ONE_PASS_BATCH_EVENTS;
    return importInOnePass({ ...judging, batchEvents, started, inTransaction });
  }
  const batchEvents = options.batchEvents ?? DEFAULT_BATCH_EVENTS;
  const judged = await judgeFile(judging);
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
    batchEvents,
    log,
    expected: { size, modified },
  });
  return summary(appended);
}

/** Ends the single pass's transaction without committing: the file is refused. */
class Refused extends Error {
  override readonly name = 'Refused';
}

/** An append inside the single pass's transaction failed: the store's failure, `cause`. */
class AppendFailed extends Error {
  override readonly name = 'AppendFailed';
}

/** The single pass failed reading or judging the file (`cause`), not in the store. */
class PassFailed extends Error {
  override readonly name = 'PassFailed';
}

/** Blocks the worker may read ahead: a batch's worth and more, so appending never waits on it. */
const windowFor = (batchEvents: number): number => Math.ceil(batchEvents / BLOCK_LINES) + 8;

/**
 * The import on a store that can hold one transaction across appends (the embedded store): one
 * pass over the file, each line validated, admitted and encoded on a worker thread while this
 * thread appends the lines before it, all in ONE transaction. A rejected line stops the appending
 * (the rest of the file is still judged, so every rejection is reported) and the transaction is
 * rolled back; so is everything on any failure. The file is read once, and what the import keeps
 * is the streams' revisions and the admission state, as in two passes.
 */
const importInOnePass = async (
  options: JudgeOptions & {
    readonly batchEvents: number;
    readonly started: number;
    /** The store's `appendInTransaction`. */
    readonly inTransaction: NonNullable<EventStore['appendInTransaction']>;
  },
): Promise<ImportSummary> => {
  const { file, format, size, store, log, skipInvalid, inTransaction } = options;
  const rejectedFile = keptRejections(options);
  const pass = new LinePass(
    { kind: 'import', file, format, now: options.now, keepText: rejectedFile !== undefined },
    inlineFor(size),
    windowFor(options.batchEvents),
  );
  const tally = new Tally({ ...options, rejectedFile });
  let appended = 0;
  const streams = new Set<string>();
  const summary = async (): Promise<ImportSummary> => ({
    file,
    format,
    read: tally.read,
    appended,
    skipped: tally.skipped,
    rejected: tally.rejected,
    rejections: tally.rejections,
    rejectedFile: await tally.close(),
    streams: streams.size,
    seconds: (performance.now() - options.started) / 1000,
  });

  let revisions: Map<string, number>;
  try {
    revisions = await foldStore(store, pass);
  } catch (error) {
    await pass.close();
    throw storeFailure(error, 0);
  }
  const importing = new Progress(log, `import ${basename(file)}`);
  try {
    await inTransaction(async (tx): Promise<void> => {
      const batches = new AppendBatches(revisions, options.batchEvents, async (requests) => {
        try {
          // Every text is canonical JSON, written by the line worker's serialiser.
          await tx.appendManyEncoded(requests, { serialised: true });
        } catch (error) {
          throw new AppendFailed('append failed', { cause: error });
        }
      });
      try {
        for await (const block of pass.blocks()) {
          tally.count(block);
          for (const stream of block.streams) streams.add(stream);
          // After a refused line nothing will commit: the rest is only judged, to report it.
          const appending = tally.rejected === 0 || skipInvalid;
          for (let at = 0; appending && at < block.ids.length; at++) {
            const metadata = block.metadataTexts[block.metadataOf[at] as number] as string;
            const event: EncodedEventData = {
              id: block.ids[at] as string,
              type: block.types[at] as string,
              data: block.data[at] as string,
              metadata,
              contentHash: contentHashOfCanonical(
                block.types[at] as string,
                block.data[at] as string,
                block.hashedMetadata[at] ?? metadata,
              ),
            };
            if (batches.add(block.streams[at] as string, event)) await batches.flush();
          }
          importing.update(tally.read, size === 0 ? 1 : block.bytesRead / size);
        }
        if (tally.read === 0 || (tally.rejected > 0 && !skipInvalid)) throw new Refused();
        await batches.flush();
        appended = batches.sent;
      } catch (error) {
        throw error instanceof Refused || error instanceof AppendFailed
          ? error
          : new PassFailed('the import failed', { cause: error });
      }
    });
  } catch (error) {
    await pass.close();
    if (error instanceof Refused) {
      importing.done(tally.read);
      appended = 0;
      throw new ImportRejected(
        await summary(),
        tally.read === 0
          ? `"${basename(file)}" holds no events: nothing to import`
          : `${tally.rejected.toLocaleString('en-US')} of ${tally.read.toLocaleString('en-US')} lines of "${basename(file)}" rejected; nothing was appended`,
      );
    }
    importing.stop();
    await tally.close().catch(() => undefined);
    if (error instanceof PassFailed) throw error.cause;
    // An append inside failed, or the transaction could not begin or commit: the store's doing.
    throw storeFailure(error instanceof AppendFailed ? error.cause : error, 0, true, true);
  }
  importing.done(tally.read);
  return summary();
};

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

/** An event as pass 2 hands it to the store: data and metadata already JSON text. */
interface PlannedAppend {
  readonly streamId: string;
  readonly events: EncodedEventData[];
  readonly expectedRevision: number | 'no_stream';
}

/**
 * The events to append, planned into requests and sent `size` events at a time: consecutive lines
 * of one stream travel as one request, and every request carries the revision its stream must be
 * at (`revisions`, kept up to date as events are planned).
 */
class AppendBatches {
  readonly #revisions: Map<string, number>;
  readonly #size: number;
  readonly #send: (requests: readonly PlannedAppend[]) => Promise<void>;
  #requests: PlannedAppend[] = [];
  #pending = 0;
  #sent = 0;

  constructor(
    revisions: Map<string, number>,
    size: number,
    send: (requests: readonly PlannedAppend[]) => Promise<void>,
  ) {
    this.#revisions = revisions;
    this.#size = size;
    this.#send = send;
  }

  /** Events sent. */
  get sent(): number {
    return this.#sent;
  }

  /** Events planned and not sent yet. */
  get pending(): number {
    return this.#pending;
  }

  /** Plans the event; true when the batch is full, to be flushed before the next. */
  add(stream: string, event: EncodedEventData): boolean {
    const last = this.#requests.at(-1);
    const revision = this.#revisions.get(stream);
    if (last?.streamId === stream) {
      last.events.push(event);
    } else {
      this.#requests.push({
        streamId: stream,
        events: [event],
        expectedRevision: revision ?? 'no_stream',
      });
    }
    this.#revisions.set(stream, (revision ?? -1) + 1);
    return ++this.#pending >= this.#size;
  }

  async flush(): Promise<void> {
    if (this.#requests.length === 0) return;
    await this.#send(this.#requests);
    this.#sent += this.#pending;
    this.#requests = [];
    this.#pending = 0;
  }
}

/** For a store that takes only parsed events (a wrapper without `appendManyEncoded`). */
const decoded = (requests: readonly PlannedAppend[]): AppendRequest[] =>
  requests.map(({ streamId, events, expectedRevision }) => ({
    streamId,
    expectedRevision,
    events: events.map(
      (event): EventData => ({
        id: event.id,
        type: event.type,
        data: JSON.parse(event.data) as JsonObject,
        metadata: JSON.parse(event.metadata) as JsonObject,
      }),
    ),
  }));

/**
 * Pass 2: appends the lines pass 1 admitted, in file order, in batches of `batchEvents` events
 * over many streams, each batch one `appendMany`: one durable transaction on the embedded store.
 * Consecutive lines of one stream travel as one request; every request carries the revision the
 * stream must be at, so another writer's append stops the import instead of interleaving with it.
 * A worker thread reads the lines again and serialises their events while this thread appends.
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
  const appending = new Progress(log, `import ${basename(pass.file)}: appending`);
  const batches = new AppendBatches(revisions, pass.batchEvents, async (requests) => {
    try {
      if (store.appendManyEncoded !== undefined) await store.appendManyEncoded(requests);
      else await store.appendMany(decoded(requests));
    } catch (error) {
      throw storeFailure(error, batches.sent, store.capabilities.atomicMultiStreamAppend);
    }
  });
  const changed = (line: number): CliError =>
    new CliError(
      EXIT.rejected,
      `line ${line} of "${basename(pass.file)}" changed while importing; ${batches.sent} events were appended, run the import again`,
    );

  const encoding = lineBlocks(
    {
      kind: 'encode',
      file: pass.file,
      format: pass.format,
      plan: plan.codes,
      codes: { append: APPEND, header: HEADER },
    },
    inlineFor(pass.expected.size),
    // The worker serialises the next batch while this thread appends one, instead of waiting for
    // it (pass 2 took 1.3x as long with 8 blocks).
    windowFor(pass.batchEvents),
  );
  for await (const block of encoding) {
    for (let at = 0; at < block.ids.length; at++) {
      const id = block.ids[at] as string;
      const stream = block.streams[at] as string;
      // Pass 1 checked the line; it must still hold an event it admitted.
      if (!admittedIds.has(id)) throw changed(block.lines[at] ?? 0);
      const event: EncodedEventData = {
        id,
        type: block.types[at] as string,
        data: block.data[at] as string,
        metadata: block.metadata[at] as string,
        contentHash: block.contentHashes[at] as string,
      };
      if (batches.add(stream, event)) await batches.flush();
    }
    if (block.changed !== null) throw changed(block.changed);
    const planned = batches.sent + batches.pending;
    appending.update(planned, planned / pass.toAppend);
  }
  await batches.flush();
  appending.done(batches.sent);
  return batches.sent;
};
