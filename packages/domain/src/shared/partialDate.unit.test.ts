import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  comparePartialDates,
  earliestDay,
  isAfter,
  isBefore,
  isInFuture,
  isPartialDate,
  latestDay,
  overlaps,
  PartialDate,
  precisionOf,
} from './partialDate.ts';

describe('PartialDate', () => {
  it.each(['2014', '2014-03', '2014-03-31', '2024-02-29', '0999'])('accepts %s', (value) => {
    expect(isPartialDate(value)).toBe(true);
    expect(PartialDate.safeParse(value).success).toBe(true);
  });

  it.each([
    '2021-02-30',
    '2023-02-29',
    '2014-13',
    '2014-00',
    '2014-04-31',
    '14',
    '2014-1',
    '2014-03-1',
    '2014/03',
    ' 2014',
    '',
  ])('refuses %j with the expected reason', (value) => {
    const parsed = PartialDate.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('must be a date YYYY, YYYY-MM or YYYY-MM-DD');
  });

  it('keeps the precision the source gives', () => {
    expect(PartialDate.parse('2014')).toBe('2014');
    expect(precisionOf('2014')).toBe('year');
    expect(precisionOf('2014-05')).toBe('month');
    expect(precisionOf('2014-05-06')).toBe('day');
  });

  it('spans the days a partial date may stand for', () => {
    expect([earliestDay('2014'), latestDay('2014')]).toEqual(['2014-01-01', '2014-12-31']);
    expect([earliestDay('2024-02'), latestDay('2024-02')]).toEqual(['2024-02-01', '2024-02-29']);
    expect([earliestDay('2023-02'), latestDay('2023-02')]).toEqual(['2023-02-01', '2023-02-28']);
    expect([earliestDay('2014-05-06'), latestDay('2014-05-06')]).toEqual([
      '2014-05-06',
      '2014-05-06',
    ]);
  });

  it('calls a date before another only when their periods cannot overlap', () => {
    expect(isBefore('2013', '2014')).toBe(true);
    expect(isBefore('2013-12-31', '2014')).toBe(true);
    expect(isBefore('2014-03', '2014')).toBe(false);
    expect(isBefore('2014', '2014-03')).toBe(false);
    expect(overlaps('2014', '2014-03')).toBe(true);
    expect(isBefore('2014-02', '2014-03-01')).toBe(true);
    expect(isAfter('2015', '2014-12')).toBe(true);
    expect(isAfter('2014-12', '2014')).toBe(false);
  });

  it('calls a date in the future only when even its earliest day is after today', () => {
    const now = '2024-06-15T23:30:00Z';
    expect(isInFuture('2024', now)).toBe(false);
    expect(isInFuture('2024-06', now)).toBe(false);
    expect(isInFuture('2024-06-15', now)).toBe(false);
    expect(isInFuture('2024-06-16', now)).toBe(true);
    expect(isInFuture('2025', now)).toBe(true);
    // The writer's own calendar day counts, not UTC's.
    expect(isInFuture('2024-06-16', '2024-06-16T00:30:00+02:00')).toBe(false);
  });

  it('sorts by earliest day, the more precise period first', () => {
    expect(['2015', '2014', '2014-01-01', '2014-06'].sort(comparePartialDates)).toEqual([
      '2014-01-01',
      '2014',
      '2014-06',
      '2015',
    ]);
  });
});

describe('isPartialDate, read by hand', () => {
  /** The definition it keeps: the pattern, then a day that exists, as Date.UTC counts days. */
  const reference = (value: string): boolean => {
    const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
    if (match === null) return false;
    const [, y, m, d] = match;
    if (m === undefined) return true;
    const month = Number(m);
    if (month < 1 || month > 12) return false;
    if (d === undefined) return true;
    const day = Number(d);
    return day >= 1 && day <= new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  };

  it('accepts exactly the strings the pattern and the calendar accept', () => {
    const digit = fc.constantFrom(...'0123456789');
    const anyChar = fc.constantFrom(...'0123456789-/ x\n٣');
    const dateLike = fc
      .tuple(
        fc.array(digit, { minLength: 4, maxLength: 4 }),
        fc.constantFrom('', '-', '/'),
        fc.array(digit, { minLength: 0, maxLength: 3 }),
        fc.constantFrom('', '-', ' '),
        fc.array(digit, { minLength: 0, maxLength: 3 }),
      )
      .map(([y, s1, m, s2, d]) => `${y.join('')}${s1}${m.join('')}${s2}${d.join('')}`);
    const noise = fc.array(anyChar, { maxLength: 11 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(dateLike, noise), (value) => {
        expect(isPartialDate(value)).toBe(reference(value));
      }),
      { numRuns: 20_000, seed: 20261124 },
    );
    for (const value of ['0000-02-29', '1900-02-29', '2000-02-29', '2024-02-29', '2023-02-29']) {
      expect(isPartialDate(value)).toBe(reference(value));
    }
  });
});
