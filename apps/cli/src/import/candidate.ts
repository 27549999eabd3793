import { uuidWords } from './idSet.ts';
import type { Line } from './lines.ts';

/** One reason a line was refused; `field` is a dotted path from the line's root (`data.effectiveDate`). */
export interface Issue {
  readonly field: string;
  readonly reason: string;
}

/** An event read from a line, not yet validated. */
export interface Candidate {
  readonly id: string;
  readonly stream: string;
  readonly type: unknown;
  readonly data: unknown;
  readonly metadata: unknown;
}

export type ParsedLine =
  | { readonly ok: true; readonly candidate: Candidate }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** Reads the event lines of one file format. A fresh reader is made for each pass over a file. */
export interface LineReader {
  /** `null` for a line that holds no event (a CSV header). */
  parse(line: Line): ParsedLine | null;
  /**
   * Reads again, for appending, a line `parse` accepted in an earlier pass, sparing the checks
   * `parse` made; `null` when it no longer holds an event. A line that holds no event (a CSV
   * header) is read again too, when the reader needs it.
   */
  reread(line: Line): Candidate | null;
  /** How a field of the event is named in this format (a CSV column for CSV). */
  fieldName(field: string): string;
}

export const refuse = (field: string, reason: string): ParsedLine => ({
  ok: false,
  issues: [{ field, reason }],
});

const scratch = new Uint32Array(4);

export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && uuidWords(value, scratch);
