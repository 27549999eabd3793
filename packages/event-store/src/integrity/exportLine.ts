/**
 * An event as an export writes it: an interchange line (`ledger-event/1`, docs/interchange.md)
 * with the fields the store set — position, revision, recorded-at — so that the export can be
 * verified on its own and re-imported elsewhere keeping its order and times.
 */
import type { JsonObject, RecordedEvent } from '../port.ts';

export const EXPORT_FORMAT = 'ledger-event/1';

/** The exported form of an event, as an object (`exportLine` is its JSON text). */
export const exportRecord = (event: RecordedEvent) => ({
  format: EXPORT_FORMAT,
  id: event.id,
  stream: event.streamId,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
  recordedAt: event.recordedAt,
  position: event.position,
  revision: event.revision,
});

export const exportLine = (event: RecordedEvent): string => JSON.stringify(exportRecord(event));

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/** An exported line back as the event it records; a reason naming the field when it is not one. */
export function parseExportLine(text: string): RecordedEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (!isObject(value)) return 'not a JSON object';
  const { format, id, stream, type, data, metadata, recordedAt, position, revision } = value;
  if (format !== EXPORT_FORMAT) return `field format must be "${EXPORT_FORMAT}"`;
  if (typeof id !== 'string' || id === '') return 'field id must be the event id';
  if (typeof stream !== 'string' || stream === '') return 'field stream must name the stream';
  if (typeof type !== 'string' || type === '') return 'field type must name the event type';
  if (!isObject(data)) return 'field data must be an object';
  if (!isObject(metadata)) return 'field metadata must be an object';
  if (typeof recordedAt !== 'string' || !ISO_INSTANT.test(recordedAt)) {
    return 'field recordedAt must be the ISO-8601 UTC instant the event was recorded (an export has it)';
  }
  if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) {
    return "field position must be the event's log position (an export has it)";
  }
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) {
    return "field revision must be the event's revision in its stream (an export has it)";
  }
  return { id, streamId: stream, type, data, metadata, recordedAt, position, revision };
}
