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
