/**
 * What the pages say about the ledger's records and facts: which are synthetic, how a timeline
 * groups facts, and one line describing each fact.
 */
import { categoryLabel } from '$lib/labels.ts';
import { m } from '$lib/paraglide/messages.js';

/** Generated demo data is named `synthetic-…` and cited to `synthetic:…`; it must never pass for real. */
export const isSyntheticId = (id: string): boolean => id.startsWith('synthetic-');

export const isSyntheticSource = (document: string): boolean => document.startsWith('synthetic:');

/** What a page knows of an item: its id, its citation, its metadata's flag; any one may be missing. */
export interface SyntheticHints {
  readonly id?: string | null | undefined;
  readonly source?: { readonly document: string } | null | undefined;
  readonly synthetic?: boolean | undefined;
}

/** An item is synthetic if its metadata says so, or its id or its citation is a generated one. */
export const isSynthetic = ({ id, source, synthetic }: SyntheticHints): boolean =>
  synthetic === true ||
  (typeof id === 'string' && isSyntheticId(id)) ||
  (source !== null && source !== undefined && isSyntheticSource(source.document));

/** The label a synthetic item carries, and its longer explanation, in the reader's language. */
export const syntheticLabel = (locale?: 'it' | 'en') => {
  const options = locale === undefined ? {} : { locale };
  return { text: m.synthetic({}, options), title: m.synthetic_title({}, options) };
};

export const TIMELINE_GROUPS = [
  'membri',
  'censimenti',
  'riconoscimenti',
  'affiliazioni',
  'progetti',
  'profilo',
] as const;
export type TimelineGroup = (typeof TIMELINE_GROUPS)[number];

const GROUP_OF: Readonly<Record<string, TimelineGroup>> = {
  MemberJoined: 'membri',
  MemberCategoryChanged: 'membri',
  MemberLeft: 'membri',
  MembershipRecordCorrected: 'membri',
  MembershipCensusReported: 'censimenti',
  NetworkRecognised: 'riconoscimenti',
  NetworkAffiliated: 'affiliazioni',
  ProjectFunded: 'progetti',
  ProjectProposed: 'progetti',
  ProjectPartnerAdded: 'progetti',
  ProjectCompleted: 'progetti',
  NetworkRegistered: 'profilo',
  NetworkProfileChanged: 'profilo',
};

export const groupOf = (type: string): TimelineGroup => GROUP_OF[type] ?? 'profilo';

/** The groups a `?tipo=a&tipo=b` query selects; none named means all. */
export const selectedGroups = (values: readonly string[]): TimelineGroup[] => {
  const chosen = TIMELINE_GROUPS.filter((group) => values.includes(group));
  return chosen.length === 0 ? [...TIMELINE_GROUPS] : chosen;
};

const text = (data: unknown, key: string): string | undefined => {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
};

/** One line saying what a fact states, from its data. */
export const describeFact = (type: string, data: unknown): string => {
  switch (type) {
    case 'NetworkRecognised':
      return m.fact_recognised({ authority: text(data, 'authority') ?? '' });
    case 'NetworkAffiliated':
      return m.fact_affiliated({ network: text(data, 'internationalNetwork') ?? '' });
    case 'MemberJoined':
      return m.fact_joined({
        organisation: text(data, 'organisationId') ?? '',
        category: categoryLabel(text(data, 'category') ?? ''),
      });
    case 'MemberCategoryChanged':
      return m.fact_category_changed({
        organisation: text(data, 'organisationId') ?? '',
        from: categoryLabel(text(data, 'from') ?? ''),
        to: categoryLabel(text(data, 'to') ?? ''),
      });
    case 'MemberLeft':
      return m.fact_left({
        organisation: text(data, 'organisationId') ?? '',
        reason: text(data, 'reason') ?? '',
      });
    case 'MembershipCensusReported':
      return m.fact_census({ total: text(data, 'total') ?? '?' });
    case 'ProjectFunded':
    case 'ProjectProposed':
      return text(data, 'title') ?? text(data, 'projectId') ?? '';
    case 'NetworkRegistered':
    case 'OrganisationRegistered':
    case 'OrganisationRenamed':
      return text(data, 'name') ?? '';
    default:
      return '';
  }
};
