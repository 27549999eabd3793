import { z } from 'zod';

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export const PARTIAL_DATE_REASON = 'must be a date YYYY, YYYY-MM or YYYY-MM-DD';

export type Precision = 'year' | 'month' | 'day';

interface DateParts {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

const isLeapYear = (year: number): boolean =>
  year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/**
 * Days in the month, as dates have always been checked here: with `Date.UTC`, which reads the
 * years 0 to 99 as 1900 to 1999 (so "0000-02-29" is refused).
 */
export const daysInMonth = (year: number, month: number): number => {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return isLeapYear(year <= 99 ? 1900 + year : year) ? 29 : 28;
};

/** The decimal digits of `value` from `from` to `to`, or -1 if any is not an ASCII digit. */
const digits = (value: string, from: number, to: number): number => {
  let n = 0;
  for (let at = from; at < to; at++) {
    const digit = value.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
};

/** What PARTIAL_DATE matches, read by hand: validation reads every date of every event. */
const partsOf = (value: string): DateParts | null => {
  const length = value.length;
  if (length !== 4 && length !== 7 && length !== 10) return null;
  const year = digits(value, 0, 4);
  if (year < 0) return null;
  if (length === 4) return { year };
  const month = digits(value, 5, 7);
  if (value.charCodeAt(4) !== 45 || month < 1 || month > 12) return null;
  if (length === 7) return { year, month };
  const day = digits(value, 8, 10);
  if (value.charCodeAt(7) !== 45 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
};

/** True when the string is a real calendar date at year, month or day precision. */
export const isPartialDate = (value: string): boolean => partsOf(value) !== null;

/**
 * A date at the precision the source gives: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, always a real
 * calendar date. "2014" stays "2014": it means "some day in 2014", never 1 January.
 */
export const PartialDate = z
  .string({ error: PARTIAL_DATE_REASON })
  // The pattern also lands in generated JSON Schema; the refinement rejects impossible days.
  .regex(PARTIAL_DATE, { error: PARTIAL_DATE_REASON, abort: true })
  .refine(isPartialDate, { error: PARTIAL_DATE_REASON })
  .describe(
    'A date at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date). "2014" means some day in 2014.',
  );
export type PartialDate = z.infer<typeof PartialDate>;

/** A full calendar day, `YYYY-MM-DD`. */
export type IsoDay = string;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const requireParts = (value: PartialDate): DateParts => {
  const parts = partsOf(value);
  // Callers hold validated dates; an invalid one here is a programming error, not bad input.
  if (parts === null) throw new RangeError(`"${value}" ${PARTIAL_DATE_REASON}`);
  return parts;
};

export const precisionOf = (value: PartialDate): Precision => {
  const { month, day } = requireParts(value);
  if (month === undefined) return 'year';
  return day === undefined ? 'month' : 'day';
};

/** First day the date may stand for: "2014" → "2014-01-01", "2014-02" → "2014-02-01". */
export const earliestDay = (value: PartialDate): IsoDay => {
  const { year, month = 1, day = 1 } = requireParts(value);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
};

/** Last day the date may stand for: "2014" → "2014-12-31", "2024-02" → "2024-02-29". */
export const latestDay = (value: PartialDate): IsoDay => {
  const { year, month = 12, day } = requireParts(value);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day ?? daysInMonth(year, month), 2)}`;
};

/**
 * `a` is surely before `b`: every day `a` may stand for precedes every day `b` may stand for.
 * "2014-03" is not before "2014" (they overlap); "2013" is.
 */
export const isBefore = (a: PartialDate, b: PartialDate): boolean => latestDay(a) < earliestDay(b);

/** `a` is surely after `b` (the mirror of `isBefore`). */
export const isAfter = (a: PartialDate, b: PartialDate): boolean => isBefore(b, a);

/** The periods the two dates stand for share at least one day. */
export const overlaps = (a: PartialDate, b: PartialDate): boolean =>
  !isBefore(a, b) && !isBefore(b, a);

/**
 * The calendar day of an ISO timestamp as written, in its own offset: at 00:30+02:00 on 16 June
 * the writer in Milan is already on the 16th, and a fact dated that day is not in the future.
 */
export const dayOf = (timestamp: string): IsoDay => timestamp.slice(0, 10);

/** The date is surely in the future: even its earliest day comes after the day of `now`. */
export const isInFuture = (value: PartialDate, now: string): boolean =>
  earliestDay(value) > dayOf(now);

/** Sort order: by earliest day, then the more precise (shorter) period first. */
export const comparePartialDates = (a: PartialDate, b: PartialDate): number => {
  const byStart = earliestDay(a).localeCompare(earliestDay(b));
  return byStart !== 0 ? byStart : latestDay(a).localeCompare(latestDay(b));
};
