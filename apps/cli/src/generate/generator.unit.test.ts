import {
  admit,
  createLedgerState,
  evolveLedger,
  type LedgerEvent,
  validateEvent,
} from '@ledger/domain';
import { describe, expect, it } from 'vitest';
import { generateHistory } from './generator.ts';

const NOW = '2026-01-01T00:00:00Z';

describe('generateHistory', () => {
  it('gives the same bytes for the same seed, and another history for another seed', () => {
    const once = [...generateHistory({ events: 2_000, seed: 'alpha' })].join('\n');
    const twice = [...generateHistory({ events: 2_000, seed: 'alpha' })].join('\n');
    const other = [...generateHistory({ events: 2_000, seed: 'beta' })].join('\n');
    expect(twice).toBe(once);
    expect(other).not.toBe(once);
  });

  it('writes 20,000 events that all validate and are admitted in order, all marked synthetic', () => {
    const state = createLedgerState();
    const revisions = new Map<string, number>();
    const types = new Map<string, number>();
    const refused: string[] = [];
    let count = 0;
    for (const text of generateHistory({ events: 20_000, seed: '42' })) {
      count++;
      const line = JSON.parse(text) as Record<string, unknown>;
      const validated = validateEvent({
        type: line.type,
        data: line.data,
        metadata: line.metadata,
        stream: String(line.stream),
      });
      if (!validated.ok) {
        refused.push(`${count}: ${JSON.stringify(validated.issues)}`);
        continue;
      }
      expect(validated.event.metadata).toMatchObject({
        synthetic: true,
        source: { document: 'synthetic:generate --seed 42' },
      });
      const stream = String(line.stream);
      const revision = (revisions.get(stream) ?? -1) + 1;
      const event = {
        ...validated.event,
        id: String(line.id),
        streamId: stream,
        revision,
        position: count,
        recordedAt: NOW,
      } as LedgerEvent;
      const admitted = admit(state, event, NOW);
      if (!admitted.ok) {
        refused.push(`${count} ${event.type}: ${admitted.error.message}`);
        continue;
      }
      evolveLedger(state, event);
      revisions.set(stream, revision);
      types.set(event.type, (types.get(event.type) ?? 0) + 1);
    }
    expect(refused.slice(0, 5)).toEqual([]);
    expect(count).toBe(20_000);
    for (const type of [
      'NetworkRegistered',
      'OrganisationRegistered',
      'MemberJoined',
      'MemberLeft',
      'MemberCategoryChanged',
      'MembershipCensusReported',
      'MembershipRecordCorrected',
      'ProjectFunded',
      'ProjectPartnerAdded',
      'ProjectCompleted',
      'OrganisationRenamed',
      'NetworkAffiliated',
    ]) {
      expect(types.get(type) ?? 0, type).toBeGreaterThan(0);
    }
    expect(state.networks.size).toBeGreaterThanOrEqual(20);
  });
});
