import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UuidSet } from './idSet.ts';

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
});
