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
          expect(reader.parse(line(text))).toEqual(jsonlReader().parse(line(whole)));
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
    ]) {
      const parsed = reader.parse(line(text));
      expect(parsed).toEqual(jsonlReader().parse(line(text)));
      expect(parsed?.ok && parsed.candidate.metadata).toEqual(
        (JSON.parse(text) as { metadata: unknown }).metadata,
      );
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
