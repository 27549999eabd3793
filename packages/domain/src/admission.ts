import type { Command } from './commands.ts';
import { decideMembershipCommand } from './memberships/decider.ts';
import {
  applyToNetworkRegister,
  emptyNetworkRegister,
  type NetworkRegister,
} from './memberships/register.ts';
import {
  decideNetworkCommand,
  evolveNetwork,
  initialNetworkState,
  type NetworkState,
} from './networks/decider.ts';
import {
  decideOrganisationCommand,
  evolveOrganisation,
  initialOrganisationState,
  type OrganisationState,
} from './organisations/decider.ts';
import {
  decideProjectCommand,
  evolveProject,
  initialProjectState,
  type ProjectState,
} from './projects/decider.ts';
import type { DomainEvent, NetworkStreamEvent } from './registry.ts';
import type { PartyRef } from './shared/categories.ts';
import type { EventEnvelope } from './shared/envelope.ts';
import { type DomainError, domainError } from './shared/errors.ts';
import { err, ok, type Result } from './shared/result.ts';

/**
 * Admission: may this recorded fact join the ledger now? An imported event is the outcome of the
 * command that would have recorded it, so it is decided again, by the same deciders, against the
 * state of every stream (its own, and those it refers to).
 */

/** An event admission reads or the ledger state folds. `position` is never read: an event being admitted has none yet. */
export type LedgerEvent = EventEnvelope<DomainEvent>;

/**
 * A network's stream, split for cost: the deciders read only one member's facts (or only the
 * censuses) at a time, so each member keeps a register of its own, started from the register as
 * it stood after the network's registration. Folding one fact then costs the size of that
 * member's record, not of the whole network's.
 */
interface NetworkEntry {
  network: NetworkState;
  base: NetworkRegister;
  census: NetworkRegister;
  readonly members: Map<string, NetworkRegister>;
}

/**
 * The state of every stream of a ledger. `evolveLedger` updates it in place: a ledger holds
 * millions of facts, too many to copy for each one folded.
 */
export interface LedgerState {
  readonly networks: Map<string, NetworkEntry>;
  readonly organisations: Map<string, OrganisationState>;
  readonly projects: Map<string, ProjectState>;
}

export const createLedgerState = (): LedgerState => ({
  networks: new Map(),
  organisations: new Map(),
  projects: new Map(),
});

/** The command whose decision records `event`; its data is the event's, `now` its clock. */
export const commandForEvent = (event: DomainEvent, now: string): Command => {
  switch (event.type) {
    case 'NetworkRegistered':
      return { type: 'RegisterNetwork', now, data: event.data };
    case 'NetworkProfileChanged':
      return { type: 'ChangeNetworkProfile', now, data: event.data };
    case 'NetworkRecognised':
      return { type: 'RecordRecognition', now, data: event.data };
    case 'NetworkAffiliated':
      return { type: 'RecordAffiliation', now, data: event.data };
    case 'MemberJoined':
      return { type: 'RecordJoin', now, data: event.data };
    case 'MemberCategoryChanged': {
      // `from` is not the writer's to choose: the decider takes it from the member's record.
      const { networkId, organisationId, to, effectiveDate } = event.data;
      return {
        type: 'ChangeMemberCategory',
        now,
        data: { networkId, organisationId, to, effectiveDate },
      };
    }
    case 'MemberLeft':
      return { type: 'RecordLeave', now, data: event.data };
    case 'MembershipCensusReported':
      return { type: 'ReportCensus', now, data: event.data };
    case 'MembershipRecordCorrected':
      return { type: 'CorrectMembershipRecord', now, data: event.data };
    case 'OrganisationRegistered':
      return { type: 'RegisterOrganisation', now, data: event.data };
    case 'OrganisationRenamed':
      return { type: 'RenameOrganisation', now, data: event.data };
    case 'OrganisationProfileChanged':
      return { type: 'ChangeOrganisationProfile', now, data: event.data };
    case 'ProjectFunded':
      return { type: 'RecordProjectFunding', now, data: event.data };
    case 'ProjectProposed':
      return { type: 'RecordProjectProposal', now, data: event.data };
    case 'ProjectPartnerAdded':
      return { type: 'AddProjectPartner', now, data: event.data };
    case 'ProjectCompleted':
      return { type: 'CompleteProject', now, data: event.data };
    default:
      return event satisfies never;
  }
};

const networkState = (state: LedgerState, networkId: string): NetworkState =>
  state.networks.get(networkId)?.network ?? initialNetworkState;

