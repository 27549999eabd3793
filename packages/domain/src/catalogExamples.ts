/**
 * One illustrative example of each event type's data, for the catalog. Where the curated
 * Lombardy dataset holds the type, the example is one of its facts; the others are made up in
 * its style and are not facts of the ledger. A test validates each against its schema.
 */
import type { EventDataOf, EventType } from './registry.ts';

export const catalogExamples: { readonly [T in EventType]: EventDataOf<T> } = {
  NetworkRegistered: {
    networkId: 'afil',
    kind: 'technology_cluster',
    name: 'Associazione Fabbrica Intelligente Lombardia',
    acronym: 'AFIL',
    headquarters: [
      { street: 'Via Stezzano, 87', postalCode: '24126', city: 'Bergamo', province: 'BG' },
    ],
    website: 'https://www.afil.it',
    s3Ecosystems: ['manifattura_avanzata'],
    technologyAreas: ['Manifattura avanzata'],
  },
  NetworkProfileChanged: {
    networkId: 'afil',
    effectiveDate: '2023-05',
    changes: { website: 'https://www.afil.it/en' },
  },
  NetworkRecognised: {
    networkId: 'afil',
    authority: 'Regione Lombardia',
    phase: 'start_up',
    recognisedOn: '2014',
  },
  NetworkAffiliated: {
    networkId: 'afil',
    internationalNetwork: 'Vanguard Initiative',
    effectiveDate: '2022',
    dateQualifier: 'by',
  },
  MemberJoined: {
    networkId: 'world-manufacturing-foundation',
    organisationId: 'confindustria-lombardia',
    category: 'other_body',
    effectiveDate: '2018',
    dateQualifier: 'on',
  },
  MemberCategoryChanged: {
    networkId: 'afil',
    organisationId: 'example-spin-off',
    from: 'research_organisation',
    to: 'company',
    effectiveDate: '2021-03',
  },
  MemberLeft: {
    networkId: 'afil',
    organisationId: 'example-spin-off',
    effectiveDate: '2024-12-31',
    reason: 'did not renew its membership',
  },
  MembershipCensusReported: {
    networkId: 'afil',
    asOf: '2022',
    total: 144,
    companies: 116,
    researchOrganisations: 14,
    otherBodies: 14,
  },
  MembershipRecordCorrected: {
    networkId: 'afil',
    organisationId: 'example-spin-off',
    correctsEventId: '0195f3a2-6c1e-7a55-9d2b-3c4d5e6f7a8b',
    correction: { field: 'effectiveDate', value: '2016-04', dateQualifier: 'on' },
  },
  SuccessStoryRecorded: {
    networkId: 'afil',
    storyId: 'roadmap-economia-circolare',
    title: 'Roadmap Economia Circolare',
    summary:
      'AFIL coordinated the circular economy roadmap of Regione Lombardia, approved by the regional government in 2020.',
    reportedOn: '2020',
    dateQualifier: 'on',
  },
  OrganisationRegistered: {
    organisationId: 'regione-lombardia',
    kind: 'public_body',
    name: 'Regione Lombardia',
    city: 'Milano',
    province: 'MI',
    country: 'IT',
    website: 'https://www.regione.lombardia.it',
  },
  OrganisationRenamed: {
    organisationId: 'example-spin-off',
    name: 'Example Robotics S.r.l.',
    effectiveDate: '2020-07',
  },
  OrganisationProfileChanged: {
    organisationId: 'example-spin-off',
    effectiveDate: '2022-01',
    changes: { city: 'Brescia', province: 'BS' },
  },
  ProjectFunded: {
    projectId: 'ceup-2030',
    title: 'CEUP 2030',
    programme: 'Interreg',
    funder: 'Unione Europea',
    partners: [],
    networks: ['afil'],
    s3Ecosystems: [],
    pnrr: [],
    fundedOn: '2022',
    dateQualifier: 'by',
  },
  ProjectProposed: {
    projectId: 'agrifood-labour-conditions-farming',
    title: 'Horizon Europe – Cluster 6 – 2022 – Communities – 01 – 02',
    programme: 'Horizon Europe',
    funder: 'Unione Europea',
    partners: [
      { party: { kind: 'network', id: 'agrifood' }, role: 'Predisposizione della proposta' },
    ],
    networks: ['agrifood'],
    s3Ecosystems: ['nutrizione'],
    pnrr: [{ mission: 2, component: 1 }],
    proposedOn: '2022',
    dateQualifier: 'by',
  },
  ProjectPartnerAdded: {
    projectId: 'ceup-2030',
    partner: { kind: 'organisation', id: 'regione-lombardia' },
    role: 'observer',
    effectiveDate: '2023-02',
  },
  ProjectCompleted: {
    projectId: 'ceup-2030',
    completedOn: '2025-06',
  },
};
