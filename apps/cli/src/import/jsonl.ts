import { type Candidate, isUuid, type LineReader, type ParsedLine, refuse } from './candidate.ts';
import type { Line } from './lines.ts';

/** The interchange line format this CLI reads and writes (docs/interchange.md). */
export const LINE_FORMAT = 'ledger-event/1';

/** Set by the store, so they appear in exports; an import ignores them rather than trust them. */
const STORE_FIELDS = new Set(['recordedAt', 'position', 'revision']);
const LINE_FIELDS = new Set(['format', 'id', 'stream', 'type', 'data', 'metadata']);

const describeJsonError = (error: unknown): string =>
  error instanceof SyntaxError ? error.message : String(error);

const METADATA_FIELD = ',"metadata":';
/** Distinct metadata texts a reader keeps parsed: a file's lines mostly share a few. */
const RECENT_METADATA = 4;

const isJsonSpace = (code: number): boolean =>
  code === 32 || code === 9 || code === 10 || code === 13;

/**
 * Reads a line whose last field is its metadata object, as `generate` and the curated dataset
 * write lines, in two parts: the fields before it, then the metadata text, which, when it repeats
 * one read lately, is not parsed again (a third of the line's parsing). The parts join into
 * exactly what `JSON.parse` reads from the whole line: were `,"metadata":` anywhere but before the
 * top level's last field, one of the two parts would not parse; a part before it with no field
 * (so no `format`) is left to the whole parse. Only a line ending in `}}` is tried, so an export's
 * lines (metadata before `recordedAt`, `position`, `revision`) cost no attempt. `undefined`:
 * parse the whole line.
 */
const splitAtMetadata = (
  text: string,
  recent: { text: string; value: unknown }[],
): Record<string, unknown> | undefined => {
  const at = text.lastIndexOf(METADATA_FIELD);
  if (at < 0) return undefined;
  let end = text.length;
  while (end > at && isJsonSpace(text.charCodeAt(end - 1))) end--;
  const start = at + METADATA_FIELD.length;
  // `{` opening the metadata, `}}` closing it and the line.
  if (
    text.charCodeAt(start) !== 123 ||
    text.charCodeAt(end - 1) !== 125 ||
    text.charCodeAt(end - 2) !== 125
  ) {
    return undefined;
  }
  let head: unknown;
  try {
    head = JSON.parse(`${text.slice(0, at)}}`);
  } catch {
    return undefined;
  }
  if (
    typeof head !== 'object' ||
    head === null ||
    Array.isArray(head) ||
    !Object.hasOwn(head, 'format')
  ) {
    return undefined;
  }
  const metadataText = text.slice(start, end - 1);
  let known = recent.find((entry) => entry.text === metadataText);
  if (known === undefined) {
    try {
      known = { text: metadataText, value: JSON.parse(metadataText) };
    } catch {
      return undefined;
    }
    recent.unshift(known);
    if (recent.length > RECENT_METADATA) recent.pop();
  }
  const record = head as Record<string, unknown>;
  record.metadata = known.value;
  return record;
};

export const jsonlReader = (): LineReader => {
  /**
   * Metadata read lately, newest first. Lines with the same metadata text share one value, so no
   * reader may change it: validation copies it, and encoding only reads it.
   */
  const recentMetadata: { text: string; value: unknown }[] = [];
  return {
    parse(line: Line): ParsedLine {
      let value: unknown = splitAtMetadata(line.text, recentMetadata);
      if (value === undefined)
        try {
          value = JSON.parse(line.text);
        } catch (error) {
          return line.terminated
            ? refuse('(line)', `is not valid JSON: ${describeJsonError(error)}`)
            : refuse(
                '(line)',
                `is cut off: the file ends inside this line, without a newline (${describeJsonError(error)})`,
              );
        }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return refuse('(line)', 'must be a JSON object: one event per line');
      }
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (!LINE_FIELDS.has(key) && !STORE_FIELDS.has(key)) {
          // A key of odd characters (or none) is named as JSON writes it, so the message shows it.
          const field = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
          return refuse(field, 'is not a known field of a ledger-event/1 line');
        }
      }
      if (record.format !== LINE_FORMAT) {
        return refuse(
          'format',
          record.format === undefined
            ? `is required: "${LINE_FORMAT}"`
            : `must be "${LINE_FORMAT}", not ${JSON.stringify(record.format)}`,
        );
      }
      if (!isUuid(record.id)) {
        return refuse('id', record.id === undefined ? 'is required: a UUID' : 'must be a UUID');
      }
      if (typeof record.stream !== 'string' || record.stream === '') {
        return refuse('stream', 'is required: the stream the event belongs to, e.g. network-afil');
      }
      return {
        ok: true,
        candidate: {
          id: record.id.toLowerCase(),
          stream: record.stream,
          type: record.type,
          data: record.data,
          metadata: record.metadata,
        },
      };
    },
    reread(line: Line): Candidate | null {
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch {
        return null;
      }
      if (typeof value !== 'object' || value === null) return null;
      const { id, stream, type, data, metadata } = value as Record<string, unknown>;
      if (typeof id !== 'string' || typeof stream !== 'string') return null;
      return { id: id.toLowerCase(), stream, type, data, metadata };
    },
    fieldName: (field) => field,
  };
};
