import { z } from 'zod';
import { DateQualifier, PartyRef } from '../shared/categories.ts';
import type { EventShape } from '../shared/envelope.ts';
import { NetworkId, ProjectId } from '../shared/ids.ts';
import { isBefore, isPartialDate, PartialDate } from '../shared/partialDate.ts';
import { PnrrRef } from '../shared/pnrr.ts';
import { S3Ecosystem } from '../shared/s3.ts';
import { NonEmptyText } from '../shared/text.ts';

export const Money = z
  .strictObject({
    value: z
      .number({ error: 'must be an amount, 0 or more' })
      .min(0, { error: 'must be an amount, 0 or more' })
      .describe('Amount in the currency.'),
    currency: z.literal('EUR').describe('Currency; only EUR so far.'),
  })
  .describe('An amount of money.');
export type Money = z.infer<typeof Money>;

export const ProjectPartner = z
  .strictObject({
    party: PartyRef,
    role: NonEmptyText.optional().describe(
      'Role in the project, e.g. `coordinator`, `dissemination`.',
    ),
  })
  .describe('A partner of a project.');
export type ProjectPartner = z.infer<typeof ProjectPartner>;

const description = {
  projectId: ProjectId,
  title: NonEmptyText.describe('Title of the project.'),
  acronym: NonEmptyText.optional().describe('Acronym, e.g. `CEUP 2030`.'),
  summary: NonEmptyText.optional().describe('What the project does.'),
  programme: NonEmptyText.optional().describe(
    'Funding programme, e.g. `Horizon 2020`, `Interreg`, `COSME`, `Call Hub Ricerca e Innovazione`; omitted when the source does not name it.',
  ),
  call: NonEmptyText.optional().describe('The call within the programme.'),
  funder: NonEmptyText.optional().describe(
    'Who funds it, e.g. `Commissione Europea`, `Regione Lombardia`; omitted when the source does not name it.',
  ),
  startDate: PartialDate.optional().describe('When the project starts or started.'),
  endDate: PartialDate.optional().describe('When the project ends or ended (planned or actual).'),
  lead: PartyRef.optional().describe('The lead partner (capofila).'),
  partners: z.array(ProjectPartner).describe('Partners, including networks acting as partners.'),
  networks: z.array(NetworkId).describe('Networks the project is reported under.'),
  s3Ecosystems: z.array(S3Ecosystem).describe('S3 ecosystems the project contributes to.'),
  pnrr: z.array(PnrrRef).describe('PNRR mission components the project contributes to.'),
  dateQualifier: DateQualifier,
};

const checkPeriod = (
  data: { startDate?: string | undefined; endDate?: string | undefined },
  ctx: z.RefinementCtx,
): void => {
  const { startDate, endDate } = data;
  if (startDate === undefined || endDate === undefined) return;
  if (isPartialDate(startDate) && isPartialDate(endDate) && isBefore(endDate, startDate)) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before startDate' });
  }
};

export const ProjectFundedData = z
  .strictObject({
    ...description,
    amount: Money.optional().describe('Funding granted.'),
    fundedOn: PartialDate.describe('When the funding was granted (see dateQualifier).'),
  })
  .superRefine(checkPeriod)
  .describe(
    'A project was granted funding, or is reported under way; the sources do not always say by whom.',
  );
export type ProjectFundedData = z.infer<typeof ProjectFundedData>;

// The qualifier says how proposedOn is meant, so it comes with the date or not at all.
const checkProposalDate = (
  data: { proposedOn?: string | undefined; dateQualifier?: string | undefined },
  ctx: z.RefinementCtx,
): void => {
  if (data.proposedOn !== undefined && data.dateQualifier === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['dateQualifier'],
      message: 'must be given with proposedOn',
    });
  }
  if (data.proposedOn === undefined && data.dateQualifier !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['dateQualifier'],
      message: 'must be omitted when proposedOn is',
    });
  }
};

export const ProjectProposedData = z
  .strictObject({
    ...description,
    proposedOn: PartialDate.optional().describe(
      'When the proposal was made or reported in preparation (see dateQualifier); omitted when the source gives no date.',
    ),
    dateQualifier: DateQualifier.optional().describe(
      '`on` or `by` for proposedOn: required with it, omitted without it.',
    ),
  })
  .superRefine(checkPeriod)
  .superRefine(checkProposalDate)
  .describe('A project proposal was submitted or is being prepared; it is not funded (yet).');
export type ProjectProposedData = z.infer<typeof ProjectProposedData>;

export const ProjectPartnerAddedData = z
  .strictObject({
    projectId: ProjectId,
    partner: PartyRef.describe('The partner joining the project.'),
    role: NonEmptyText.optional().describe('Role in the project.'),
    effectiveDate: PartialDate.describe('When the partner joined the project.'),
  })
  .describe('A partner joined a project after it was recorded.');
export type ProjectPartnerAddedData = z.infer<typeof ProjectPartnerAddedData>;

export const ProjectCompletedData = z
  .strictObject({
    projectId: ProjectId,
    completedOn: PartialDate.describe('When the project ended.'),
  })
  .describe('A funded project ended.');
export type ProjectCompletedData = z.infer<typeof ProjectCompletedData>;

export type ProjectFunded = EventShape<'ProjectFunded', ProjectFundedData>;
export type ProjectProposed = EventShape<'ProjectProposed', ProjectProposedData>;
export type ProjectPartnerAdded = EventShape<'ProjectPartnerAdded', ProjectPartnerAddedData>;
export type ProjectCompleted = EventShape<'ProjectCompleted', ProjectCompletedData>;
export type ProjectEvent = ProjectFunded | ProjectProposed | ProjectPartnerAdded | ProjectCompleted;
