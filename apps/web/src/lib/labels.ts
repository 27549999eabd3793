/**
 * The ledger's codes in the reader's language. Each table names its messages one by one, so the
 * bundle carries only the messages the pages use.
 */
import type { Role } from '@ledger/api';
import { m } from '$lib/paraglide/messages.js';

type Label = () => string;

const lookup =
  (table: Readonly<Record<string, Label>>) =>
  (code: string): string =>
    table[code]?.() ?? code;

export const roleLabel: (role: Role) => string = lookup({
  viewer: m.role_viewer,
  editor: m.role_editor,
  auditor: m.role_auditor,
  admin: m.role_admin,
});

export const CATEGORIES = ['company', 'research_organisation', 'other_body'] as const;

export const categoryLabel = lookup({
  company: m.category_company,
  research_organisation: m.category_research,
  other_body: m.category_other,
});

/** The report's count fields, in the order of `CATEGORIES`. */
export const COUNT_FIELDS = ['companies', 'research', 'other'] as const;

export const countLabel = lookup({
  total: m.count_total,
  companies: m.category_company,
  research: m.category_research,
  other: m.category_other,
});

export const networkKindLabel = lookup({
  technology_cluster: m.kind_technology_cluster,
  innovation_hub: m.kind_innovation_hub,
  digital_innovation_hub: m.kind_digital_innovation_hub,
  partnership: m.kind_partnership,
});

export const ORGANISATION_KINDS = [
  'company',
  'research_organisation',
  'other_body',
  'public_body',
  'association',
] as const;

export const organisationKindLabel = lookup({
  company: m.org_company,
  research_organisation: m.org_research,
  other_body: m.org_other,
  public_body: m.org_public_body,
  association: m.org_association,
});

export const s3Label = lookup({
  manifattura_avanzata: m.s3_manifattura_avanzata,
  connettivita_informazione: m.s3_connettivita_informazione,
  nutrizione: m.s3_nutrizione,
  salute_life_science: m.s3_salute_life_science,
  smart_mobility_architecture: m.s3_smart_mobility_architecture,
  sostenibilita: m.s3_sostenibilita,
  sviluppo_sociale: m.s3_sviluppo_sociale,
  cultura_conoscenza: m.s3_cultura_conoscenza,
});

export const eventTypeLabel = lookup({
  NetworkRegistered: m.event_network_registered,
  NetworkProfileChanged: m.event_network_profile_changed,
  NetworkRecognised: m.event_network_recognised,
  NetworkAffiliated: m.event_network_affiliated,
  MemberJoined: m.event_member_joined,
  MemberCategoryChanged: m.event_member_category_changed,
  MemberLeft: m.event_member_left,
  MembershipCensusReported: m.event_census_reported,
  MembershipRecordCorrected: m.event_record_corrected,
  SuccessStoryRecorded: m.event_success_story_recorded,
  OrganisationRegistered: m.event_organisation_registered,
  OrganisationRenamed: m.event_organisation_renamed,
  OrganisationProfileChanged: m.event_organisation_profile_changed,
  ProjectFunded: m.event_project_funded,
  ProjectProposed: m.event_project_proposed,
  ProjectPartnerAdded: m.event_project_partner_added,
  ProjectCompleted: m.event_project_completed,
});

export const projectStatusLabel = lookup({
  funded: m.project_status_funded,
  proposed: m.project_status_proposed,
  completed: m.project_status_completed,
});

export const qualifierLabel = lookup({
  on: m.qualifier_on,
  by: m.qualifier_by,
});

/** The ecosystem's totals, labelled, in the order the overview and the report show them. */
export const ecosystemTotals = (totals: {
  networks: number;
  members: number;
  companies: number;
  research: number;
  other: number;
  projects: number;
}): { label: string; value: number }[] => [
  { label: m.total_networks(), value: totals.networks },
  { label: m.total_members(), value: totals.members },
  { label: m.category_company(), value: totals.companies },
  { label: m.category_research(), value: totals.research },
  { label: m.category_other(), value: totals.other },
  { label: m.total_projects(), value: totals.projects },
];
