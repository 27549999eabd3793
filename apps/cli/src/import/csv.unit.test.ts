import { describe, expect, it } from 'vitest';
import { splitCsvLine } from './csv.ts';

describe('splitCsvLine', () => {
  it('splits on the delimiter, trims, and keeps quoted delimiters and doubled quotes', () => {
    expect(splitCsvLine(' afil , "Rossi, S.p.A." ,"say ""hi"""', ',')).toEqual([
      'afil',
      'Rossi, S.p.A.',
      'say "hi"',
    ]);
    expect(splitCsvLine('a;b;;', ';')).toEqual(['a', 'b', '', '']);
  });

  it('returns null for a quote left open', () => {
    expect(splitCsvLine('a,"b', ',')).toBeNull();
  });
});
