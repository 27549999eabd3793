import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonlReader } from './jsonl.ts';

const parse = (text: string) => jsonlReader().parse({ number: 1, text, terminated: true });

const ID = '0123abcd-ef01-4567-89ab-cdef01234567';

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

  it('reads a line with its metadata last exactly as the whole line parsed at once', () => {
    const reader = jsonlReader();
    const line = (text: string) => ({ number: 1, text, terminated: true });
    const head = `{"format":"ledger-event/1","id":"${ID}","stream":"network-afil","type":"T"`;
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.jsonValue(),
        fc.constantFrom('', ' ', '\t \r'),
        (data, metadata, space) => {
          const text = `${head},"data":${JSON.stringify(data)},"metadata":${JSON.stringify(metadata)}}${space}`;
          // The same fields with the metadata first: read by one parse of the whole line.
          const whole = `{"metadata":${JSON.stringify(metadata)},${head.slice(1)},"data":${JSON.stringify(data)}}`;
          const split = reader.parse(line(text));
          const reference = jsonlReader().parse(line(whole));
          expect(split).toEqual(reference);
          expect(JSON.stringify(split)).toBe(JSON.stringify(reference));
        },
      ),
      { numRuns: 2_000, seed: 20261124 },
    );
    for (const text of [
      // `,"metadata":` nested in the data after the metadata, or in the metadata itself.
      `${head},"metadata":{"actor":"a"},"data":{"x":1,"metadata":{"y":2}}}`,
      `${head},"data":{},"metadata":{"actor":"a","z":{"q":1,"metadata":{"y":2}}}}`,
      `${head},"data":{"note":"a,\\"metadata\\":{}}"},"metadata":{"actor":"b"}}`,
      // The metadata twice: the last one counts, as in JSON.parse.
      `${head},"metadata":{"actor":"first"},"data":{},"metadata":{"actor":"last"}}`,
      // An export's line: the metadata before the store's fields.
      `${head},"data":{"b":1,"a":2},"metadata":{"actor":"c"},"recordedAt":"2024-01-01T00:00:00.000Z","position":3,"revision":0}`,
      `${head},"data":{"9":1,"__proto__":{"x":1}},"metadata":{"b":1,"a":{"d":1,"c":2}}}`,
    ]) {
      const whole = JSON.parse(text) as Record<string, unknown>;
      const expected = {
        ok: true,
        candidate: {
          id: ID,
          stream: whole.stream,
          type: whole.type,
          data: whole.data,
          metadata: whole.metadata,
        },
      };
      // Key order included, at every level.
      expect(JSON.stringify(reader.parse(line(text)))).toBe(JSON.stringify(expected));
    }
  });

  it('refuses what the whole parse refuses, with the same reason', () => {
    for (const text of [
      '{,"metadata":{}}',
      `{"format":"ledger-event/1","id":"${ID}","metadata":{"a":}}`,
      `{"format":"ledger-event/1","id":"${ID}","metadata":{}}}`,
      `{"format":"ledger-event/1","id":"${ID}","metadata":{}} x`,
    ]) {
      const parsed = parse(text);
      expect(parsed).toMatchObject({ ok: false, issues: [{ field: '(line)' }] });
      let reason = '';
      try {
        JSON.parse(text);
      } catch (error) {
        reason = (error as Error).message;
      }
      expect(parsed?.ok === false && parsed.issues[0]?.reason).toBe(`is not valid JSON: ${reason}`);
    }
  });
});
