import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from './canonical.ts';
import { toCsv } from './csv.ts';

describe('canonical JSON', () => {
  it('sorts keys at every depth, keeps array order, drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }, 2], e: undefined })).toBe(
      '{"a":[{"c":"x","d":null},2],"b":1}',
    );
  });

  it('gives the same hash whatever order the keys were built in', () => {
    expect(contentHash({ x: 1, y: { p: [1, 2], q: 'é' } })).toBe(
      contentHash({ y: { q: 'é', p: [1, 2] }, x: 1 }),
    );
    expect(contentHash({ x: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(contentHash([1, 2])).not.toBe(contentHash([2, 1]));
  });

  it('refuses numbers JSON cannot hold', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow('canonicalJson: NaN has no JSON form');
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes or line breaks, and leaves nulls empty', () => {
    expect(
      toCsv(
        ['a', 'b', 'c'],
        [
          ['x, y', 'say "hi"', null],
          [1, true, 'line\nbreak'],
        ],
      ),
    ).toBe('a,b,c\n"x, y","say ""hi""",\n1,true,"line\nbreak"\n');
  });
});
