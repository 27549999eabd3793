import { checkDecided, checkReferences, type Registrations } from './admissionChecks.ts';
import {
  admitCategoryChange,
  admitCensus,
  admitCorrection,
  admitJoin,
  admitLeave,
  dateCode,
  evolveMembershipRecords,
  type MembershipContext,
  type MembershipRecords,
} from './admissionMemberships.ts';
import type { Command } from './commands.ts';
import type { MembershipEvent } from './memberships/events.ts';
import {
  decideNetworkCommand,
  evolveNetwork,
  initialNetworkState,
  type NetworkState,
} from './networks/decider.ts';
import {
  decideOrganisationCommand,
  initialOrganisationState,
  type OrganisationState,
} from './organisations/decider.ts';
import {
  decideProjectCommand,
  evolveProject,
  initialProjectState,
  type ProjectState,
} from './projects/decider.ts';
import type { DomainEvent } from './registry.ts';
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
 * Admission: may this recorded fact join the ledger now? An imported event is the outcome of the
 * command that would have recorded it, so it is decided again, by the rules of its slice's
 * decider, against the state of every stream (its own, and those it refers to).
 *
 * The state is compact, so that a ledger of millions of facts is admitted in bounded memory and
 * time: networks, organisations and projects keep what their deciders read, and are decided by
 * them; memberships keep, per member, each fact's id and a packed integer, and are decided by the
 * same rules on that (`admissionMemberships.ts`; `deciderAdmission.ts` is the reference the
 * property test compares them with).
 */

/** An event admission reads or the ledger state folds. `position` is never read: an event being admitted has none yet. */
export type LedgerEvent = EventEnvelope<DomainEvent>;

/** One network's stream: the network's own state, its membership records and its stories. */
interface NetworkEntry extends MembershipRecords {
  network: NetworkState;
  stories: SuccessStoryState;
  /** `establishedOn` of the network state as a date code, -1 when unknown. */
  established: number;
}

/**
 * The state of every stream of a ledger. `evolveLedger` updates it in place: a ledger holds
 * millions of facts, too many to copy for each one folded. An organisation's state keeps only its
 * current name, all its decider reads of the names.
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
    case 'SuccessStoryRecorded':
      return { type: 'RecordSuccessStory', now, data: event.data };
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

const membershipContext = (
  state: LedgerState,
  networkId: string,
  now: string,
): MembershipContext => {
  const entry = state.networks.get(networkId);
  const network = entry?.network ?? initialNetworkState;
  return {
    network:
      network.status === 'registered' && entry !== undefined
        ? { establishedOn: network.establishedOn, established: entry.established }
        : null,
    records: entry,
    now,
  };
};

/** A refusal, or the facts the decider records (compared with the recorded one by `checkDecided`). */
type Decision = Result<readonly DomainEvent[], DomainError>;

const refusedOr = (refused: DomainError | null, event: DomainEvent): Decision =>
  refused === null ? ok([event]) : err(refused);

/** The membership deciders' verdict, reached on the compact records. */
const decideMembership = (
  state: LedgerState,
  event: EventEnvelope<MembershipEvent>,
  now: string,
): Decision => {
  switch (event.type) {
    case 'MemberJoined': {
      const { networkId, organisationId, effectiveDate } = event.data;
      const context = membershipContext(state, networkId, now);
      return refusedOr(admitJoin(context, networkId, organisationId, effectiveDate), event);
    }
    case 'MemberCategoryChanged': {
      const { networkId, organisationId, to, effectiveDate } = event.data;
      const context = membershipContext(state, networkId, now);
      const decided = admitCategoryChange(context, networkId, organisationId, to, effectiveDate);
      if ('refused' in decided) return err(decided.refused);
      return ok([
        {
          type: 'MemberCategoryChanged',
          data: { networkId, organisationId, from: decided.from, to, effectiveDate },
        },
      ]);
    }
    case 'MemberLeft': {
      const { networkId, organisationId, effectiveDate } = event.data;
      const context = membershipContext(state, networkId, now);
      return refusedOr(admitLeave(context, networkId, organisationId, effectiveDate), event);
    }
    case 'MembershipCensusReported': {
      const { networkId, asOf } = event.data;
      return refusedOr(
        admitCensus(membershipContext(state, networkId, now), networkId, asOf),
        event,
      );
    }
    case 'MembershipRecordCorrected': {
      const { networkId, organisationId, correctsEventId, correction } = event.data;
      const context = membershipContext(state, networkId, now);
      const refused = admitCorrection(
        context,
        networkId,
        organisationId,
        correctsEventId,
        correction,
      );
      if (refused !== null) return err(refused);
      return ok([
        {
          type: 'MembershipRecordCorrected',
          data: {
            networkId,
            ...(organisationId === undefined ? {} : { organisationId }),
            correctsEventId,
            correction,
          },
        },
      ]);
    }
    default:
      return event satisfies never;
  }
};

