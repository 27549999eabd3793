import { describe, expect, it } from 'vitest';
import { concerns } from './live.ts';

describe('which changes concern a page', () => {
  const joined = [
    { kind: 'network', id: 'le2c' },
    { kind: 'membership', networkId: 'le2c', organisationId: 'mm' },
    { kind: 'organisation', id: 'mm' },
  ] as const;

  it('the overview hears every change', () => {
    expect(concerns(['*'], joined)).toBe(true);
    expect(concerns(['*'], [])).toBe(true);
  });

  it('a record page hears changes to its record, memberships included', () => {
    expect(concerns(['network:le2c'], joined)).toBe(true);
    expect(concerns(['organisation:mm'], [joined[1]])).toBe(true);
    expect(concerns(['network:afil'], joined)).toBe(false);
    expect(concerns([], joined)).toBe(false);
  });
});
