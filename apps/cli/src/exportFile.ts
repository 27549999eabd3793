import { parseExportLine, type RecordedEvent } from '@ledger/event-store';
import { readLines } from './import/lines.ts';

/** A line of an export that is not an exported event; the message names the line and why. */
export class ExportLineError extends Error {
  override readonly name = 'ExportLineError';
}

/**
 * The events of an export written by `ledger export`, in file order; blank lines are passed over
 * and the first line that is not an exported event ends the reading with an `ExportLineError`.
 * `onBatch` hears, after each chunk of the file, how many events and bytes were read so far.
 */
export async function* exportedEvents(
  file: string,
  onBatch: (events: number, bytesRead: number) => void = () => {},
): AsyncGenerator<RecordedEvent> {
  let events = 0;
  for await (const batch of readLines(file)) {
    for (const line of batch.lines) {
      if (line.text.trim() === '') continue;
      const event = parseExportLine(line.text);
      if (typeof event === 'string') throw new ExportLineError(`line ${line.number}: ${event}`);
      events++;
      yield event;
    }
    onBatch(events, batch.bytesRead);
  }
}
