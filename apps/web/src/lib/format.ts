/**
 * Dates and numbers as the reader's language writes them. The ledger's dates are partial (a year,
 * a month or a day) and are shown at the precision the source gave, never more.
 */

const PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatter = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
  const key = `${locale}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (cached === undefined) {
    cached = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options });
    formatters.set(key, cached);
  }
  return cached;
};

/** `2022` → "2022"; `2022-05` → "maggio 2022"; `2022-05-03` → "3 maggio 2022". */
export const formatPartialDate = (value: string, locale: string): string => {
  const match = PARTIAL.exec(value);
  if (match === null) return value;
  const [, year, month, day] = match;
  if (month === undefined) return String(year);
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day ?? '1')));
  return day === undefined
    ? formatter(locale, { year: 'numeric', month: 'long' }).format(date)
    : formatter(locale, { year: 'numeric', month: 'long', day: 'numeric' }).format(date);
};

/** An instant (when a fact was recorded), to the minute, in UTC so every reader sees the same. */
export const formatInstant = (iso: string, locale: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${formatter(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date)} UTC`;
};

const numbers = new Map<string, Intl.NumberFormat>();

export const formatNumber = (value: number, locale: string): string => {
  let cached = numbers.get(locale);
  if (cached === undefined) {
    cached = new Intl.NumberFormat(locale);
    numbers.set(locale, cached);
  }
  return cached.format(value);
};

export const formatEuro = (value: number, locale: string): string =>
  new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: 0,
  }).format(value);

/** Today's date (UTC), `YYYY-MM-DD`: the API's default day for a report. */
export const today = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

/** The last day a partial date covers: `2022` → `2022-12-31`, `2022-02` → `2022-02-28`. */
export const lastDayOf = (value: string): string => {
  const match = PARTIAL.exec(value);
  if (match === null) return value;
  const [, year, month, day] = match;
  if (day !== undefined) return value;
  if (month === undefined) return `${year}-12-31`;
  const last = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  return `${year}-${month}-${String(last).padStart(2, '0')}`;
};

/** The first day a partial date covers: `2022` → `2022-01-01`. */
export const firstDayOf = (value: string): string => {
  const match = PARTIAL.exec(value);
  if (match === null) return value;
  const [, year, month, day] = match;
  return `${year}-${month ?? '01'}-${day ?? '01'}`;
};

/** A period whose ends may be unknown: `2020 – …`. */
export const formatPeriod = (from: string | null, to: string | null, locale: string): string =>
  `${from ? formatPartialDate(from, locale) : '…'} – ${to ? formatPartialDate(to, locale) : '…'}`;

/** The end of a tie that may still hold: a dash while it does. */
export const formatUntil = (to: string | null, locale: string): string =>
  to === null ? '—' : formatPartialDate(to, locale);
