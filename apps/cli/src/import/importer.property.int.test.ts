/**
 * Property: whatever file is imported — random bytes, or a valid JSON Lines file or CSV
 * membership list mutated field by field or line by line (a field deleted, replaced by a value of
 * the wrong type, a huge string or stray unicode, or added; a line cut, duplicated, dropped or
 * swapped with another) — the import either appends every new event of the file or nothing, and
 * a refusal is the importer's own, naming the line and the field.
 *
 * An import starts two worker threads per pass (~0.4 s a file), so the 10,000 cases run where the
 * bytes are read: the importer's pass-1 line work (`readLines`, then `judgeLine`: parse and
 * validate), in this thread. Fewer cases run the whole import (`importFile`), each into a fresh
 * in-memory store holding the base lines (two organisations and a network).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryEventStore, type EventStore, type JsonObject } from '@ledger/event-store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliError, EXIT } from '../errors.ts';
import {
  baseLines,
  Capture,
  eventLine,
  joinLine,
  organisationLine,
  tempDir,
} from '../testSupport.ts';
import { describeIssues, ImportRejected, importFile } from './importer.ts';
import { readLines } from './lines.ts';
import { type FileFormat, judgeLine, readerFor } from './lineWork.ts';

/** Cases of the line work, per format: 10,000 in all. */
const LINE_RUNS = 5_000;
/** Cases of the whole import, per format: 10,000 in all (small files are imported in-thread). */
const IMPORT_RUNS = 5_000;
const NOW = '2024-06-01T10:00:00Z';

const HOSTILE = [
  "'; DROP TABLE events; --",
  '\u0000',
  '\uD800',
  '\uFEFF',
  'é🦄\u202E',
  '🦄'.repeat(1_000),
  'x'.repeat(100_000),
  '2019-02-30',
  '0000-00-00',
  '-1',
  '__proto__',
  'constructor',
  '"',
  '\r\n',
];

const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(...HOSTILE),
  fc.constantFrom<unknown>(null, true, -1, 1.5, 1e308, [], {}),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

/** The valid JSON Lines file every JSONL case mutates: facts about the base's records. */
const jsonlTemplate = (): Record<string, unknown>[] =>
  [
    organisationLine('gamma'),
    joinLine('afil', 'gamma'),
    joinLine('afil', 'acme', '2015-06'),
    eventLine('MembershipCensusReported', { networkId: 'afil', asOf: '2020', total: 40 }),
    eventLine('MemberLeft', {
      networkId: 'afil',
      organisationId: 'acme',
      effectiveDate: '2019',
      reason: 'withdrew',
    }),
  ].map((line) => JSON.parse(line) as Record<string, unknown>);

const CSV_TEMPLATE = [
  'event,network,organisation,category,effective_date,date_qualifier,reason,source',
  'joined,afil,acme,company,2016,on,,elenco-soci.pdf',
  'joined,afil,beta,research_organisation,2017-03-01,by,,elenco-soci.pdf',
  'left,afil,acme,,2020-12,,withdrew,elenco-soci.pdf',
];

/** The field paths of a value, down to its leaves. */
const pathsOf = (value: unknown, prefix: string[] = []): string[][] => {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  return [prefix, ...entries.flatMap(([key, inner]) => pathsOf(inner, [...prefix, key]))];
};

type Change = 'delete' | 'replace' | 'add';

const mutateField = (
  record: Record<string, unknown>,
  path: readonly string[],
  change: Change,
  value: unknown,
): unknown => {
  const copy = structuredClone(record);
  if (path.length === 0) return change === 'replace' ? value : { ...copy, unexpected: value };
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1) as string;
  if (change === 'delete') delete node[last];
  else if (change === 'replace') node[last] = value;
  else node[`${last}Extra`] = value;
  return copy;
};

/** A line-level mutation, given the file's lines; `at` and `other` pick lines, modulo their count. */
type LineEdit =
  | { readonly kind: 'cut'; readonly at: number; readonly keep: number }
  | { readonly kind: 'duplicate' | 'drop'; readonly at: number }
  | { readonly kind: 'swap'; readonly at: number; readonly other: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string };

const lineEdit: fc.Arbitrary<LineEdit> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), keep: fc.nat() }),
  fc.record({ kind: fc.constantFrom('duplicate' as const, 'drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom(...HOSTILE)),
  }),
);

