import { describe, expect, it } from 'vitest';
import {
  firstDayOf,
  formatInstant,
  formatPartialDate,
  formatPeriod,
  formatUntil,
  lastDayOf,
} from './format.ts';

describe('partial dates', () => {
  it('are shown at the precision the source gave', () => {
    expect(formatPartialDate('2022', 'it')).toBe('2022');
    expect(formatPartialDate('2022-05', 'it')).toBe('maggio 2022');
    expect(formatPartialDate('2022-05-03', 'it')).toBe('3 maggio 2022');
    expect(formatPartialDate('2022-05-03', 'en')).toBe('May 3, 2022');
  });

  it('make periods whose unknown ends show as such', () => {
    expect(formatPeriod('2020', '2022-05', 'it')).toBe('2020 – maggio 2022');
    expect(formatPeriod(null, '2022', 'it')).toBe('… – 2022');
    expect(formatPeriod('2020', null, 'it')).toBe('2020 – …');
    expect(formatUntil(null, 'it')).toBe('—');
    expect(formatUntil('2023', 'it')).toBe('2023');
  });

  it('leave text that is not a date as it is', () => {
    expect(formatPartialDate('circa 2020', 'it')).toBe('circa 2020');
  });

  it('cover whole periods: first and last day', () => {
    expect(firstDayOf('2022')).toBe('2022-01-01');
    expect(lastDayOf('2022')).toBe('2022-12-31');
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
    expect(lastDayOf('2023-02')).toBe('2023-02-28');
    expect(lastDayOf('2023-02-10')).toBe('2023-02-10');
  });
});

describe('instants', () => {
  it('are shown in UTC, to the minute', () => {
    expect(formatInstant('2026-03-01T09:05:00.000Z', 'en')).toBe('Mar 1, 2026, 09:05 UTC');
  });
});
