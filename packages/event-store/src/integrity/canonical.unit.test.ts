import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';

/** The definition canonicalJson must keep: JSON.stringify with every object's keys sorted. */
const reference = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner === 'number' && !Number.isFinite(inner)) throw new TypeError('no JSON form');
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) {
      sorted[key] = (inner as Record<string, unknown>)[key];
    }
    return sorted;
  });

describe('canonicalJson', () => {
  it('writes exactly what JSON.stringify with sorted keys writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 10_000, seed: 20261124 },
    );
  });

  it('writes a value already in canonical form (as an import reads an export) the same way', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const canonical = canonicalJson(value);
        const parsed: unknown = JSON.parse(canonical);
        expect(canonicalJson(parsed)).toBe(canonical);
        expect(reference(parsed)).toBe(canonical);
      }),
      { numRuns: 10_000, seed: 20261125 },
    );
    const parsed: unknown = JSON.parse('{"__proto__":{"a":1},"b":[{"c":2,"d":null}]}');
    expect(canonicalJson(parsed)).toBe(reference(parsed));
  });

  it('writes the same bytes whatever the key order, for values JSON.stringify treats its own way', () => {
    const withToJson = Object.assign([2, 1], { toJSON: () => 'list' });
    for (const special of [
      new Number(1),
      new String('s'),
      new Boolean(false),
      // Node's JSON has it; TypeScript's lib does not know it yet.
      (JSON as unknown as { rawJSON(text: string): object }).rawJSON('12'),
      Object.create(null) as object,
      new (class Point {
        x = 1;
      })(),
      withToJson,
    ]) {
      const sorted = canonicalJson({ a: special, b: 0 });
      expect(canonicalJson({ b: 0, a: special })).toBe(sorted);
      expect(sorted).toBe(reference({ a: special, b: 0 }));
    }
  });

  it('leaves out undefined fields, writes null for undefined array items, and honours toJSON', () => {
    const value = {
      b: undefined,
      a: [undefined, () => 1, 'x'],
      when: new Date(Date.UTC(2019, 11, 31)),
      é: { z: 1, y: -0, x: 1e21 },
    };
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(value)).toBe(
      '{"a":[null,null,"x"],"when":"2019-12-31T00:00:00.000Z","é":{"x":1e+21,"y":0,"z":1}}',
    );
  });

  it('keeps array-index keys first, in numeric order, as the canonical form always had them', () => {
    const value = { b: 1, '10': 2, '': 3, '9': 4, a: { '0': 5, '-1': 6 }, '01': 7 };
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(value)).toBe('{"9":4,"10":2,"":3,"01":7,"a":{"0":5,"-1":6},"b":1}');
  });

  it('refuses numbers JSON cannot write', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(TypeError);
  });
});
