import { checkFactDate } from '../shared/dateRules.ts';
import type { EventEnvelope } from '../shared/envelope.ts';
import { type DomainError, domainError } from '../shared/errors.ts';
import type { OrganisationId } from '../shared/ids.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type {
  ChangeOrganisationProfile,
  OrganisationCommand,
  RegisterOrganisation,
  RenameOrganisation,
} from './commands.ts';
import type {
  OrganisationEvent,
  OrganisationProfileChanged,
  OrganisationRegistered,
  OrganisationRenamed,
} from './events.ts';

export type OrganisationState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly organisationId: OrganisationId;
      /** Names in recording order; the last one is the current name. */
      readonly names: readonly string[];
    };

export const initialOrganisationState: OrganisationState = { status: 'unregistered' };

export const evolveOrganisation = (
  state: OrganisationState,
  event: EventEnvelope<OrganisationEvent>,
): OrganisationState => {
  switch (event.type) {
    case 'OrganisationRegistered':
      return {
        status: 'registered',
        organisationId: event.data.organisationId,
        names: [event.data.name],
      };
    case 'OrganisationRenamed':
      return state.status === 'registered'
        ? { ...state, names: [...state.names, event.data.name] }
        : state;
    case 'OrganisationProfileChanged':
      return state;
    default:
      return event satisfies never;
  }
};

const notRegistered = (organisationId: OrganisationId): DomainError =>
  domainError(
    'not_registered',
    'data.organisationId',
    `names organisation "${organisationId}", which is not registered`,
  );

export const decideRegisterOrganisation = (
  command: RegisterOrganisation,
  state: OrganisationState,
): Result<OrganisationRegistered[], DomainError> =>
  state.status === 'registered'
    ? err(
        domainError(
          'already_registered',
          'data.organisationId',
          `names organisation "${command.data.organisationId}", which is already registered`,
        ),
      )
    : ok([{ type: 'OrganisationRegistered', data: command.data }]);

export const decideRenameOrganisation = (
  command: RenameOrganisation,
  state: OrganisationState,
): Result<OrganisationRenamed[], DomainError> => {
  const { data, now } = command;
  if (state.status !== 'registered') return err(notRegistered(data.organisationId));
  if (state.names.at(-1) === data.name) {
    return err(
      domainError('no_change', 'data.name', `must differ from the current name ("${data.name}")`),
    );
  }
  const refused = checkFactDate('data.effectiveDate', data.effectiveDate, now);
  return refused === null ? ok([{ type: 'OrganisationRenamed', data }]) : err(refused);
};

export const decideChangeOrganisationProfile = (
  command: ChangeOrganisationProfile,
  state: OrganisationState,
): Result<OrganisationProfileChanged[], DomainError> => {
  const { data, now } = command;
  if (state.status !== 'registered') return err(notRegistered(data.organisationId));
  const refused = checkFactDate('data.effectiveDate', data.effectiveDate, now);
  return refused === null ? ok([{ type: 'OrganisationProfileChanged', data }]) : err(refused);
};

/** Routes any organisation command to its decider. */
export const decideOrganisationCommand = (
  command: OrganisationCommand,
  state: OrganisationState,
): Result<OrganisationEvent[], DomainError> => {
  switch (command.type) {
    case 'RegisterOrganisation':
      return decideRegisterOrganisation(command, state);
    case 'RenameOrganisation':
      return decideRenameOrganisation(command, state);
    case 'ChangeOrganisationProfile':
      return decideChangeOrganisationProfile(command, state);
    default:
      return command satisfies never;
  }
};
