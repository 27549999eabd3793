import { describe, expect, it } from 'vitest';
import { asOf, parseKnownAt, parseValidAt } from './asOf.ts';

const NOW = new Date('2026-06-15T10:00:00Z');

describe('the valid date', () => {
  it('defaults to today', () => {
    expect(parseValidAt(null, NOW)).toEqual({ value: '2026-06-15' });
    expect(parseValidAt('  ', NOW)).toEqual({ value: '2026-06-15' });
  });

  it('takes a real calendar day', () => {
    expect(parseValidAt('2019-12-31', NOW)).toEqual({ value: '2019-12-31' });
  });

  it('refuses what is not a day, naming the field', () => {
    expect(parseValidAt('2019-02-30', NOW)).toEqual({
      value: '2026-06-15',
      error: 'validAt:not_a_date',
    });
    expect(parseValidAt('ieri', NOW).error).toBe('validAt:not_a_date');
    expect(parseValidAt('1850-01-01', NOW, 'from').error).toBe('from:out_of_range');
  });
});

describe('the known-at time', () => {
  it('is read in UTC', () => {
    expect(parseKnownAt('2026-06-01T08:30', NOW)).toEqual({ value: '2026-06-01T08:30:00.000Z' });
    expect(parseKnownAt('2026-06-01T08:30:15', NOW)).toEqual({ value: '2026-06-01T08:30:15.000Z' });
  });

  it('is refused in the future or when malformed', () => {
    expect(parseKnownAt('2026-07-01T00:00', NOW)).toEqual({ error: 'knownAt:in_the_future' });
    expect(parseKnownAt('domani', NOW)).toEqual({ error: 'knownAt:not_a_time' });
    expect(parseKnownAt('', NOW)).toEqual({});
  });
});

describe('a page as of a date', () => {
  it('ignores the known-at time for roles that may not ask for it', () => {
    const url = new URL('http://x/?data=2020-01-01&noto=2026-01-01T00:00');
    expect(asOf(url, NOW, false)).toMatchObject({ validAt: '2020-01-01', knownAt: undefined });
    expect(asOf(url, NOW, true)).toMatchObject({ knownAt: '2026-01-01T00:00:00.000Z' });
  });
});
