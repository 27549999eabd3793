import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UuidSet, uuidWords } from './idSet.ts';

describe('UuidSet', () => {
  it('holds exactly the ids added, in any case, across growth', () => {
    const set = new UuidSet();
    const ids = Array.from({ length: 20_000 }, () => randomUUID());
    for (const id of ids) expect(set.add(id)).toBe(true);
    expect(set.size).toBe(20_000);
    expect(ids.every((id) => set.has(id.toUpperCase()))).toBe(true);
    expect(set.add(ids[7] ?? '')).toBe(false);
    expect(set.has(randomUUID())).toBe(false);
    expect(set.has('00000000-0000-0000-0000-000000000000')).toBe(false);
  });

  it('agrees with a Set through any mix of lookups and adds, across growth', () => {
    const set = new UuidSet();
    const model = new Set<string>();
    const pool = Array.from({ length: 3_000 }, () => randomUUID());
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let step = 0; step < 40_000; step++) {
      const id = pool[next() % pool.length] as string;
      if (next() % 3 === 0) {
        expect(set.has(id)).toBe(model.has(id));
        // A lookup of another id, or of this one, between the lookup and the add.
        if (next() % 2 === 0) set.has(pool[next() % pool.length] as string);
      }
      expect(set.add(id)).toBe(!model.has(id));
      model.add(id);
      expect(set.size).toBe(model.size);
    }
    expect(pool.every((id) => set.has(id) === model.has(id))).toBe(true);
  });

  it('takes only UUIDs, in any case, and reads their 128 bits', () => {
    const words = new Uint32Array(4);
    expect(uuidWords('0123abcd-EF01-4567-89ab-cdef01234567', words)).toBe(true);
    expect([...words]).toEqual([0x0123abcd, 0xef014567, 0x89abcdef, 0x01234567]);
    for (const bad of [
      '',
      '0123abcd-ef01-4567-89ab-cdef0123456',
      '0123abcd-ef01-4567-89ab-cdef012345678',
      '0123abcdef01-4567-89ab-cdef012345678',
      '0123abcd-ef01-4567-89ab-cdef0123456g',
      '0123abcd-ef01-4567-89ab_cdef01234567',
      '0123abcd-ef01-4567-89ab-cdef0123456é',
    ]) {
      expect(uuidWords(bad, words)).toBe(false);
    }
    expect(() => new UuidSet().add('not-a-uuid')).toThrow(/not a UUID: "not-a-uuid"/);
    expect(new UuidSet().has('not-a-uuid')).toBe(false);
  });
});
