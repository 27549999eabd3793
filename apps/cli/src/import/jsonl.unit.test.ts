import { describe, expect, it } from 'vitest';
import { jsonlReader } from './jsonl.ts';

const parse = (text: string) => jsonlReader().parse({ number: 1, text, terminated: true });

describe('a ledger-event/1 line', () => {
  it('names an unknown field, quoting a name that would not show (empty, spaces, symbols)', () => {
    expect(parse('{"colour":1}')).toEqual({
      ok: false,
      issues: [{ field: 'colour', reason: 'is not a known field of a ledger-event/1 line' }],
    });
    for (const [key, shown] of [
      ['', '""'],
      [' ', '" "'],
      ['a.b', '"a.b"'],
    ]) {
      expect(parse(JSON.stringify({ [key as string]: null }))).toEqual({
        ok: false,
        issues: [{ field: shown, reason: 'is not a known field of a ledger-event/1 line' }],
      });
    }
  });
});
