/**
 * The two times a page can be "as of": the valid date D ("the ecosystem on D") and, optionally,
 * the transaction time T ("as the ledger knew it at T"). Read from the query string, checked
 * here so that a bad value is an error beside its field, not an error page.
 */
import { today } from '$lib/format.ts';

export interface AsOf {
  readonly validAt: string;
  /** ISO instant, or undefined for what the ledger knows now. */
  readonly knownAt: string | undefined;
  /** The values as typed, to put back in the form. */
  readonly input: { readonly validAt: string; readonly knownAt: string };
  readonly errors: { readonly validAt?: string; readonly knownAt?: string };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
// What <input type="datetime-local"> sends: minutes, optionally seconds.
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

const isRealDay = (value: string): boolean =>
  DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

/** A valid date: empty means today; else a real day from 1900 to 2099 (what reports accept). */
export const parseValidAt = (
  raw: string | null,
  now: Date,
  field = 'validAt',
): { value: string; error?: string } => {
  const fallback = today(now);
  if (raw === null || raw.trim() === '') return { value: fallback };
  const value = raw.trim();
  if (!isRealDay(value)) return { value: fallback, error: `${field}:not_a_date` };
  if (value < '1900-01-01' || value > '2099-12-31')
    return { value: fallback, error: `${field}:out_of_range` };
  return { value };
};

/** A known-at time, typed in UTC; not in the future (what will be known then is not known yet). */
export const parseKnownAt = (raw: string | null, now: Date): { value?: string; error?: string } => {
  if (raw === null || raw.trim() === '') return {};
  const value = raw.trim();
  if (!LOCAL_TIME.test(value)) return { error: 'knownAt:not_a_time' };
  const instant = new Date(`${value.length === 16 ? `${value}:00` : value}Z`);
  if (Number.isNaN(instant.getTime())) return { error: 'knownAt:not_a_time' };
  if (instant.getTime() > now.getTime()) return { error: 'knownAt:in_the_future' };
  return { value: instant.toISOString() };
};

export const asOf = (url: URL, now: Date, allowKnownAt: boolean): AsOf => {
  const rawValid = url.searchParams.get('data');
  const rawKnown = allowKnownAt ? url.searchParams.get('noto') : null;
  const valid = parseValidAt(rawValid, now);
  const known = parseKnownAt(rawKnown, now);
  return {
    validAt: valid.value,
    knownAt: known.value,
    input: { validAt: rawValid ?? '', knownAt: rawKnown ?? '' },
    errors: {
      ...(valid.error === undefined ? {} : { validAt: valid.error }),
      ...(known.error === undefined ? {} : { knownAt: known.error }),
    },
  };
};
