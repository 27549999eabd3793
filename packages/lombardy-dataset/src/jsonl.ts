import type { CuratedEvent } from './dataset.ts';

/** The interchange format tag every line carries. */
export const LEDGER_LINE_FORMAT = 'ledger-event/1';

/** Sorts object keys recursively so the same event always serialises to the same bytes. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
};

/** One interchange line: fixed envelope keys, then data and metadata with sorted keys. */
export const toLedgerLine = (event: CuratedEvent): string =>
  JSON.stringify({
    format: LEDGER_LINE_FORMAT,
    id: event.id,
    stream: event.stream,
    type: event.type,
    data: canonical(event.data),
    metadata: canonical(event.metadata),
  });

/** The whole file: one event per line, in log order, with one trailing newline. */
export const toJsonl = (events: readonly CuratedEvent[]): string =>
  `${events.map(toLedgerLine).join('\n')}\n`;