const applyEdit = (lines: readonly string[], edit: LineEdit): string[] => {
  const copy = [...lines];
  const at = edit.at % Math.max(1, copy.length);
  const line = copy[at] ?? '';
  switch (edit.kind) {
    case 'cut':
      copy[at] = line.slice(0, edit.keep % Math.max(1, line.length));
      return copy;
    case 'duplicate':
      copy.splice(at, 0, line);
      return copy;
    case 'drop':
      copy.splice(at, 1);
      return copy;
    case 'swap': {
      const other = edit.other % Math.max(1, copy.length);
      copy[at] = copy[other] ?? '';
      copy[other] = line;
      return copy;
    }
    case 'insert':
      copy.splice(at, 0, edit.text);
      return copy;
    default:
      return edit satisfies never;
  }
};

const randomBytes = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ unit: 'binary', maxLength: 300 }).map((text) => Buffer.from(text)),
);

const text = (lines: readonly string[], ending: string): Buffer =>
  Buffer.from(lines.map((line) => `${line}${ending}`).join(''));

/** A JSON Lines file: random bytes, or the template with fields and lines mutated. */
const jsonlFile: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 1, arbitrary: randomBytes },
  {
    weight: 6,
    arbitrary: fc
      .record({
        fieldEdits: fc.array(
          fc.record({
            line: fc.nat(),
            field: fc.nat(),
            change: fc.constantFrom<Change>('delete', 'replace', 'add'),
            value: hostileValue,
          }),
          { maxLength: 2 },
        ),
        lineEdits: fc.array(lineEdit, { maxLength: 2 }),
        ending: fc.constantFrom('\n', '\r\n'),
        truncate: fc.option(fc.nat(), { freq: 5 }),
      })
      .map(({ fieldEdits, lineEdits, ending, truncate }) => {
        const records: unknown[] = jsonlTemplate();
        for (const edit of fieldEdits) {
          const index = edit.line % records.length;
          const record = records[index] as Record<string, unknown>;
          const paths = pathsOf(record);
          const path = paths[edit.field % paths.length] ?? [];
          records[index] = mutateField(record, path, edit.change, edit.value);
        }
        const lines = lineEdits.reduce(
          applyEdit,
          records.map((record) => JSON.stringify(record) ?? 'null'),
        );
        const bytes = text(lines, ending);
        return truncate === null ? bytes : bytes.subarray(0, truncate % (bytes.length + 1));
      }),
  },
);

/** A CSV membership list: random bytes, or the template with cells and lines mutated. */
const csvFile: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 1, arbitrary: randomBytes },
  {
    weight: 6,
    arbitrary: fc
      .record({
        cellEdits: fc.array(
          fc.record({
            line: fc.nat(),
            cell: fc.nat(),
            change: fc.constantFrom<Change>('delete', 'replace', 'add'),
            value: fc.oneof(
              fc.constantFrom(...HOSTILE, '"unterminated', 'a,b', '"quoted ""x"""', ''),
              fc.string({ maxLength: 20 }),
            ),
          }),
          { maxLength: 2 },
        ),
        lineEdits: fc.array(lineEdit, { maxLength: 2 }),
        semicolons: fc.boolean(),
        ending: fc.constantFrom('\n', '\r\n'),
        truncate: fc.option(fc.nat(), { freq: 5 }),
      })
      .map(({ cellEdits, lineEdits, semicolons, ending, truncate }) => {
        const rows = CSV_TEMPLATE.map((line) => line.split(','));
        for (const edit of cellEdits) {
          const row = rows[edit.line % rows.length] as string[];
          const cell = edit.cell % row.length;
          if (edit.change === 'delete') row.splice(cell, 1);
          else if (edit.change === 'replace') row[cell] = edit.value;
          else row.splice(cell, 0, edit.value);
        }
        const lines = lineEdits.reduce(
          applyEdit,
          rows.map((row) => row.join(semicolons ? ';' : ',')),
        );
        const bytes = text(lines, ending);
        return truncate === null ? bytes : bytes.subarray(0, truncate % (bytes.length + 1));
      }),
  },
);

/** A fresh store holding the base lines, as `ledger import base.jsonl` leaves it. */
const baseStore = async (): Promise<EventStore> => {
  const store = createMemoryEventStore();
  for (const line of baseLines()) {
    const { id, stream, type, data, metadata } = JSON.parse(line) as {
      id: string;
      stream: string;
      type: string;
      data: JsonObject;
      metadata: JsonObject;
    };
    await store.appendToStream(stream, [{ id, type, data, metadata }]);
  }
  return store;
};

const eventCount = async (store: EventStore): Promise<number> => {
  let count = 0;
  for await (const _ of store.readAll()) count++;
  return count;
};

