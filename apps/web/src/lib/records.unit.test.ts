import { describe, expect, it } from 'vitest';
import { isSynthetic, isSyntheticId, isSyntheticSource, syntheticLabel } from './records.ts';

describe('synthetic items', () => {
  it('are told by their metadata, their id or their citation', () => {
    expect(isSynthetic({ synthetic: true })).toBe(true);
    expect(isSynthetic({ id: 'synthetic-net-0002' })).toBe(true);
    expect(isSynthetic({ source: { document: 'synthetic:generate --seed e2e' } })).toBe(true);
    expect(isSynthetic({ id: 'le2c', source: { document: 'x.txt' }, synthetic: true })).toBe(true);
  });

  it('are never guessed from a real record', () => {
    expect(isSynthetic({})).toBe(false);
    expect(isSynthetic({ id: 'le2c', source: { document: '003_b0113e97874011b2.txt' } })).toBe(
      false,
    );
    expect(isSynthetic({ id: null, source: null, synthetic: false })).toBe(false);
    // Only the prefix counts: a real name that mentions the word is not generated data.
    expect(isSyntheticId('cluster-synthetic-biology')).toBe(false);
    expect(isSyntheticSource('Delibera su dati synthetic: no')).toBe(false);
  });

  it('carry a label in the reader language', () => {
    expect(syntheticLabel('it').text).toBe('dato sintetico');
    expect(syntheticLabel('en').text).toBe('synthetic data');
    expect(syntheticLabel('en').title).toMatch(/not from a real source/);
  });
});