/** The register a membership decision reads: the member's own, or the censuses when none is named. */
const registerFor = (
  state: LedgerState,
  networkId: string,
  organisationId: string | undefined,
): NetworkRegister => {
  const entry = state.networks.get(networkId);
  if (entry === undefined) return emptyNetworkRegister;
  if (organisationId === undefined) return entry.census;
  return entry.members.get(organisationId) ?? entry.base;
};

const decide = (state: LedgerState, command: Command): Result<DomainEvent[], DomainError> => {
  switch (command.type) {
    case 'RegisterNetwork':
    case 'ChangeNetworkProfile':
    case 'RecordRecognition':
    case 'RecordAffiliation':
      return decideNetworkCommand(command, networkState(state, command.data.networkId));
    case 'RecordJoin':
    case 'ChangeMemberCategory':
    case 'RecordLeave':
      return decideMembershipCommand(
        command,
        registerFor(state, command.data.networkId, command.data.organisationId),
      );
    case 'ReportCensus':
      return decideMembershipCommand(
        command,
        registerFor(state, command.data.networkId, undefined),
      );
    case 'CorrectMembershipRecord':
      return decideMembershipCommand(
        command,
        registerFor(state, command.data.networkId, command.data.organisationId),
      );
    case 'RegisterOrganisation':
    case 'RenameOrganisation':
    case 'ChangeOrganisationProfile':
      return decideOrganisationCommand(
        command,
        state.organisations.get(command.data.organisationId) ?? initialOrganisationState,
      );
    case 'RecordProjectFunding':
    case 'RecordProjectProposal':
    case 'AddProjectPartner':
    case 'CompleteProject':
      return decideProjectCommand(
        command,
        state.projects.get(command.data.projectId) ?? initialProjectState,
      );
    default:
      return command satisfies never;
  }
};

const describe = (value: unknown): string => JSON.stringify(value) ?? 'absent';

