import type { ExpectedRevision } from './port.ts';

/** The stream's revision differs from what the caller expected; nothing was written. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  /** Revision of the stream's last event, or `'no_stream'` when it has none. */
  readonly actual: number | 'no_stream';

  constructor(streamId: string, expected: ExpectedRevision, actual: number | 'no_stream') {
    super(
      `stream "${streamId}": expected revision ${String(expected)}, but the stream is at ${String(actual)}`,
    );
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }
}

/** An event failed validation before it was appended; nothing was written. */
export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';
  readonly eventType: string;
  /** Dotted path of the offending field, e.g. `data.effectiveDate`. */
  readonly field: string;
  readonly reason: string;

  constructor(eventType: string, field: string, reason: string) {
    super(`${eventType}: field "${field}" ${reason}`);
    this.eventType = eventType;
    this.field = field;
    this.reason = reason;
  }
}

/** The store could not be opened or reached, or its content is not what this adapter expects. */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
}
