import {
  checkMetadata,
  type MetadataCheck,
  type ValidatedEvent,
  validateEventWithCheckedMetadata,
} from '@ledger/domain';
import {
  CHAIN_KEY,
  canonicalJson,
  contentHashOfCanonical,
  type JsonObject,
  withoutChain,
} from '@ledger/event-store';
import type { LineRejection } from './admission.ts';
import type { Admission } from './admit.ts';
import type { Candidate, Issue, LineReader } from './candidate.ts';
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
  | {
      /** The single pass: each line validated, admitted and, when admitted, encoded. */
      readonly kind: 'import';
      /** The clock admission decides with. */
      readonly now: string;
      /** Send the text of every rejected line (for a file of rejected lines). */
      readonly keepText: boolean;
    }
);

/** What the worker sends: its blocks in order, then `end`, or an error. */
export type WorkerMessage =
  | JudgedBlock
  | EncodedBlock
  | ImportBlock
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
export const judgeLine = (
  reader: LineReader,
  line: Line,
  keepText: boolean,
  memo = new MetadataMemo(),
): JudgedLine | null => judgeCandidate(reader, line, keepText, memo)?.judged ?? null;

/** What encoding metadata wrote once, kept with it: its canonical text and the text hashed. */
interface MetadataTexts {
  canonical?: string;
  /** The text the content hash covers when it is not `canonical` (metadata with a chain link). */
  hashed?: string | null;
}

/** What is known of one metadata: its check, and its texts once encoded. */
interface KnownMetadata extends MetadataTexts {
  readonly check: MetadataCheck;
}

/** Distinct metadata texts a memo keeps, and lookups after which one that rarely hits gives up. */
const MEMO_ENTRIES = 1_024;
const MEMO_TRIAL = 4_096;
/** The metadata met last, compared field by field before their JSON text is written for a key. */
const MEMO_RECENT = 4;

/** Whether two values read by `JSON.parse` are equal, keys in the same order. */
const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let at = 0; at < a.length; at++) if (!sameJson(a[at], b[at])) return false;
    return true;
  }
  const keys = Object.keys(a);
  const others = Object.keys(b);
  if (keys.length !== others.length) return false;
  for (let at = 0; at < keys.length; at++) {
    const key = keys[at] as string;
    if (key !== others[at]) return false;
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) {
      return false;
    }
  }
  return true;
};

/**
 * Metadata met before in this file, by its JSON text. The lines of a file mostly share their
 * provenance (actor, source): validating and writing each distinct metadata once took about a
 * tenth off an import of 1,000,000 lines. A file whose lines rarely repeat their metadata turns
 * the memo off, rather than pay for keys that never hit.
 */
export class MetadataMemo {
  readonly #known = new Map<string, KnownMetadata>();
  /** The last few distinct metadata met, newest first, with what is known of each. */
  readonly #recent: { readonly metadata: unknown; readonly known: KnownMetadata }[] = [];
  #hits = 0;
  #lookups = 0;

