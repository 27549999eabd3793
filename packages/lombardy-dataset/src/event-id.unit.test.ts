import { describe, expect, it } from 'vitest';
import { curatedEventId, LOMBARDY_DATASET_NAMESPACE, uuidV5 } from './event-id.ts';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it('matches the published version-5 vector for www.example.com in the DNS namespace', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('refuses a namespace that is not a UUID, naming the field', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/namespace/);
  });
});

describe('curatedEventId', () => {
  it('is deterministic and distinct per stream and ordinal', () => {
    const a = curatedEventId('network-afil', 0);
    expect(curatedEventId('network-afil', 0)).toBe(a);
    expect(curatedEventId('network-afil', 1)).not.toBe(a);
    expect(curatedEventId('network-le2c', 0)).not.toBe(a);
    expect(a).toBe(uuidV5('network-afil/0', LOMBARDY_DATASET_NAMESPACE));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses a negative or fractional ordinal', () => {
    expect(() => curatedEventId('network-afil', -1)).toThrow(/ordinal/);
    expect(() => curatedEventId('network-afil', 1.5)).toThrow(/ordinal/);
  });
});
