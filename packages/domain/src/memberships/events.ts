import { z } from 'zod';
import { DateQualifier, MemberCategory } from '../shared/categories.ts';
import type { EventShape } from '../shared/envelope.ts';
import { EventId, NetworkId, OrganisationId } from '../shared/ids.ts';
import { PartialDate } from '../shared/partialDate.ts';
import { NonEmptyText } from '../shared/text.ts';

export const MemberJoinedData = z
  .strictObject({
    networkId: NetworkId,
    organisationId: OrganisationId,
    category: MemberCategory,
    effectiveDate: PartialDate.describe('When the organisation joined (see dateQualifier).'),
    dateQualifier: DateQualifier,
  })
  .describe('An organisation became a member of the network.');
export type MemberJoinedData = z.infer<typeof MemberJoinedData>;

export const MemberCategoryChangedData = z
  .strictObject({
    networkId: NetworkId,
    organisationId: OrganisationId,
    from: MemberCategory.describe('The category before the change.'),
    to: MemberCategory.describe('The category after the change.'),
    effectiveDate: PartialDate.describe('When the new category took effect.'),
  })
  .refine((data) => data.from !== data.to, {
    path: ['to'],
    error: 'must differ from the previous category (from)',
  })
  .describe(
    "A member's category changed (e.g. a spin-off counted first as research, then as a company).",
  );
export type MemberCategoryChangedData = z.infer<typeof MemberCategoryChangedData>;

export const MemberLeftData = z
  .strictObject({
    networkId: NetworkId,
    organisationId: OrganisationId,
    effectiveDate: PartialDate.describe('When the membership ended.'),
    reason: NonEmptyText.describe('Why the membership ended, e.g. `withdrew`, `merged into ...`.'),
  })
  .describe('An organisation stopped being a member of the network.');
export type MemberLeftData = z.infer<typeof MemberLeftData>;

const count = (what: string) =>
  z
    .int({ error: 'must be a whole number, 0 or more' })
    .min(0, { error: 'must be a whole number, 0 or more' })
    .describe(what);

const censusCounts = {
  total: count('Total number of members.'),
  companies: count('Members counted as companies (imprese).').optional(),
  researchOrganisations: count('Members counted as research organisations.').optional(),
  otherBodies: count('Members counted as other bodies (altri enti).').optional(),
  approximate: z
    .boolean({ error: 'must be true or false' })
    .optional()
    .describe('The source gives rounded figures (e.g. "quasi 700").'),
};

type CensusCounts = {
  total: number;
  companies?: number | undefined;
  researchOrganisations?: number | undefined;
  otherBodies?: number | undefined;
  approximate?: boolean | undefined;
};

/** Exact figures must add up: a census that contradicts itself is a transcription error. */
const checkCensusSums = (counts: CensusCounts, ctx: z.RefinementCtx): void => {
  if (counts.approximate === true) return;
  const parts = [counts.companies, counts.researchOrganisations, counts.otherBodies];
  const given = parts.filter((part): part is number => typeof part === 'number');
  if (typeof counts.total !== 'number') return;
  const sum = given.reduce((a, b) => a + b, 0);
  if (given.length === parts.length && sum !== counts.total) {
    ctx.addIssue({
      code: 'custom',
      path: ['total'],
      message: `must equal companies + researchOrganisations + otherBodies (${sum})`,
    });
  } else if (sum > counts.total) {
    ctx.addIssue({
      code: 'custom',
      path: ['total'],
      message: `must not be less than the sum of the category counts (${sum})`,
    });
  }
};

export const CensusCounts = z
  .strictObject(censusCounts)
  .superRefine(checkCensusSums)
  .describe('Member counts of a census.');

export const MembershipCensusReportedData = z
  .strictObject({
    networkId: NetworkId,
    asOf: PartialDate.describe('The date the figures refer to.'),
    ...censusCounts,
  })
  .superRefine(checkCensusSums)
  .describe('A source reported how many members the network had, by category when known.');
export type MembershipCensusReportedData = z.infer<typeof MembershipCensusReportedData>;

export const MembershipCorrection = z
  .discriminatedUnion('field', [
    z
      .strictObject({
        field: z.literal('effectiveDate'),
        value: PartialDate.describe('The right date.'),
        dateQualifier: DateQualifier.optional().describe(
          'Only for joins: the right qualifier; omitted keeps the one recorded.',
        ),
      })
      .describe('The fact happened at another date.'),
    z
      .strictObject({
        field: z.literal('category'),
        value: MemberCategory.describe('The right category.'),
      })
      .describe('The member belonged (from that fact on) to another category.'),
    z
      .strictObject({ field: z.literal('counts'), ...censusCounts })
      .superRefine(checkCensusSums)
      .describe("A census's figures were wrong."),
    z.strictObject({ field: z.literal('retracted') }).describe('The fact never happened.'),
  ])
  .describe('What was wrong in the corrected fact and its right value.');
export type MembershipCorrection = z.infer<typeof MembershipCorrection>;

export const MembershipRecordCorrectedData = z
  .strictObject({
    networkId: NetworkId,
    organisationId: OrganisationId.optional().describe(
      'The member concerned; absent when the corrected fact is a census.',
    ),
    correctsEventId: EventId.describe(
      'The id of the event (join, category change, leave or census) it corrects.',
    ),
    correction: MembershipCorrection,
  })
  .describe(
    'A recorded membership fact was wrong: its date, category or figures are corrected, or it is retracted. The corrected event stays in the log.',
  );
export type MembershipRecordCorrectedData = z.infer<typeof MembershipRecordCorrectedData>;

export type MemberJoined = EventShape<'MemberJoined', MemberJoinedData>;
export type MemberCategoryChanged = EventShape<'MemberCategoryChanged', MemberCategoryChangedData>;
export type MemberLeft = EventShape<'MemberLeft', MemberLeftData>;
export type MembershipCensusReported = EventShape<
  'MembershipCensusReported',
  MembershipCensusReportedData
>;
export type MembershipRecordCorrected = EventShape<
  'MembershipRecordCorrected',
  MembershipRecordCorrectedData
>;
export type MembershipEvent =
  | MemberJoined
  | MemberCategoryChanged
  | MemberLeft
  | MembershipCensusReported
  | MembershipRecordCorrected;
