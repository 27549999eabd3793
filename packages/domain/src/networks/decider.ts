import type { NetworkStreamEvent } from '../registry.ts';
import { checkFactDate } from '../shared/dateRules.ts';
import type { EventEnvelope } from '../shared/envelope.ts';
import { type DomainError, domainError } from '../shared/errors.ts';
import type { NetworkId } from '../shared/ids.ts';
import type { PartialDate } from '../shared/partialDate.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type {
  ChangeNetworkProfile,
  NetworkCommand,
  RecordAffiliation,
  RecordRecognition,
  RegisterNetwork,
} from './commands.ts';
import type {
  NetworkAffiliated,
  NetworkEvent,
  NetworkProfileChanged,
  NetworkRecognised,
  NetworkRegistered,
} from './events.ts';

/** What the network deciders need to know, evolved from the `network-{id}` stream. */
export type NetworkState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly networkId: NetworkId;
      readonly establishedOn: PartialDate | undefined;
      /** International networks the network is affiliated to (there is no disaffiliation event). */
      readonly affiliations: readonly string[];
    };

export const initialNetworkState: NetworkState = { status: 'unregistered' };

export const evolveNetwork = (
  state: NetworkState,
  event: EventEnvelope<NetworkStreamEvent>,
): NetworkState => {
  switch (event.type) {
    case 'NetworkRegistered':
      return {
        status: 'registered',
        networkId: event.data.networkId,
        establishedOn: event.data.establishedOn,
        affiliations: [],
      };
    case 'NetworkAffiliated':
      return state.status === 'registered'
        ? { ...state, affiliations: [...state.affiliations, event.data.internationalNetwork] }
        : state;
    case 'NetworkProfileChanged':
    case 'NetworkRecognised':
    case 'MemberJoined':
    case 'MemberCategoryChanged':
    case 'MemberLeft':
    case 'MembershipCensusReported':
    case 'MembershipRecordCorrected':
      return state;
    default:
      return event satisfies never;
  }
};

type Registered = Extract<NetworkState, { status: 'registered' }>;

const requireRegistered = (
  state: NetworkState,
  networkId: NetworkId,
): Result<Registered, DomainError> =>
  state.status === 'registered'
    ? ok(state)
    : err(
        domainError(
          'not_registered',
          'data.networkId',
          `names network "${networkId}", which is not registered`,
        ),
      );

export const decideRegisterNetwork = (
  command: RegisterNetwork,
  state: NetworkState,
): Result<NetworkRegistered[], DomainError> => {
  const { data, now } = command;
  if (state.status === 'registered') {
    return err(
      domainError(
        'already_registered',
        'data.networkId',
        `names network "${data.networkId}", which is already registered`,
      ),
    );
  }
  if (data.establishedOn !== undefined) {
    const refused = checkFactDate('data.establishedOn', data.establishedOn, now);
    if (refused !== null) return err(refused);
  }
  return ok([{ type: 'NetworkRegistered', data }]);
};

export const decideChangeNetworkProfile = (
  command: ChangeNetworkProfile,
  state: NetworkState,
): Result<NetworkProfileChanged[], DomainError> => {
  const { data, now } = command;
  const network = requireRegistered(state, data.networkId);
  if (!network.ok) return network;
  const refused = checkFactDate(
    'data.effectiveDate',
    data.effectiveDate,
    now,
    network.value.establishedOn,
  );
  return refused === null ? ok([{ type: 'NetworkProfileChanged', data }]) : err(refused);
};

export const decideRecordRecognition = (
  command: RecordRecognition,
  state: NetworkState,
): Result<NetworkRecognised[], DomainError> => {
  const { data, now } = command;
  const network = requireRegistered(state, data.networkId);
  if (!network.ok) return network;
  const refused = checkFactDate(
    'data.recognisedOn',
    data.recognisedOn,
    now,
    network.value.establishedOn,
  );
  return refused === null ? ok([{ type: 'NetworkRecognised', data }]) : err(refused);
};

export const decideRecordAffiliation = (
  command: RecordAffiliation,
  state: NetworkState,
): Result<NetworkAffiliated[], DomainError> => {
  const { data, now } = command;
  const network = requireRegistered(state, data.networkId);
  if (!network.ok) return network;
  if (network.value.affiliations.includes(data.internationalNetwork)) {
    return err(
      domainError(
        'no_change',
        'data.internationalNetwork',
        `names "${data.internationalNetwork}", to which the network is already affiliated`,
      ),
    );
  }
  const refused = checkFactDate(
    'data.effectiveDate',
    data.effectiveDate,
    now,
    network.value.establishedOn,
  );
  return refused === null ? ok([{ type: 'NetworkAffiliated', data }]) : err(refused);
};

/** Routes any network command to its decider. */
export const decideNetworkCommand = (
  command: NetworkCommand,
  state: NetworkState,
): Result<NetworkEvent[], DomainError> => {
  switch (command.type) {
    case 'RegisterNetwork':
      return decideRegisterNetwork(command, state);
    case 'ChangeNetworkProfile':
      return decideChangeNetworkProfile(command, state);
    case 'RecordRecognition':
      return decideRecordRecognition(command, state);
    case 'RecordAffiliation':
      return decideRecordAffiliation(command, state);
    default:
      return command satisfies never;
  }
};
