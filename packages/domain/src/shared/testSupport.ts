import type { DomainEvent } from '../registry.ts';
import { streamOf } from '../registry.ts';
import type { EventEnvelope } from './envelope.ts';
import type { EventMetadata } from './metadata.ts';

// Test-only helpers: deterministic envelopes around domain events, as the store would hand them back.

export const uuidFor = (n: number): string =>
  `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export const testMetadata: EventMetadata = {
  actor: 'test',
  source: { document: '003_b0113e97874011b2.txt' },
  schemaVersion: 1,
};

/** Wraps events in envelopes with sequential ids and positions, starting at `from`. */
export const envelopes = <E extends DomainEvent>(
  events: readonly E[],
  from = 1,
): EventEnvelope<E>[] =>
  events.map((event, index) => ({
    ...event,
    id: uuidFor(from + index),
    streamId: streamOf(event),
    revision: from - 1 + index,
    position: from + index,
    recordedAt: '2024-06-01T10:00:00.000Z',
    metadata: testMetadata,
  }));

export const fold = <S, E extends DomainEvent>(
  evolve: (state: S, event: EventEnvelope<E>) => S,
  initial: S,
  events: readonly EventEnvelope<E>[],
): S => events.reduce(evolve, initial);
