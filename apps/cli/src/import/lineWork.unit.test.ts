import { describe, expect, it } from 'vitest';
import { eventLine, joinLine, metadata } from '../testSupport.ts';
import { judgeLine, MetadataMemo, readerFor } from './lineWork.ts';

const line = (text: string, number = 1) => ({ number, text, terminated: true });

describe('MetadataMemo', () => {
  it('checks each distinct metadata once, and hands back the same check for equal metadata', () => {
    const memo = new MetadataMemo();
    const first = memo.of({ ...metadata });
    expect(first.check.success).toBe(true);
    expect(memo.of(JSON.parse(JSON.stringify(metadata)))).toBe(first);
    expect(memo.of({ ...metadata, actor: 'someone-else' })).not.toBe(first);
  });

  it('tells apart metadata that differ anywhere: nested, in arrays, in types, in key order', () => {
    const memo = new MetadataMemo();
    const base = { ...metadata, source: { document: 'a.txt', tags: ['x', 1, null] } };
    const variants = [
      { ...base, source: { document: 'b.txt', tags: ['x', 1, null] } },
      { ...base, source: { document: 'a.txt', tags: ['x', 1] } },
      { ...base, source: { document: 'a.txt', tags: ['x', '1', null] } },
      { ...base, source: { document: 'a.txt', tags: ['x', 1, {}] } },
      { ...base, source: { tags: ['x', 1, null], document: 'a.txt' } },
      { ...base, source: null },
    ];
    const first = memo.of(base);
    for (const variant of variants) {
      const known = memo.of(variant);
      expect(known).not.toBe(first);
      expect(memo.of(JSON.parse(JSON.stringify(variant)))).toBe(
        JSON.stringify(variant) === JSON.stringify(base) ? first : known,
      );
    }
    expect(memo.of(JSON.parse(JSON.stringify(base)))).toBe(first);
  });

  it('gives a line the same verdict with or without it, refusals included', () => {
    const reader = readerFor('jsonl');
    const memo = new MetadataMemo();
    const bad = eventLine('MemberJoined', JSON.parse(joinLine('afil', 'acme')).data, {
      metadata: { ...metadata, schemaVersion: 'two' },
    });
    for (const text of [joinLine('afil', 'acme'), bad, bad, joinLine('afil', 'beta')]) {
      expect(judgeLine(reader, line(text), false, memo)).toEqual(
        judgeLine(readerFor('jsonl'), line(text), false),
      );
    }
    expect(judgeLine(reader, line(bad), false, memo)).toMatchObject({
      issues: [{ field: 'metadata.schemaVersion' }],
    });
  });

  it('stops remembering when a file rarely repeats its metadata', () => {
    const memo = new MetadataMemo();
    for (let n = 0; n < 5_000; n++) memo.of({ ...metadata, reason: `line ${n}` });
    const once = memo.of({ ...metadata });
    expect(memo.of({ ...metadata })).not.toBe(once);
    expect(once.check.success).toBe(true);
  });
});
