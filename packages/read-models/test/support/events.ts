/**
 * Hand-written events for scenario tests: the fewest fields each schema needs, deterministic ids.
 */
import { type DomainEvent, eventRegistry, streamOf, validateEvent } from '@ledger/domain';
import type { EventData, EventStore, JsonObject } from '@ledger/event-store';

let counter = 0;

export const eventId = (n: number): string =>
  `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** An event with a fresh id (or the given one); throws if the domain's schema refuses it. */
export function eventData(
  event: DomainEvent,
  id: string = eventId(++counter + 1_000_000),
): EventData {
  const metadata = {
    actor: 'test',
    source: { document: 'test scenario' },
    schemaVersion: eventRegistry[event.type].version,
  };
  const checked = validateEvent({ type: event.type, data: event.data, metadata });
  if (!checked.ok) throw new Error(`bad test event: ${JSON.stringify(checked.issues)}`);
  return { id, type: event.type, data: event.data as unknown as JsonObject, metadata };
}

/** Appends each event to its own stream, in order, one append per event. */
export async function record(
  store: EventStore,
  ...events: (DomainEvent | EventData)[]
): Promise<void> {
  for (const event of events) {
    const data = 'id' in event ? event : eventData(event);
    await store.appendToStream(streamOf(data as unknown as DomainEvent), [data]);
  }
}

export const network = (networkId: string, establishedOn = '2010'): DomainEvent => ({
  type: 'NetworkRegistered',
  data: {
    networkId,
    kind: 'technology_cluster',
    name: `Network ${networkId}`,
    headquarters: [],
    s3Ecosystems: [],
    technologyAreas: [],
    establishedOn,
  },
});

export const organisation = (organisationId: string): DomainEvent => ({
  type: 'OrganisationRegistered',
  data: { organisationId, kind: 'company', name: `Organisation ${organisationId}`, country: 'IT' },
});

export const joined = (
  networkId: string,
  organisationId: string,
  effectiveDate: string,
  category: 'company' | 'research_organisation' | 'other_body' = 'company',
): DomainEvent => ({
  type: 'MemberJoined',
  data: { networkId, organisationId, category, effectiveDate, dateQualifier: 'on' },
});

export const left = (
  networkId: string,
  organisationId: string,
  effectiveDate: string,
): DomainEvent => ({
  type: 'MemberLeft',
  data: { networkId, organisationId, effectiveDate, reason: 'withdrew' },
});
