import { readFileSync } from 'node:fs';
import {
  admit,
  createLedgerState,
  type DomainEvent,
  type EventEnvelope,
  evolveLedger,
  parseStoredEvent,
} from '@ledger/domain';
import { describe, expect, it } from 'vitest';
import { LEDGER_FILE } from './ledger-file.ts';
import { REPLAY_RECORDED_AT, storedEventsOf } from './stored-events.ts';

const envelopes = (): EventEnvelope<DomainEvent>[] =>
  storedEventsOf(readFileSync(LEDGER_FILE, 'utf8')).map((stored) => {
    const parsed = parseStoredEvent(stored);
    if (!parsed.ok) throw new Error(`${stored.id}: ${JSON.stringify(parsed.issues)}`);
    return parsed.event;
  });

describe('replaying the dataset through the domain', () => {
  it('admits every fact in log order: its command is decided without error and refers only to what is registered', () => {
    const state = createLedgerState();
    const refused: string[] = [];
    for (const event of envelopes()) {
      const admitted = admit(state, event, REPLAY_RECORDED_AT);
      if (!admitted.ok) {
        refused.push(
          `${event.streamId}@${event.revision} ${event.type}: ${admitted.error.message}`,
        );
        continue;
      }
      evolveLedger(state, event);
    }
    expect(refused).toEqual([]);
    expect(state.networks.size).toBe(14);
    expect([...state.organisations.values()].every((s) => s.status === 'registered')).toBe(true);
  });
});
