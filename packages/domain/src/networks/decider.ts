import type { NetworkStreamEvent } from '../registry.ts';
import { checkFactDate } from '../shared/dateRules.ts';
import type { EventEnvelope } from '../shared/envelope.ts';
import { type DomainError, domainError } from '../shared/errors.ts';
import type { NetworkId } from '../shared/ids.ts';
import { isBefore, type PartialDate } from '../shared/partialDate.ts';
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
  NetworkRecognisedData,
  NetworkRegistered,
} from './events.ts';

type Recognition = Omit<NetworkRecognisedData, 'networkId'>;

/** What the network deciders need to know, evolved from the `network-{id}` stream. */
export type NetworkState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly networkId: NetworkId;
      readonly establishedOn: PartialDate | undefined;
      /** International networks the network is affiliated to (there is no disaffiliation event). */
      readonly affiliations: readonly string[];
      readonly recognitions: readonly Recognition[];
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
        recognitions: [],
      };
    case 'NetworkAffiliated':
      return state.status === 'registered'
        ? { ...state, affiliations: [...state.affiliations, event.data.internationalNetwork] }
        : state;
    case 'NetworkRecognised': {
      const { networkId: _networkId, ...recognition } = event.data;
      return state.status === 'registered'
        ? { ...state, recognitions: [...state.recognitions, recognition] }
        : state;
    }
    case 'NetworkProfileChanged':
    case 'MemberJoined':
    case 'MemberCategoryChanged':
    case 'MemberLeft':
    case 'MembershipCensusReported':
    case 'MembershipRecordCorrected':
    case 'SuccessStoryRecorded':
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

/**
 * A consolidation cannot come before the same authority's start-up. Only an `on` start-up sets a
 * floor: a `by` start-up may have happened any time up to its date, so it never contradicts a
 * consolidation. The consolidation's qualifier does not matter: either way it happened no later
 * than the last day of its date, so a date surely before an `on` start-up is a contradiction.
 */
const checkPhaseOrder = (
  recognition: Recognition,
  recorded: readonly Recognition[],
): DomainError | null => {
  for (const other of recorded) {
    if (other.authority !== recognition.authority) continue;
    const pair =
      recognition.phase === 'consolidation' && other.phase === 'start_up'
        ? { startUp: other, consolidation: recognition }
        : recognition.phase === 'start_up' && other.phase === 'consolidation'
          ? { startUp: recognition, consolidation: other }
          : null;
    if (
      pair === null ||
      (pair.startUp.dateQualifier ?? 'on') !== 'on' ||
      !isBefore(pair.consolidation.recognisedOn, pair.startUp.recognisedOn)
    ) {
      continue;
    }
    return domainError(
      'out_of_order',
      'data.recognisedOn',
      pair.startUp === recognition
        ? `must not be after the consolidation recognised by ${other.authority} (${other.recognisedOn})`
        : `must not be before the start-up recognised by ${other.authority} (${other.recognisedOn})`,
    );
  }
  return null;
};

export const decideRecordRecognition = (
  command: RecordRecognition,
  state: NetworkState,
): Result<NetworkRecognised[], DomainError> => {
  const { data, now } = command;
  const network = requireRegistered(state, data.networkId);
  if (!network.ok) return network;
  // The founding floor holds for `by` too: a fact no later than a date before the founding is
  // surely before it.
  const refused =
    checkFactDate('data.recognisedOn', data.recognisedOn, now, network.value.establishedOn) ??
    checkPhaseOrder(data, network.value.recognitions);
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
