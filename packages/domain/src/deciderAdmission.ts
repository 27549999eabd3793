import { commandForEvent, type LedgerEvent } from './admission.ts';
import { checkDecided, checkReferences, type Registrations } from './admissionChecks.ts';
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
import type { EventEnvelope } from './shared/envelope.ts';
import type { DomainError } from './shared/errors.ts';
import { err, ok, type Result } from './shared/result.ts';
import {
  decideSuccessStoryCommand,
  evolveSuccessStories,
  initialSuccessStoryState,
  type SuccessStoryState,
} from './successStories/decider.ts';

/**
 * Test-only: admission as the deciders define it, each deciding on the full state of its slice (a
 * network's register with every fact and interval). It is the reference the compact admission of
 * `admission.ts` is checked against (`admission.property.unit.test.ts`): the two must agree on
 * every history.
 */

/**
 * A network's stream, split for cost: the deciders read only one member's facts (or only the
 * censuses) at a time, so each member keeps a register of its own, started from the register as
 * it stood after the network's registration. Folding one fact then costs the size of that
 * member's record, not of the whole network's.
 */
interface NetworkEntry {
  network: NetworkState;
  stories: SuccessStoryState;
  base: NetworkRegister;
  census: NetworkRegister;
  readonly members: Map<string, NetworkRegister>;
}

/** The state of every stream of a ledger, as the deciders read it; evolved in place. */
export interface DeciderLedgerState {
  readonly networks: Map<string, NetworkEntry>;
  readonly organisations: Map<string, OrganisationState>;
  readonly projects: Map<string, ProjectState>;
}

export const createDeciderLedgerState = (): DeciderLedgerState => ({
  networks: new Map(),
  organisations: new Map(),
  projects: new Map(),
});

const networkState = (state: DeciderLedgerState, networkId: string): NetworkState =>
  state.networks.get(networkId)?.network ?? initialNetworkState;

/** The register a membership decision reads: the member's own, or the censuses when none is named. */
const registerFor = (
  state: DeciderLedgerState,
  networkId: string,
  organisationId: string | undefined,
): NetworkRegister => {
  const entry = state.networks.get(networkId);
  if (entry === undefined) return emptyNetworkRegister;
  if (organisationId === undefined) return entry.census;
  return entry.members.get(organisationId) ?? entry.base;
};

const decide = (
  state: DeciderLedgerState,
  command: Command,
): Result<DomainEvent[], DomainError> => {
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
    case 'RecordSuccessStory':
      return decideSuccessStoryCommand(
        command,
        state.networks.get(command.data.networkId)?.stories ?? initialSuccessStoryState,
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

const registrationsOf = (state: DeciderLedgerState): Registrations => ({
  network: (networkId) => networkState(state, networkId).status === 'registered',
  organisation: (organisationId) =>
    state.organisations.get(organisationId)?.status === 'registered',
  project: (projectId) =>
    (state.projects.get(projectId)?.status ?? 'unregistered') !== 'unregistered',
});

/**
 * Decides whether `event` may be recorded at `now`: its command must be accepted by its slice's
 * decider on the registers, the decider must derive exactly this fact, and everything it names
 * must be registered.
 */
export const admitByDeciders = (
  state: DeciderLedgerState,
  event: LedgerEvent,
  now: string,
): Result<LedgerEvent, DomainError> => {
  const decided = decide(state, commandForEvent(event, now));
  if (!decided.ok) return decided;
  const refused =
    checkDecided(decided.value, event) ?? checkReferences(registrationsOf(state), event);
  return refused === null ? ok(event) : err(refused);
};

const networkEntry = (state: DeciderLedgerState, networkId: string): NetworkEntry => {
  let entry = state.networks.get(networkId);
  if (entry === undefined) {
    entry = {
      network: initialNetworkState,
      stories: initialSuccessStoryState,
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
  entry.stories = evolveSuccessStories(entry.stories, event);
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
    case 'SuccessStoryRecorded':
      return;
    default:
      event satisfies never;
  }
};

/** Folds a recorded (or just admitted) event into the ledger state, in place. */
export const evolveDeciderLedger = (state: DeciderLedgerState, event: LedgerEvent): void => {
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
    case 'SuccessStoryRecorded':
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
