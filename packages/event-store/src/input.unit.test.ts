import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkAppend } from './input.ts';

const withId = (id: string) => [{ id, type: 'Happened', data: {}, metadata: {} }];

describe('checkAppend', () => {
  it('takes a UUID in any case, and only a UUID, for an event id', () => {
    for (const id of [
      randomUUID(),
      randomUUID().toUpperCase(),
      '0123abcd-EF01-4567-89ab-cdef01234567',
    ]) {
      expect(checkAppend('s-1', withId(id), undefined).events[0]?.id).toBe(id.toLowerCase());
    }
    const valid = '0123abcd-ef01-4567-89ab-cdef01234567';
    const bad = [
      '',
      valid.slice(1),
      `${valid}0`,
      valid.replace('-', '0'),
      `${valid.slice(0, 12)}-${valid.slice(13)}`.replace('-4567', '4-567'),
      // The characters on each side of the hex digits' ranges, in both cases.
      ...['/', ':', '@', 'G', '`', 'g', 'é', ' '].map((char) => `${valid.slice(0, 35)}${char}`),
    ];
    for (const id of bad) {
      expect(() => checkAppend('s-1', withId(id), undefined)).toThrow(
        /events\[0\]\.id must be a UUID/,
      );
    }
  });
});