const decide = (state: LedgerState, event: LedgerEvent, now: string): Decision => {
  switch (event.type) {
    case 'NetworkRegistered':
    case 'NetworkProfileChanged':
    case 'NetworkRecognised':
    case 'NetworkAffiliated': {
      const command = commandForEvent(event, now) as Extract<
        Command,
        {
          type:
            | 'RegisterNetwork'
            | 'ChangeNetworkProfile'
            | 'RecordRecognition'
            | 'RecordAffiliation';
        }
      >;
      return decideNetworkCommand(command, networkState(state, event.data.networkId));
    }
    case 'MemberJoined':
    case 'MemberCategoryChanged':
    case 'MemberLeft':
    case 'MembershipCensusReported':
    case 'MembershipRecordCorrected':
      return decideMembership(state, event, now);
    case 'SuccessStoryRecorded':
      return decideSuccessStoryCommand(
        { type: 'RecordSuccessStory', now, data: event.data },
        state.networks.get(event.data.networkId)?.stories ?? initialSuccessStoryState,
      );
    case 'OrganisationRegistered':
    case 'OrganisationRenamed':
    case 'OrganisationProfileChanged': {
      const command = commandForEvent(event, now) as Extract<
        Command,
        { type: 'RegisterOrganisation' | 'RenameOrganisation' | 'ChangeOrganisationProfile' }
      >;
      return decideOrganisationCommand(
        command,
        state.organisations.get(event.data.organisationId) ?? initialOrganisationState,
      );
    }
    case 'ProjectFunded':
    case 'ProjectProposed':
    case 'ProjectPartnerAdded':
    case 'ProjectCompleted': {
      const command = commandForEvent(event, now) as Extract<
        Command,
        {
          type:
            | 'RecordProjectFunding'
            | 'RecordProjectProposal'
            | 'AddProjectPartner'
            | 'CompleteProject';
        }
      >;
      return decideProjectCommand(
        command,
        state.projects.get(event.data.projectId) ?? initialProjectState,
      );
    }
    default:
      return event satisfies never;
  }
};

/** One per state, made once: an import asks for them once per line. */
const registrations = new WeakMap<LedgerState, Registrations>();

const registrationsOf = (state: LedgerState): Registrations => {
  let known = registrations.get(state);
  if (known === undefined) {
    known = {
      network: (networkId) => networkState(state, networkId).status === 'registered',
      organisation: (organisationId) =>
        state.organisations.get(organisationId)?.status === 'registered',
      project: (projectId) =>
        (state.projects.get(projectId)?.status ?? 'unregistered') !== 'unregistered',
    };
    registrations.set(state, known);
  }
  return known;
};

/**
 * Decides whether `event` may be recorded at `now`: its command must be accepted by the rules of
 * its slice's decider, the decider must derive exactly this fact, and everything it names must be
 * registered. Pure: the state is only read.
 */
export const admit = (
  state: LedgerState,
  event: LedgerEvent,
  now: string,
): Result<LedgerEvent, DomainError> => {
  const decided = decide(state, event, now);
  if (!decided.ok) return decided;
  const refused =
    checkDecided(decided.value, event) ?? checkReferences(registrationsOf(state), event);
  return refused === null ? ok(event) : err(refused);
};

const networkEntry = (state: LedgerState, networkId: string): NetworkEntry => {
  let entry = state.networks.get(networkId);
  if (entry === undefined) {
    entry = {
      network: initialNetworkState,
      stories: initialSuccessStoryState,
      established: -1,
      members: new Map(),
      censuses: new Map(),
    };
    state.networks.set(networkId, entry);
  }
  return entry;
};

/** `evolveOrganisation`, keeping of the names only the current one. */
const evolveOrganisationState = (
  state: OrganisationState,
  event: EventEnvelope<Extract<DomainEvent, { type: `Organisation${string}` }>>,
): OrganisationState => {
  switch (event.type) {
    case 'OrganisationRegistered':
      return {
        status: 'registered',
        organisationId: event.data.organisationId,
        names: [event.data.name],
      };
    case 'OrganisationRenamed':
      return state.status === 'registered' ? { ...state, names: [event.data.name] } : state;
    case 'OrganisationProfileChanged':
      return state;
    default:
      return event satisfies never;
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
    case 'SuccessStoryRecorded': {
      const entry = networkEntry(state, event.data.networkId);
      entry.network = evolveNetwork(entry.network, event);
      entry.stories = evolveSuccessStories(entry.stories, event);
      if (event.type === 'NetworkRegistered') {
        const { establishedOn } = event.data;
        entry.established = establishedOn === undefined ? -1 : dateCode(establishedOn);
      }
      evolveMembershipRecords(entry, event);
      return;
    }
    case 'OrganisationRegistered':
    case 'OrganisationRenamed':
    case 'OrganisationProfileChanged': {
      const { organisationId } = event.data;
      const current = state.organisations.get(organisationId) ?? initialOrganisationState;
      state.organisations.set(organisationId, evolveOrganisationState(current, event));
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
