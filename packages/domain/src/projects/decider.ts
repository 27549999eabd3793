import type { DateQualifier, PartyRef } from '../shared/categories.ts';
import { checkFactDate } from '../shared/dateRules.ts';
import type { EventEnvelope } from '../shared/envelope.ts';
import { type DomainError, domainError } from '../shared/errors.ts';
import type { ProjectId } from '../shared/ids.ts';
import { isBefore, type PartialDate } from '../shared/partialDate.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type {
  AddProjectPartner,
  CompleteProject,
  ProjectCommand,
  RecordProjectFunding,
  RecordProjectProposal,
} from './commands.ts';
import type {
  ProjectCompleted,
  ProjectEvent,
  ProjectFunded,
  ProjectPartnerAdded,
  ProjectProposed,
} from './events.ts';

interface KnownProject {
  readonly projectId: ProjectId;
  readonly startDate: PartialDate | undefined;
  readonly proposedOn: PartialDate | undefined;
  readonly proposalQualifier: DateQualifier | undefined;
  /** `kind:id` of every partner, to refuse adding one twice. */
  readonly partners: readonly string[];
}

/** A project is proposed, funded (possibly after a proposal), then completed. */
export type ProjectState =
  | { readonly status: 'unregistered' }
  | ({ readonly status: 'proposed' | 'funded' | 'completed' } & KnownProject);

export const initialProjectState: ProjectState = { status: 'unregistered' };

const partyKey = (party: PartyRef): string => `${party.kind}:${party.id}`;

export const evolveProject = (
  state: ProjectState,
  event: EventEnvelope<ProjectEvent>,
): ProjectState => {
  switch (event.type) {
    case 'ProjectProposed':
      return {
        status: 'proposed',
        projectId: event.data.projectId,
        startDate: event.data.startDate,
        proposedOn: event.data.proposedOn,
        proposalQualifier: event.data.dateQualifier,
        partners: event.data.partners.map((partner) => partyKey(partner.party)),
      };
    case 'ProjectFunded': {
      const earlier = state.status === 'unregistered' ? [] : state.partners;
      const partners = event.data.partners.map((partner) => partyKey(partner.party));
      return {
        status: 'funded',
        projectId: event.data.projectId,
        startDate: event.data.startDate,
        proposedOn: state.status === 'unregistered' ? undefined : state.proposedOn,
        proposalQualifier: state.status === 'unregistered' ? undefined : state.proposalQualifier,
        partners: [...new Set([...earlier, ...partners])],
      };
    }
    case 'ProjectPartnerAdded':
      return state.status === 'unregistered'
        ? state
        : { ...state, partners: [...state.partners, partyKey(event.data.partner)] };
    case 'ProjectCompleted':
      return state.status === 'unregistered' ? state : { ...state, status: 'completed' };
    default:
      return event satisfies never;
  }
};

const notRegistered = (projectId: ProjectId): DomainError =>
  domainError(
    'not_registered',
    'data.projectId',
    `names project "${projectId}", which is not registered`,
  );

export const decideRecordProjectFunding = (
  command: RecordProjectFunding,
  state: ProjectState,
): Result<ProjectFunded[], DomainError> => {
  const { data, now } = command;
  if (state.status === 'funded' || state.status === 'completed') {
    return err(
      domainError(
        'already_registered',
        'data.projectId',
        `names project "${data.projectId}", whose funding is already recorded`,
      ),
    );
  }
  const refused = checkFactDate('data.fundedOn', data.fundedOn, now);
  if (refused !== null) return err(refused);
  // A `by` proposal may have been made any time up to its date, so only an `on` one sets a floor.
  if (
    state.status === 'proposed' &&
    state.proposedOn !== undefined &&
    state.proposalQualifier === 'on' &&
    isBefore(data.fundedOn, state.proposedOn)
  ) {
    return err(
      domainError(
        'out_of_order',
        'data.fundedOn',
        `must not be before the project was proposed (${state.proposedOn})`,
      ),
    );
  }
  return ok([{ type: 'ProjectFunded', data }]);
};

export const decideRecordProjectProposal = (
  command: RecordProjectProposal,
  state: ProjectState,
): Result<ProjectProposed[], DomainError> => {
  const { data, now } = command;
  if (state.status !== 'unregistered') {
    return err(
      domainError(
        'already_registered',
        'data.projectId',
        `names project "${data.projectId}", which is already registered`,
      ),
    );
  }
  const refused =
    data.proposedOn === undefined ? null : checkFactDate('data.proposedOn', data.proposedOn, now);
  return refused === null ? ok([{ type: 'ProjectProposed', data }]) : err(refused);
};

export const decideAddProjectPartner = (
  command: AddProjectPartner,
  state: ProjectState,
): Result<ProjectPartnerAdded[], DomainError> => {
  const { data, now } = command;
  if (state.status === 'unregistered') return err(notRegistered(data.projectId));
  if (state.status === 'completed') {
    return err(
      domainError(
        'invalid_state',
        'data.projectId',
        `names project "${data.projectId}", which is completed`,
      ),
    );
  }
  if (state.partners.includes(partyKey(data.partner))) {
    return err(
      domainError(
        'no_change',
        'data.partner',
        `names ${data.partner.kind} "${data.partner.id}", already a partner of the project`,
      ),
    );
  }
  const refused = checkFactDate('data.effectiveDate', data.effectiveDate, now);
  return refused === null ? ok([{ type: 'ProjectPartnerAdded', data }]) : err(refused);
};

export const decideCompleteProject = (
  command: CompleteProject,
  state: ProjectState,
): Result<ProjectCompleted[], DomainError> => {
  const { data, now } = command;
  switch (state.status) {
    case 'unregistered':
      return err(notRegistered(data.projectId));
    case 'proposed':
      return err(
        domainError(
          'invalid_state',
          'data.projectId',
          `names project "${data.projectId}", which was never funded`,
        ),
      );
    case 'completed':
      return err(
        domainError(
          'invalid_state',
          'data.projectId',
          `names project "${data.projectId}", which is already completed`,
        ),
      );
    case 'funded': {
      const refused = checkFactDate('data.completedOn', data.completedOn, now);
      if (refused !== null) return err(refused);
      if (state.startDate !== undefined && isBefore(data.completedOn, state.startDate)) {
        return err(
          domainError(
            'out_of_order',
            'data.completedOn',
            `must not be before the project started (${state.startDate})`,
          ),
        );
      }
      return ok([{ type: 'ProjectCompleted', data }]);
    }
    default:
      return state satisfies never;
  }
};

/** Routes any project command to its decider. */
export const decideProjectCommand = (
  command: ProjectCommand,
  state: ProjectState,
): Result<ProjectEvent[], DomainError> => {
  switch (command.type) {
    case 'RecordProjectFunding':
      return decideRecordProjectFunding(command, state);
    case 'RecordProjectProposal':
      return decideRecordProjectProposal(command, state);
    case 'AddProjectPartner':
      return decideAddProjectPartner(command, state);
    case 'CompleteProject':
      return decideCompleteProject(command, state);
    default:
      return command satisfies never;
  }
};