/** A CSV header the importer cannot read is refused before any row, naming its line. */
const expectHeaderRefusal = (error: unknown): void => {
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).exitCode).toBe(EXIT.rejected);
  expect((error as CliError).message).toMatch(/^line \d+: (column |the header lacks column )/);
};

/** Imports `bytes` as `name`; checks all or nothing was appended and any refusal is a clear one. */
const importsAllOrNothing = async (dir: string, name: string, bytes: Buffer): Promise<void> => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const store = await baseStore();
  try {
    const before = await eventCount(store);
    const log = new Capture();
    let outcome: Awaited<ReturnType<typeof importFile>> | unknown;
    try {
      outcome = await importFile({ file, store, log, now: NOW });
    } catch (error) {
      outcome = error;
    }
    const after = await eventCount(store);
    if (outcome instanceof ImportRejected) {
      expect(after).toBe(before);
      const { summary } = outcome;
      expect(summary.appended).toBe(0);
      if (summary.read === 0) {
        expect(outcome.message).toMatch(/holds no events: nothing to import$/);
      } else {
        expect(outcome.message).toMatch(/ lines? of ".+" rejected; nothing was appended$/);
        expect(summary.rejections.length).toBeGreaterThan(0);
        for (const rejection of summary.rejections) {
          expect(rejection.line).toBeGreaterThan(0);
          expect(rejection.issues.length).toBeGreaterThan(0);
          for (const issue of rejection.issues) {
            expect(issue.field.length).toBeGreaterThan(0);
            expect(issue.reason.length).toBeGreaterThan(0);
          }
        }
        // The log lists each rejected line by number and field.
        expect(log.text).toMatch(/^line \d+: field \S/);
      }
    } else if (outcome instanceof CliError) {
      expect(after).toBe(before);
      expectHeaderRefusal(outcome);
    } else if (outcome instanceof Error) {
      throw outcome;
    } else {
      const summary = outcome as Awaited<ReturnType<typeof importFile>>;
      expect(summary.rejected).toBe(0);
      expect(summary.appended).toBe(summary.read - summary.skipped);
      expect(after).toBe(before + summary.appended);
    }
  } finally {
    await store.close();
  }
};

/** Pass 1's line work on `bytes`: every line read, then accepted, or refused naming a field. */
const judgesEveryLine = async (dir: string, format: FileFormat, bytes: Buffer): Promise<void> => {
  const file = join(dir, `lines.${format}`);
  writeFileSync(file, bytes);
  const reader = readerFor(format);
  let read = 0;
  try {
    for await (const batch of readLines(file)) {
      for (const line of batch.lines) {
        read++;
        const judged = judgeLine(reader, line, false);
        if (judged === null || 'header' in judged || 'event' in judged) continue;
        expect(judged.issues.length).toBeGreaterThan(0);
        for (const issue of judged.issues) {
          expect(issue.field.length).toBeGreaterThan(0);
          expect(issue.reason.length).toBeGreaterThan(0);
        }
        expect(describeIssues(reader, judged.issues)).toMatch(/^field \S/);
      }
    }
  } catch (error) {
    expect(format).toBe('csv');
    expectHeaderRefusal(error);
    return;
  }
  // Every line was read, the last one too when the file ends inside it.
  const endings = bytes.filter((byte) => byte === 10).length;
  expect(read).toBe(endings + (bytes.length > 0 && bytes.at(-1) !== 10 ? 1 : 0));
};

describe('import of fuzzed files (property)', () => {
  const dir = tempDir();

  it('reads and validates every line of a fuzzed JSON Lines file or CSV list without crashing', async () => {
    await fc.assert(
      fc.asyncProperty(jsonlFile, (bytes) => judgesEveryLine(dir, 'jsonl', bytes)),
      { numRuns: LINE_RUNS },
    );
    await fc.assert(
      fc.asyncProperty(csvFile, (bytes) => judgesEveryLine(dir, 'csv', bytes)),
      { numRuns: LINE_RUNS },
    );
  }, 600_000);

  it('a JSON Lines file: all or nothing, and a refusal names the line and the field', async () => {
    await fc.assert(
      fc.asyncProperty(jsonlFile, (bytes) => importsAllOrNothing(dir, 'fuzz.jsonl', bytes)),
      { numRuns: IMPORT_RUNS },
    );
  }, 600_000);

  it('a CSV membership list: all or nothing, and a refusal names the line and the field', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, (bytes) => importsAllOrNothing(dir, 'fuzz.csv', bytes)),
      { numRuns: IMPORT_RUNS },
    );
  }, 600_000);
});
