/**
 * What a live client needs to hear about a new event: the event itself and the records whose
 * views it changes, so the client knows what to fetch again (with `minPosition`).
 */
import { type DomainEvent, parseStoredEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';

export type ChangedRecord =
  | { readonly kind: 'network' | 'organisation' | 'project'; readonly id: string }
  | { readonly kind: 'membership'; readonly networkId: string; readonly organisationId: string };

export interface Change {
  /** Log position: pass it as `minPosition` to read the change back. */
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: string | null;
  readonly data: unknown;
  readonly records: readonly ChangedRecord[];
}

const recordsOf = (event: DomainEvent): ChangedRecord[] => {
  switch (event.type) {
    case 'NetworkRegistered':
    case 'NetworkProfileChanged':
    case 'NetworkRecognised':
    case 'NetworkAffiliated':
    case 'MembershipCensusReported':
    case 'SuccessStoryRecorded':
      return [{ kind: 'network', id: event.data.networkId }];
    case 'MemberJoined':
    case 'MemberCategoryChanged':
    case 'MemberLeft':
      return [
        { kind: 'network', id: event.data.networkId },
        {
          kind: 'membership',
          networkId: event.data.networkId,
          organisationId: event.data.organisationId,
        },
        { kind: 'organisation', id: event.data.organisationId },
      ];
    case 'MembershipRecordCorrected': {
      const { networkId, organisationId } = event.data;
      return organisationId === undefined
        ? [{ kind: 'network', id: networkId }]
        : [
            { kind: 'network', id: networkId },
            { kind: 'membership', networkId, organisationId },
            { kind: 'organisation', id: organisationId },
          ];
    }
    case 'OrganisationRegistered':
    case 'OrganisationRenamed':
    case 'OrganisationProfileChanged':
      return [{ kind: 'organisation', id: event.data.organisationId }];
    case 'ProjectFunded':
    case 'ProjectProposed': {
      const parties = [
        ...(event.data.lead === undefined ? [] : [event.data.lead]),
        ...event.data.partners.map((partner) => partner.party),
      ];
      return [
        { kind: 'project', id: event.data.projectId },
        ...event.data.networks.map((id) => ({ kind: 'network' as const, id })),
        ...parties.map((party) => ({ kind: party.kind, id: party.id })),
      ];
    }
    case 'ProjectPartnerAdded':
      return [
        { kind: 'project', id: event.data.projectId },
        { kind: event.data.partner.kind, id: event.data.partner.id },
      ];
    case 'ProjectCompleted':
      return [{ kind: 'project', id: event.data.projectId }];
    default:
      return event satisfies never;
  }
};

const unique = (records: readonly ChangedRecord[]): ChangedRecord[] => {
  const seen = new Set<string>();
  return records.filter((record) => {
    const key = JSON.stringify(record);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

export const changeOf = (recorded: RecordedEvent): Change => {
  const parsed = parseStoredEvent(recorded);
  return {
    position: recorded.position,
    eventId: recorded.id,
    streamId: recorded.streamId,
    type: recorded.type,
    recordedAt: recorded.recordedAt,
    actor: parsed.ok ? parsed.event.metadata.actor : null,
    data: parsed.ok ? parsed.event.data : recorded.data,
    records: parsed.ok ? unique(recordsOf(parsed.event)) : [],
  };
};