/** The first path (under `path`) where two JSON values differ, with the value the ledger expects. */
const firstDifference = (
  expected: unknown,
  actual: unknown,
  path: string,
): { readonly field: string; readonly expected: unknown } | null => {
  if (expected === actual) return null;
  if (
    typeof expected !== 'object' ||
    typeof actual !== 'object' ||
    expected === null ||
    actual === null ||
    Array.isArray(expected) !== Array.isArray(actual)
  ) {
    return { field: path, expected };
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length !== actual.length) {
    return { field: path, expected };
  }
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const key of keys) {
    const difference = firstDifference(
      (expected as Record<string, unknown>)[key],
      (actual as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (difference !== null) return difference;
  }
  return null;
};

/** The decider derived another fact than the one recorded (e.g. a category change's `from`). */
const checkDecided = (decided: readonly DomainEvent[], event: DomainEvent): DomainError | null => {
  const [only, ...more] = decided;
  if (only === undefined || more.length > 0 || only.type !== event.type) {
    return domainError(
      'invalid_state',
      'type',
      `must be the one fact its command records, not ${event.type}`,
    );
  }
  const difference = firstDifference(only.data, event.data, 'data');
  if (difference === null) return null;
  return domainError(
    'invalid_state',
    difference.field,
    `must be ${describe(difference.expected)}, as the ledger's earlier facts determine`,
  );
};

const unregisteredParty = (
  state: LedgerState,
  party: PartyRef,
  field: string,
): DomainError | null => {
  if (party.kind === 'organisation') {
    return state.organisations.get(party.id)?.status === 'registered'
      ? null
      : domainError(
          'not_registered',
          field,
          `names organisation "${party.id}", which is not registered`,
        );
  }
  return networkState(state, party.id).status === 'registered'
    ? null
    : domainError('not_registered', field, `names network "${party.id}", which is not registered`);
};

/** Every network, organisation or project partner the event names must already be registered. */
const checkReferences = (state: LedgerState, event: DomainEvent): DomainError | null => {
  switch (event.type) {
    case 'MemberJoined':
    case 'MemberCategoryChanged':
    case 'MemberLeft':
      return unregisteredParty(
        state,
        { kind: 'organisation', id: event.data.organisationId },
        'data.organisationId',
      );
    case 'ProjectFunded':
    case 'ProjectProposed': {
      const { lead, partners, networks } = event.data;
      const refused =
        (lead === undefined ? null : unregisteredParty(state, lead, 'data.lead.id')) ??
        partners.reduce<DomainError | null>(
          (found, partner, index) =>
            found ?? unregisteredParty(state, partner.party, `data.partners.${index}.party.id`),
          null,
        );
      if (refused !== null) return refused;
      return networks.reduce<DomainError | null>(
        (found, networkId, index) =>
          found ??
          unregisteredParty(state, { kind: 'network', id: networkId }, `data.networks.${index}`),
        null,
      );
    }
    case 'ProjectPartnerAdded':
      return unregisteredParty(state, event.data.partner, 'data.partner.id');
    case 'NetworkRegistered':
    case 'NetworkProfileChanged':
    case 'NetworkRecognised':
    case 'NetworkAffiliated':
    case 'MembershipCensusReported':
    // A correction names a fact of the register, whose member was checked when it was recorded.
    case 'MembershipRecordCorrected':
    case 'OrganisationRegistered':
    case 'OrganisationRenamed':
    case 'OrganisationProfileChanged':
    case 'ProjectCompleted':
      return null;
    default:
      return event satisfies never;
  }
};

/**
 * Decides whether `event` may be recorded at `now`: its command must be accepted by its slice's
 * decider, the decider must derive exactly this fact, and everything it names must be registered.
 * Pure: the state is only read.
 */
export const admit = (
  state: LedgerState,
  event: LedgerEvent,
  now: string,
): Result<LedgerEvent, DomainError> => {
  const decided = decide(state, commandForEvent(event, now));
  if (!decided.ok) return decided;
  const refused = checkDecided(decided.value, event) ?? checkReferences(state, event);
  return refused === null ? ok(event) : err(refused);
};

const networkEntry = (state: LedgerState, networkId: string): NetworkEntry => {
  let entry = state.networks.get(networkId);
  if (entry === undefined) {
    entry = {
      network: initialNetworkState,
      base: emptyNetworkRegister,
      census: emptyNetworkRegister,
      members: new Map(),
    };
    state.networks.set(networkId, entry);
  }
  return entry;
};

const evolveNetworkStream = (
  entry: NetworkEntry,
  event: EventEnvelope<NetworkStreamEvent>,
): void => {
  entry.network = evolveNetwork(entry.network, event);
  switch (event.type) {
    case 'NetworkRegistered':
      entry.base = applyToNetworkRegister(entry.base, event);
      entry.census = applyToNetworkRegister(entry.census, event);
      for (const [organisationId, register] of entry.members) {
        entry.members.set(organisationId, applyToNetworkRegister(register, event));
      }
      return;
    case 'MemberJoined':
    case 'MemberCategoryChanged':
    case 'MemberLeft': {
      const { organisationId } = event.data;
      const register = entry.members.get(organisationId) ?? entry.base;
      entry.members.set(organisationId, applyToNetworkRegister(register, event));
      return;
    }
    case 'MembershipCensusReported':
      entry.census = applyToNetworkRegister(entry.census, event);
      return;
    case 'MembershipRecordCorrected': {
      const { organisationId } = event.data;
      if (organisationId === undefined) {
        entry.census = applyToNetworkRegister(entry.census, event);
      } else {
        const register = entry.members.get(organisationId) ?? entry.base;
        entry.members.set(organisationId, applyToNetworkRegister(register, event));
      }
      return;
    }
    case 'NetworkProfileChanged':
    case 'NetworkRecognised':
    case 'NetworkAffiliated':
      return;
    default:
      event satisfies never;
  }
};

/** Folds a recorded (or just admitted) event into the ledger state, in place. */
export const evolveLedger = (state: LedgerState, event: LedgerEvent): void => {
  switch (event.type) {
    case 'NetworkRegistered':
    case 'NetworkProfileChanged':
    case 'NetworkRecognised':
    case 'NetworkAffiliated':
    case 'MemberJoined':
    case 'MemberCategoryChanged':
    case 'MemberLeft':
    case 'MembershipCensusReported':
    case 'MembershipRecordCorrected':
      evolveNetworkStream(networkEntry(state, event.data.networkId), event);
      return;
    case 'OrganisationRegistered':
    case 'OrganisationRenamed':
    case 'OrganisationProfileChanged': {
      const { organisationId } = event.data;
      const current = state.organisations.get(organisationId) ?? initialOrganisationState;
      state.organisations.set(organisationId, evolveOrganisation(current, event));
      return;
    }
    case 'ProjectFunded':
    case 'ProjectProposed':
    case 'ProjectPartnerAdded':
    case 'ProjectCompleted': {
      const { projectId } = event.data;
      const current = state.projects.get(projectId) ?? initialProjectState;
      state.projects.set(projectId, evolveProject(current, event));
      return;
    }
    default:
      event satisfies never;
  }
};
