import { z } from 'zod';
import { MemberCategory } from '../shared/categories.ts';
import { defineCommand } from '../shared/command.ts';
import { NetworkId, OrganisationId } from '../shared/ids.ts';
import { PartialDate } from '../shared/partialDate.ts';
import {
  MemberJoinedData,
  MemberLeftData,
  MembershipCensusReportedData,
  MembershipRecordCorrectedData,
} from './events.ts';

export const RecordJoin = defineCommand(
  'RecordJoin',
  MemberJoinedData,
  'Record that an organisation joined a network.',
);
export type RecordJoin = z.infer<typeof RecordJoin>;

export const ChangeMemberCategory = defineCommand(
  'ChangeMemberCategory',
  z.strictObject({
    networkId: NetworkId,
    organisationId: OrganisationId,
    to: MemberCategory.describe('The new category.'),
    effectiveDate: PartialDate.describe('When the new category took effect.'),
  }),
  "Change an active member's category.",
);
export type ChangeMemberCategory = z.infer<typeof ChangeMemberCategory>;

export const RecordLeave = defineCommand(
  'RecordLeave',
  MemberLeftData,
  'Record that an active member left a network.',
);
export type RecordLeave = z.infer<typeof RecordLeave>;

export const ReportCensus = defineCommand(
  'ReportCensus',
  MembershipCensusReportedData,
  "Record a source's count of a network's members.",
);
export type ReportCensus = z.infer<typeof ReportCensus>;

export const CorrectMembershipRecord = defineCommand(
  'CorrectMembershipRecord',
  MembershipRecordCorrectedData,
  'Correct or retract a recorded join, category change, leave or census.',
);
export type CorrectMembershipRecord = z.infer<typeof CorrectMembershipRecord>;

export type MembershipCommand =
  | RecordJoin
  | ChangeMemberCategory
  | RecordLeave
  | ReportCensus
  | CorrectMembershipRecord;
