import { describe, expect, it } from 'vitest';
import {
  checkPartialDates,
  citationOf,
  expectedRevisionOf,
  formFieldOf,
  requireFields,
  valuesOf,
} from './commands.ts';

describe('command forms', () => {
  it('read trimmed text fields', () => {
    const form = new FormData();
    form.set('name', '  Acme  ');
    form.set('file', new Blob(['x']));
    expect(valuesOf(form)).toEqual({ name: 'Acme' });
  });

  it('name the fields left empty and the dates that are not dates', () => {
    expect(requireFields({ a: 'x', b: '' }, ['a', 'b', 'c'])).toEqual({
      b: 'required',
      c: 'required',
    });
    expect(
      checkPartialDates({ d1: '2022', d2: '2022-13', d3: '2022-02-03', d4: '' }, [
        'd1',
        'd2',
        'd3',
        'd4',
      ]),
    ).toEqual({ d2: 'not_a_partial_date' });
  });

  it('build the citation, leaving out what was not given', () => {
    expect(citationOf({ sourceDocument: 'Verbale 12', sourceSection: '', reason: 'typo' })).toEqual(
      {
        source: { document: 'Verbale 12' },
        reason: 'typo',
      },
    );
  });

  it('take the retry revision over the stale one, and null for a new record', () => {
    expect(expectedRevisionOf({ expectedRevision: '3' })).toBe(3);
    expect(expectedRevisionOf({ expectedRevision: '3', retryRevision: '5' })).toBe(5);
    expect(expectedRevisionOf({ expectedRevision: '' })).toBeNull();
  });

  it('place the API field paths on the form fields', () => {
    expect(formFieldOf('data.effectiveDate')).toBe('effectiveDate');
    expect(
      formFieldOf('data.correction.value', { 'data.correction.value': 'correctionDate' }),
    ).toBe('correctionDate');
    expect(formFieldOf('data.correction.dateQualifier')).toBe('correction');
    expect(formFieldOf('source.document')).toBe('sourceDocument');
    expect(formFieldOf('reason')).toBe('reason');
    expect(formFieldOf('expectedRevision')).toBeUndefined();
  });
});
