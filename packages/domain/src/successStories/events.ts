import { z } from 'zod';
import { DateQualifier } from '../shared/categories.ts';
import type { EventShape } from '../shared/envelope.ts';
import { NetworkId, ProjectId, StoryId } from '../shared/ids.ts';
import { PartialDate } from '../shared/partialDate.ts';
import { NonEmptyText } from '../shared/text.ts';

export const SuccessStoryRecordedData = z
  .strictObject({
    networkId: NetworkId,
    storyId: StoryId,
    title: NonEmptyText.describe(
      'The story as the source titles it, e.g. `Roadmap Economia Circolare`.',
    ),
    summary: NonEmptyText.describe('What the network achieved, in the words of its report.'),
    reportedOn: PartialDate.describe('When the success happened (see dateQualifier).'),
    dateQualifier: DateQualifier.describe(
      'How reportedOn is meant: `on` that date, or `by` it when the report only says it had happened.',
    ),
    relatedProjects: z
      .array(ProjectId)
      .optional()
      .describe('Projects of the ledger the story grew out of; each must be registered.'),
  })
  .describe("A network's success story, as the SUCCESS STORIES section of its report tells it.");
export type SuccessStoryRecordedData = z.infer<typeof SuccessStoryRecordedData>;

export type SuccessStoryRecorded = EventShape<'SuccessStoryRecorded', SuccessStoryRecordedData>;
/** Success-story facts: stored in the network's stream, `network-{id}`. */
export type SuccessStoryEvent = SuccessStoryRecorded;
