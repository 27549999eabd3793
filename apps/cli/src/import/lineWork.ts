import { type ValidatedEvent, validateEvent } from '@ledger/domain';
import { contentHash, type JsonObject } from '@ledger/event-store';
import type { Issue, LineReader } from './candidate.ts';
import { csvReader } from './csv.ts';
import { jsonlReader } from './jsonl.ts';
import { isBlank, type Line, readLines } from './lines.ts';

/**
 * What the line worker (`lineWorker.ts`) does to each line, in either pass of an import, and the
 * messages it sends the importer: the lines in blocks of BLOCK_LINES consecutive lines, in order.
 */

export const BLOCK_LINES = 256;

/** What pass 1 decided for each line, read back by pass 2; 0 for a line that holds no event. */
export const APPEND = 1;
export const STORED = 2;
export const REJECTED = 3;
/** A line the reader needs in pass 2 too, though it holds no event (a CSV header). */
export const HEADER = 4;

export type FileFormat = 'jsonl' | 'csv';

export const readerFor = (format: FileFormat): LineReader =>
  format === 'jsonl' ? jsonlReader() : csvReader();

/** What a worker is started with (its `workerData`). */
export type LineTask = {
  readonly file: string;
  readonly format: FileFormat;
  /** How many blocks it may send ahead of the importer's acknowledgements. */
  readonly window: number;
} & (
  | {
      readonly kind: 'judge';
      /** Send the text of every line, not only of those refused (for a file of rejected lines). */
      readonly keepText: boolean;
    }
  | {
      readonly kind: 'encode';
      /** Pass 1's code for every line (see `importer.ts`). */
      readonly plan: Uint8Array;
      readonly codes: { readonly append: number; readonly header: number };
    }
);

/** What the worker sends: its blocks in order, then `end`, or an error. */
export type WorkerMessage =
  | JudgedBlock
  | EncodedBlock
  | { readonly kind: 'end' }
  | {
      readonly kind: 'error';
      /** The CLI exit code of an expected failure (a CSV header missing a column), else null. */
      readonly exitCode: number | null;
      readonly message: string;
      readonly stack: string;
    };

/** Pass 1's verdict on one line that is not blank, before the store and the earlier lines judge it. */
export type JudgedLine =
  /** A line holding no event (a CSV header). */
  | { readonly n: number; readonly header: true }
  /** Refused before an id could be read. */
  | { readonly n: number; readonly issues: readonly Issue[]; readonly text: string }
  /** Its id and stream read; `event` when it is a valid event, else the `issues` that refuse it. */
  | {
      readonly n: number;
      readonly id: string;
      readonly stream: string;
      readonly event: ValidatedEvent;
      /** Only when the task keeps the text of every line (it may yet be rejected). */
      readonly text?: string;
    }
  | {
      readonly n: number;
      readonly id: string;
      readonly stream: string;
      readonly issues: readonly Issue[];
      readonly text: string;
    };

/**
 * Pass 1, in the worker: reads and validates the line (the zod schemas of `@ledger/domain`),
 * leaving the checks that need the store or the earlier lines to the importer. `null` for a blank
 * line. A refused line's text goes along, for the file of rejected lines; with `keepText`, a
 * valid line's too, as the importer may yet reject it.
 */
export const judgeLine = (reader: LineReader, line: Line, keepText: boolean): JudgedLine | null => {
  if (isBlank(line.text)) return null;
  const parsed = reader.parse(line);
  if (parsed === null) return { n: line.number, header: true };
  if (!parsed.ok) return { n: line.number, issues: parsed.issues, text: line.text };
  const { id, stream, type, data, metadata } = parsed.candidate;
  const validated = validateEvent({ type, data, metadata, stream });
  if (!validated.ok)
    return { n: line.number, id, stream, issues: validated.issues, text: line.text };
  return keepText
    ? { n: line.number, id, stream, event: validated.event, text: line.text }
    : { n: line.number, id, stream, event: validated.event };
};

