/**
 * Checks of report arguments. Every refusal names the argument, the value and the reason.
 */
import { IsoTimestamp, isPartialDate, precisionOf } from '@ledger/domain';

/** Valid-time dates a report accepts: the ledger's facts start in the 20th century. */
export const SUPPORTED_DATES = { from: '1900-01-01', to: '2099-12-31' } as const;
/** Transaction time starts with the platform's clock: no event was recorded before this. */
export const EARLIEST_KNOWN_AT = '1970-01-01T00:00:00.000Z';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A report argument is malformed or out of range. */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string) {
    super(`${field} ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

const show = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : String(value);

/** A valid-time date: a real calendar day `YYYY-MM-DD` inside `SUPPORTED_DATES`. */
export function checkValidDate(value: unknown, field: string): string {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    !isPartialDate(value) ||
    precisionOf(value) !== 'day'
  ) {
    throw new ReportInputError(
      field,
      `must be a calendar date YYYY-MM-DD (e.g. 2019-12-31), got ${show(value)}`,
    );
  }
  if (value < SUPPORTED_DATES.from || value > SUPPORTED_DATES.to) {
    throw new ReportInputError(
      field,
      `must be between ${SUPPORTED_DATES.from} and ${SUPPORTED_DATES.to}, got ${show(value)}`,
    );
  }
  return value;
}

/**
 * A transaction time: an ISO-8601 timestamp with a Z or numeric offset, not in the future (what
 * the ledger will know then is not known yet, so a report on it could not be reproduced).
 * Returned in UTC with milliseconds, the form of `recordedAt`.
 */
export function checkKnownAt(value: unknown, field: string, now: Date): string {
  if (typeof value !== 'string' || !IsoTimestamp.safeParse(value).success) {
    throw new ReportInputError(
      field,
      `must be an ISO-8601 timestamp with a Z or numeric offset (e.g. 2026-06-01T12:00:00Z), got ${show(value)}`,
    );
  }
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) {
    throw new ReportInputError(field, `must be a real point in time, got ${show(value)}`);
  }
  const normalised = time.toISOString();
  if (normalised < EARLIEST_KNOWN_AT) {
    throw new ReportInputError(
      field,
      `must not be before ${EARLIEST_KNOWN_AT}, got ${show(value)}`,
    );
  }
  if (time.getTime() > now.getTime()) {
    throw new ReportInputError(
      field,
      `must not be in the future (it is now ${now.toISOString()}), got ${show(value)}`,
    );
  }
  return normalised;
}

export function checkFormat(value: unknown): ReportFormat {
  if (typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value)) {
    return value as ReportFormat;
  }
  throw new ReportInputError(
    'format',
    `must be one of ${REPORT_FORMATS.join(', ')}, got ${show(value)}`,
  );
}
