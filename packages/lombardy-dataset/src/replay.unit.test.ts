import { readFileSync } from 'node:fs';
import {
  type Command,
  type DomainError,
  type DomainEvent,
  decideMembershipCommand,
  decideNetworkCommand,
  decideOrganisationCommand,
  decideProjectCommand,
  type EventEnvelope,
  type EventType,
  evolveMembership,
  evolveNetwork,
  evolveOrganisation,
  evolveProject,
  initialMembershipState,
  initialNetworkState,
  initialOrganisationState,
  initialProjectState,
  type MembershipState,
  type NetworkState,
  type NetworkStreamEvent,
  type OrganisationEvent,
  type OrganisationState,
  type ProjectEvent,
  type ProjectState,
  parseCommand,
  parseStoredEvent,
  type Result,
} from '@ledger/domain';
import { describe, expect, it } from 'vitest';
import { LEDGER_FILE } from './ledger-file.ts';
import { REPLAY_RECORDED_AT, storedEventsOf } from './stored-events.ts';

/** The command each curated fact is the outcome of; the data is the same. */
const COMMAND_OF: Partial<Record<EventType, Command['type']>> = {
  NetworkRegistered: 'RegisterNetwork',
  NetworkRecognised: 'RecordRecognition',
  NetworkAffiliated: 'RecordAffiliation',
  MemberJoined: 'RecordJoin',
  MembershipCensusReported: 'ReportCensus',
  OrganisationRegistered: 'RegisterOrganisation',
  ProjectFunded: 'RecordProjectFunding',
  ProjectProposed: 'RecordProjectProposal',
};

const envelopes = (): EventEnvelope<DomainEvent>[] =>
  storedEventsOf(readFileSync(LEDGER_FILE, 'utf8')).map((stored) => {
    const parsed = parseStoredEvent(stored);
    if (!parsed.ok) throw new Error(`${stored.id}: ${JSON.stringify(parsed.issues)}`);
    return parsed.event;
  });

interface Streams {
  readonly networks: Map<string, { network: NetworkState; membership: MembershipState }>;
  readonly organisations: Map<string, OrganisationState>;
  readonly projects: Map<string, ProjectState>;
}

/** Decides the command against its stream's state, as the application would before appending. */
const decide = (
  command: Command,
  streamId: string,
  streams: Streams,
): Result<DomainEvent[], DomainError> => {
  switch (command.type) {
    case 'RegisterNetwork':
    case 'ChangeNetworkProfile':
    case 'RecordRecognition':
    case 'RecordAffiliation':
      return decideNetworkCommand(
        command,
        streams.networks.get(streamId)?.network ?? initialNetworkState,
      );
    case 'RecordJoin':
    case 'ChangeMemberCategory':
    case 'RecordLeave':
    case 'ReportCensus':
    case 'CorrectMembershipRecord':
      return decideMembershipCommand(
        command,
        streams.networks.get(streamId)?.membership ?? initialMembershipState,
      );
    case 'RegisterOrganisation':
    case 'RenameOrganisation':
    case 'ChangeOrganisationProfile':
      return decideOrganisationCommand(
        command,
        streams.organisations.get(streamId) ?? initialOrganisationState,
      );
    case 'RecordProjectFunding':
    case 'RecordProjectProposal':
    case 'AddProjectPartner':
    case 'CompleteProject':
      return decideProjectCommand(command, streams.projects.get(streamId) ?? initialProjectState);
    default:
      return command satisfies never;
  }
};

const evolve = (streams: Streams, event: EventEnvelope<DomainEvent>): void => {
  const { streamId } = event;
  if (streamId.startsWith('network-')) {
    const current = streams.networks.get(streamId) ?? {
      network: initialNetworkState,
      membership: initialMembershipState,
    };
    const networkEvent = event as EventEnvelope<NetworkStreamEvent>;
    streams.networks.set(streamId, {
      network: evolveNetwork(current.network, networkEvent),
      membership: evolveMembership(current.membership, networkEvent),
    });
  } else if (streamId.startsWith('organisation-')) {
    const current = streams.organisations.get(streamId) ?? initialOrganisationState;
    streams.organisations.set(
      streamId,
      evolveOrganisation(current, event as EventEnvelope<OrganisationEvent>),
    );
  } else {
    const current = streams.projects.get(streamId) ?? initialProjectState;
    streams.projects.set(streamId, evolveProject(current, event as EventEnvelope<ProjectEvent>));
  }
};

describe('replaying the dataset through the domain', () => {
  it('decides every fact as the command that records it, with no domain error, in log order', () => {
    const streams: Streams = { networks: new Map(), organisations: new Map(), projects: new Map() };
    const refused: string[] = [];
    for (const event of envelopes()) {
      const commandType = COMMAND_OF[event.type];
      if (commandType === undefined) {
        refused.push(`${event.id}: no command records a ${event.type}`);
        continue;
      }
      const parsed = parseCommand({ type: commandType, now: REPLAY_RECORDED_AT, data: event.data });
      if (!parsed.ok) {
        refused.push(`${event.id}: ${JSON.stringify(parsed.issues)}`);
        continue;
      }
      const decided = decide(parsed.command, event.streamId, streams);
      if (!decided.ok) {
        refused.push(`${event.streamId}@${event.revision} ${event.type}: ${decided.error.message}`);
        continue;
      }
      expect(decided.value).toEqual([{ type: event.type, data: event.data }]);
      evolve(streams, event);
    }
    expect(refused).toEqual([]);
    expect(streams.networks.size).toBe(13);
    expect([...streams.organisations.values()].every((s) => s.status === 'registered')).toBe(true);
  });

  it('refers only to organisations and networks registered earlier in the log', () => {
    const registered = new Set<string>();
    const missing: string[] = [];
    const need = (ref: string, by: string) => {
      if (!registered.has(ref)) missing.push(`${by} needs ${ref}`);
    };
    for (const event of envelopes()) {
      const by = `${event.streamId}@${event.revision}`;
      switch (event.type) {
        case 'OrganisationRegistered':
          registered.add(`organisation:${event.data.organisationId}`);
          break;
        case 'NetworkRegistered':
          registered.add(`network:${event.data.networkId}`);
          break;
        case 'MemberJoined':
          need(`organisation:${event.data.organisationId}`, by);
          break;
        case 'ProjectFunded':
        case 'ProjectProposed':
          for (const networkId of event.data.networks) need(`network:${networkId}`, by);
          for (const { party } of event.data.partners) need(`${party.kind}:${party.id}`, by);
          if (event.data.lead !== undefined)
            need(`${event.data.lead.kind}:${event.data.lead.id}`, by);
          break;
        default:
          break;
      }
    }
    expect(missing).toEqual([]);
  });
});