/** A block of pass 1: its judged lines, as JSON (cheaper to send between threads than objects). */
export interface JudgedBlock {
  readonly kind: 'block';
  /** Bytes of the file read when the block was complete, for progress. */
  readonly bytesRead: number;
  /** `JudgedLine[]` as JSON. */
  readonly json: string;
}

/**
 * A block of pass 2: the events of the lines pass 1 admitted, ready for the store (data and
 * metadata already JSON text), as parallel arrays (strings cross threads by plain copy).
 */
export interface EncodedBlock {
  readonly kind: 'block';
  readonly bytesRead: number;
  readonly lines: number[];
  readonly ids: string[];
  readonly streams: string[];
  readonly types: string[];
  readonly data: string[];
  readonly metadata: string[];
  /** Each event's hash-chain content hash, computed here, off the thread that appends. */
  readonly contentHashes: string[];
  /** A line pass 1 admitted that no longer holds an event: the block stops before it. */
  readonly changed: number | null;
}

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Pass 2, in the worker: the store's form of every line the plan says to append, in order. */
export class BlockEncoder {
  readonly #reader: LineReader;
  readonly #plan: Uint8Array;
  readonly #append: number;
  readonly #header: number;

  constructor(reader: LineReader, plan: Uint8Array, codes: { append: number; header: number }) {
    this.#reader = reader;
    this.#plan = plan;
    this.#append = codes.append;
    this.#header = codes.header;
  }

  encode(bytesRead: number, lines: readonly Line[]): EncodedBlock {
    const encoded: EncodedBlock = {
      kind: 'block',
      bytesRead,
      lines: [],
      ids: [],
      streams: [],
      types: [],
      data: [],
      metadata: [],
      contentHashes: [],
      changed: null,
    };
    for (const line of lines) {
      const code = this.#plan[line.number] ?? 0;
      if (code !== this.#append && code !== this.#header) continue;
      const candidate = this.#reader.reread(line);
      if (code === this.#header) continue;
      if (candidate === null || !isObject(candidate.data) || !isObject(candidate.metadata)) {
        return { ...encoded, changed: line.number };
      }
      encoded.lines.push(line.number);
      encoded.ids.push(candidate.id);
      encoded.streams.push(candidate.stream);
      encoded.types.push(String(candidate.type));
      encoded.data.push(JSON.stringify(candidate.data));
      encoded.metadata.push(JSON.stringify(candidate.metadata));
      encoded.contentHashes.push(
        contentHash(
          String(candidate.type),
          candidate.data as JsonObject,
          candidate.metadata as JsonObject,
        ),
      );
    }
    return encoded;
  }
}

/**
 * The blocks of one pass, in file order: the lines read, then judged (pass 1) or encoded
 * (pass 2). Pass 2 stops after a block that found a line changed.
 */
export async function* taskBlocks(task: LineTask): AsyncGenerator<JudgedBlock | EncodedBlock> {
  const reader = readerFor(task.format);
  const encoder =
    task.kind === 'encode' ? new BlockEncoder(reader, task.plan, task.codes) : undefined;
  let lines: Line[] = [];
  const blockOf = (bytesRead: number): JudgedBlock | EncodedBlock => {
    const taken = lines;
    lines = [];
    if (encoder !== undefined) return encoder.encode(bytesRead, taken);
    const judged: JudgedLine[] = [];
    for (const line of taken) {
      const verdict = judgeLine(reader, line, task.kind === 'judge' && task.keepText);
      if (verdict !== null) judged.push(verdict);
    }
    return { kind: 'block', bytesRead, json: JSON.stringify(judged) };
  };
  const stops = (block: JudgedBlock | EncodedBlock): boolean =>
    'changed' in block && block.changed !== null;
  let bytesRead = 0;
  for await (const batch of readLines(task.file)) {
    bytesRead = batch.bytesRead;
    for (const line of batch.lines) {
      lines.push(line);
      if (lines.length === BLOCK_LINES) {
        const block = blockOf(bytesRead);
        yield block;
        if (stops(block)) return;
      }
    }
  }
  if (lines.length > 0) yield blockOf(bytesRead);
}
