import type { NetworkStreamEvent } from '../registry.ts';
import { checkFactDate } from '../shared/dateRules.ts';
import type { EventEnvelope } from '../shared/envelope.ts';
import { type DomainError, domainError } from '../shared/errors.ts';
import type { StoryId } from '../shared/ids.ts';
import type { PartialDate } from '../shared/partialDate.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { RecordSuccessStory, SuccessStoryCommand } from './commands.ts';
import type { SuccessStoryEvent, SuccessStoryRecorded } from './events.ts';

/** What the success-story decider needs to know, evolved from the `network-{id}` stream. */
export type SuccessStoryState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly establishedOn: PartialDate | undefined;
      readonly storyIds: readonly StoryId[];
    };

export const initialSuccessStoryState: SuccessStoryState = { status: 'unregistered' };

export const evolveSuccessStories = (
  state: SuccessStoryState,
  event: EventEnvelope<NetworkStreamEvent>,
): SuccessStoryState => {
  switch (event.type) {
    case 'NetworkRegistered':
      return { status: 'registered', establishedOn: event.data.establishedOn, storyIds: [] };
    case 'SuccessStoryRecorded':
      return state.status === 'registered'
        ? { ...state, storyIds: [...state.storyIds, event.data.storyId] }
        : state;
    case 'NetworkProfileChanged':
    case 'NetworkRecognised':
    case 'NetworkAffiliated':
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

export const decideRecordSuccessStory = (
  command: RecordSuccessStory,
  state: SuccessStoryState,
): Result<SuccessStoryRecorded[], DomainError> => {
  const { data, now } = command;
  if (state.status !== 'registered') {
    return err(
      domainError(
        'not_registered',
        'data.networkId',
        `names network "${data.networkId}", which is not registered`,
      ),
    );
  }
  if (state.storyIds.includes(data.storyId)) {
    return err(
      domainError(
        'already_registered',
        'data.storyId',
        `names story "${data.storyId}", which the network has already recorded`,
      ),
    );
  }
  // The founding floor holds for `by` too: a story no later than a date before the founding is
  // surely before it.
  const refused = checkFactDate('data.reportedOn', data.reportedOn, now, state.establishedOn);
  return refused === null ? ok([{ type: 'SuccessStoryRecorded', data }]) : err(refused);
};

/** Routes any success-story command to its decider. */
export const decideSuccessStoryCommand = (
  command: SuccessStoryCommand,
  state: SuccessStoryState,
): Result<SuccessStoryEvent[], DomainError> => {
  switch (command.type) {
    case 'RecordSuccessStory':
      return decideRecordSuccessStory(command, state);
    default:
      return command.type satisfies never;
  }
};
