import type { z } from 'zod';
import { defineCommand } from '../shared/command.ts';
import { SuccessStoryRecordedData } from './events.ts';

export const RecordSuccessStory = defineCommand(
  'RecordSuccessStory',
  SuccessStoryRecordedData,
  "Record one of a network's success stories.",
);
export type RecordSuccessStory = z.infer<typeof RecordSuccessStory>;

export type SuccessStoryCommand = RecordSuccessStory;
