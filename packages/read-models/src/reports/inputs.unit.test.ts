import { describe, expect, it } from 'vitest';
import { checkFormat, checkKnownAt, checkValidDate, ReportInputError } from './inputs.ts';

const NOW = new Date('2026-06-01T12:00:00.000Z');

describe('report arguments', () => {
  it('accepts calendar days inside the supported range', () => {
    expect(checkValidDate('2019-12-31', 'validAt')).toBe('2019-12-31');
    expect(checkValidDate('1900-01-01', 'validAt')).toBe('1900-01-01');
    expect(checkValidDate('2024-02-29', 'to')).toBe('2024-02-29');
  });

  it.each([
    ['2019-13-01'],
    ['2023-02-29'],
    ['2019-12'],
    ['2019-12-31T00:00:00Z'],
    [' 2019-12-31'],
    [20191231],
    [undefined],
  ])('refuses %j as a date, naming the field', (value) => {
    expect(() => checkValidDate(value, 'from')).toThrow(ReportInputError);
    expect(() => checkValidDate(value, 'from')).toThrow(/^from must be a calendar date YYYY-MM-DD/);
  });

  it('refuses days outside the supported range', () => {
    expect(() => checkValidDate('1899-12-31', 'validAt')).toThrow(
      'validAt must be between 1900-01-01 and 2099-12-31, got "1899-12-31"',
    );
    expect(() => checkValidDate('2100-01-01', 'validAt')).toThrow(
      'validAt must be between 1900-01-01 and 2099-12-31, got "2100-01-01"',
    );
  });

  it('normalises a known-at time to UTC with milliseconds', () => {
    expect(checkKnownAt('2026-06-01T12:00:00Z', 'knownAt', NOW)).toBe('2026-06-01T12:00:00.000Z');
    expect(checkKnownAt('2026-06-01T13:30:00+02:00', 'knownAt', NOW)).toBe(
      '2026-06-01T11:30:00.000Z',
    );
  });

  it('refuses a malformed, too early or future known-at time', () => {
    expect(() => checkKnownAt('2026-06-01', 'knownAt', NOW)).toThrow(
      'knownAt must be an ISO-8601 timestamp with a Z or numeric offset (e.g. 2026-06-01T12:00:00Z), got "2026-06-01"',
    );
    expect(() => checkKnownAt('2026-06-01T12:00:00', 'knownAt', NOW)).toThrow(
      /^knownAt must be an ISO-8601/,
    );
    expect(() => checkKnownAt('1969-12-31T23:59:59Z', 'knownAt', NOW)).toThrow(
      'knownAt must not be before 1970-01-01T00:00:00.000Z, got "1969-12-31T23:59:59Z"',
    );
    expect(() => checkKnownAt('2026-06-01T12:00:01Z', 'knownAt', NOW)).toThrow(
      'knownAt must not be in the future (it is now 2026-06-01T12:00:00.000Z), got "2026-06-01T12:00:01Z"',
    );
  });

  it('knows the two formats', () => {
    expect(checkFormat('csv')).toBe('csv');
    expect(() => checkFormat('JSON')).toThrow('format must be one of json, csv, got "JSON"');
  });
});
