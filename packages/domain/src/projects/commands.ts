import type { z } from 'zod';
import { defineCommand } from '../shared/command.ts';
import {
  ProjectCompletedData,
  ProjectFundedData,
  ProjectPartnerAddedData,
  ProjectProposedData,
} from './events.ts';

export const RecordProjectFunding = defineCommand(
  'RecordProjectFunding',
  ProjectFundedData,
  'Record that a project (new or proposed) was granted funding.',
);
export type RecordProjectFunding = z.infer<typeof RecordProjectFunding>;

export const RecordProjectProposal = defineCommand(
  'RecordProjectProposal',
  ProjectProposedData,
  'Record a project proposal that is not funded.',
);
export type RecordProjectProposal = z.infer<typeof RecordProjectProposal>;

export const AddProjectPartner = defineCommand(
  'AddProjectPartner',
  ProjectPartnerAddedData,
  'Add a partner to a recorded project.',
);
export type AddProjectPartner = z.infer<typeof AddProjectPartner>;

export const CompleteProject = defineCommand(
  'CompleteProject',
  ProjectCompletedData,
  'Record that a funded project ended.',
);
export type CompleteProject = z.infer<typeof CompleteProject>;

export type ProjectCommand =
  | RecordProjectFunding
  | RecordProjectProposal
  | AddProjectPartner
  | CompleteProject;