  of(metadata: unknown): KnownMetadata {
    const off = this.#lookups >= MEMO_TRIAL && this.#hits * 2 < this.#lookups;
    if (off || typeof metadata !== 'object' || metadata === null) {
      return { check: checkMetadata(metadata) };
    }
    this.#lookups++;
    for (const recent of this.#recent) {
      if (sameJson(recent.metadata, metadata)) {
        this.#hits++;
        return recent.known;
      }
    }
    const key = JSON.stringify(metadata);
    let known = this.#known.get(key);
    if (known !== undefined) {
      this.#hits++;
    } else {
      if (this.#known.size >= MEMO_ENTRIES) this.#known.clear();
      known = { check: checkMetadata(metadata) };
      this.#known.set(key, known);
    }
    this.#recent.unshift({ metadata, known });
    if (this.#recent.length > MEMO_RECENT) this.#recent.pop();
    return known;
  }
}

/** `judgeLine`, with the candidate a valid line was read as (the single pass encodes it). */
const judgeCandidate = (
  reader: LineReader,
  line: Line,
  keepText: boolean,
  memo: MetadataMemo,
): {
  readonly judged: JudgedLine;
  readonly candidate?: Candidate;
  readonly metadata?: MetadataTexts;
} | null => {
  if (isBlank(line.text)) return null;
  const parsed = reader.parse(line);
  if (parsed === null) return { judged: { n: line.number, header: true } };
  if (!parsed.ok) return { judged: { n: line.number, issues: parsed.issues, text: line.text } };
  const { candidate } = parsed;
  const { id, stream, type, data, metadata } = candidate;
  const known = memo.of(metadata);
  const validated = validateEventWithCheckedMetadata({ type, data, metadata, stream }, known.check);
  if (!validated.ok) {
    return { judged: { n: line.number, id, stream, issues: validated.issues, text: line.text } };
  }
  const judged: JudgedLine = keepText
    ? { n: line.number, id, stream, event: validated.event, text: line.text }
    : { n: line.number, id, stream, event: validated.event };
  return { judged, candidate, metadata: known };
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

/**
 * A block of the single pass: every line's verdict, and the store's form of the lines admitted,
 * in order (`streams`, `ids`… hold the admitted lines only).
 */
export interface ImportBlock extends Omit<EncodedBlock, 'changed' | 'contentHashes' | 'metadata'> {
  /**
   * The distinct metadata texts of the block's admitted lines, and per admitted line the index
   * of its own: lines mostly share their metadata, so each text crosses to the importer once.
   */
  readonly metadataTexts: string[];
  readonly metadataOf: number[];
  /**
   * Per admitted line, the metadata text its content hash covers when that is not its metadata
   * text (metadata carrying a hash-chain link), else null. The importer hashes: this thread has
   * more to do than it.
   */
  readonly hashedMetadata: (string | null)[];
  /** Line number and code (see above) of every line that is not blank. */
  readonly numbers: readonly number[];
  readonly codes: readonly number[];
  /** The rejected lines, in order, with their reasons. */
  readonly rejections: readonly LineRejection[];
}

/** The columns of a block's events, empty. */
const noEvents = (): Pick<
  EncodedBlock,
  'lines' | 'ids' | 'streams' | 'types' | 'data' | 'metadata'
> => ({ lines: [], ids: [], streams: [], types: [], data: [], metadata: [] });

/**
 * The store's form of a valid event: data and metadata as their canonical JSON text (written
 * once, for the store and for the content hash both). Returns the metadata text the content
 * hash covers, which differs only for metadata carrying a hash-chain link.
 */
const encodeInto = (
  block: Pick<EncodedBlock, 'ids' | 'streams' | 'types' | 'data'>,
  candidate: Candidate,
  texts: MetadataTexts,
): {
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly hashed: string | null;
} => {
  const type = String(candidate.type);
  const metadata = candidate.metadata as JsonObject;
  const data = canonicalJson(candidate.data);
  texts.canonical ??= canonicalJson(metadata);
  if (texts.hashed === undefined) {
    texts.hashed = CHAIN_KEY in metadata ? canonicalJson(withoutChain(metadata)) : null;
  }
  block.ids.push(candidate.id);
  block.streams.push(candidate.stream);
  block.types.push(type);
  block.data.push(data);
  return { type, data, metadata: texts.canonical, hashed: texts.hashed };
};

/** The single pass, in the worker: judges a block's lines, admits them, encodes those admitted. */
export class BlockImporter {
  readonly #reader: LineReader;
  readonly #admission: Admission;
  readonly #keepText: boolean;
  readonly #memo = new MetadataMemo();

  constructor(reader: LineReader, admission: Admission, keepText: boolean) {
    this.#reader = reader;
    this.#admission = admission;
    this.#keepText = keepText;
  }

  import(bytesRead: number, lines: readonly Line[]): ImportBlock {
    const judged: JudgedLine[] = [];
    const candidates: { readonly candidate: Candidate; readonly metadata: MetadataTexts }[] = [];
    for (const line of lines) {
      const verdict = judgeCandidate(this.#reader, line, this.#keepText, this.#memo);
      if (verdict === null) continue;
      judged.push(verdict.judged);
      if (verdict.candidate !== undefined) {
        candidates[judged.length - 1] = {
          candidate: verdict.candidate,
          metadata: verdict.metadata ?? {},
        };
      }
    }
    const { numbers, codes, rejections } = this.#admission.judge(judged);
    const block: ImportBlock = {
      kind: 'block',
      bytesRead,
      numbers,
      codes,
      rejections,
      lines: [],
      ids: [],
      streams: [],
      types: [],
      data: [],
      metadataTexts: [],
      metadataOf: [],
      hashedMetadata: [],
    };
    const metadataIndex = new Map<MetadataTexts, number>();
    codes.forEach((code, at) => {
      const valid = candidates[at];
      if (code !== APPEND || valid === undefined) return;
      block.lines.push(numbers[at] as number);
      const { metadata, hashed } = encodeInto(block, valid.candidate, valid.metadata);
      let index = metadataIndex.get(valid.metadata);
      if (index === undefined) {
        index = block.metadataTexts.push(metadata) - 1;
        metadataIndex.set(valid.metadata, index);
      }
      block.metadataOf.push(index);
      block.hashedMetadata.push(hashed);
    });
    return block;
  }
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
      ...noEvents(),
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
      const { type, data, metadata, hashed } = encodeInto(encoded, candidate, {});
      encoded.metadata.push(metadata);
      encoded.contentHashes.push(contentHashOfCanonical(type, data, hashed ?? metadata));
    }
    return encoded;
  }
}

export type AnyBlock = JudgedBlock | EncodedBlock | ImportBlock;

/**
 * The blocks of one pass, in file order: the lines read, then judged (pass 1), encoded (pass 2),
 * or judged, admitted against `admission` (the store's events folded into it) and encoded (the
 * single pass). Pass 2 stops after a block that found a line changed.
 */
export async function* taskBlocks(task: LineTask, admission?: Admission): AsyncGenerator<AnyBlock> {
  const reader = readerFor(task.format);
  const encoder =
    task.kind === 'encode' ? new BlockEncoder(reader, task.plan, task.codes) : undefined;
  const memo = new MetadataMemo();
  let importer: BlockImporter | undefined;
  if (task.kind === 'import') {
    if (admission === undefined) throw new Error('the single pass needs the admission state');
    importer = new BlockImporter(reader, admission, task.keepText);
  }
  let lines: Line[] = [];
  const blockOf = (bytesRead: number): AnyBlock => {
    const taken = lines;
    lines = [];
    if (encoder !== undefined) return encoder.encode(bytesRead, taken);
    if (importer !== undefined) return importer.import(bytesRead, taken);
    const judged: JudgedLine[] = [];
    for (const line of taken) {
      const verdict = judgeLine(reader, line, task.kind === 'judge' && task.keepText, memo);
      if (verdict !== null) judged.push(verdict);
    }
    return { kind: 'block', bytesRead, json: JSON.stringify(judged) };
  };
  const stops = (block: AnyBlock): boolean => 'changed' in block && block.changed !== null;
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
