import {
  bergamoHubArticle,
  CLUSTER_HEADINGS,
  REPORT_SECTIONS,
  REPORT_YEAR,
  report,
} from '../sources.ts';
import type { CuratedFact } from './fact.ts';

/**
 * The regional programme itself, so that the report's programme-wide figures ("quasi 700 soggetti",
 * 755 associati) keep their own citations next to the nine per-cluster censuses that add up to them.
 */
export const PROGRAMME_NETWORK_ID = 'cluster-tecnologici-lombardi';

const programme: CuratedFact = {
  type: 'NetworkRegistered',
  data: {
    networkId: PROGRAMME_NETWORK_ID,
    kind: 'partnership',
    name: 'Cluster Tecnologici Lombardi',
    acronym: 'CTL',
    headquarters: [],
    s3Ecosystems: [],
    technologyAreas: [
      'Aerospazio',
      'Agrifood',
      'Chimica Verde',
      'Energia',
      'Mobilità',
      'Fabbrica Intelligente',
      'Scienze della Vita',
      'Tecnologie per le Smart Communities',
      'Tecnologie per gli Ambienti di Vita',
    ],
  },
  source: report(`${REPORT_SECTIONS.cover}; ${REPORT_SECTIONS.foreword}`),
  reason:
    'The programme of the 9 clusters recognised by Regione Lombardia ("I 9 Cluster Tecnologici Lombardi (CTL)"), held as a partnership so that its programme-wide figures can be cited. The report gives it no seat of its own, so none is held. Technology areas as the cover lists them. No founding date: the report dates the plan "fin dal 2013/2014".',
};

const programmeCensus: readonly CuratedFact[] = [
  {
    type: 'MembershipCensusReported',
    data: { networkId: PROGRAMME_NETWORK_ID, asOf: REPORT_YEAR, total: 700, approximate: true },
    source: report(REPORT_SECTIONS.foreword),
    reason:
      'The foreword: "I 9 Cluster Tecnologici Lombardi (CTL) riconosciuti da Regione Lombardia raggruppano quasi 700 soggetti". It counts subjects, while the figures page counts 755 associati; the rounded figure is kept as the foreword states it.',
  },
  {
    type: 'MembershipCensusReported',
    data: {
      networkId: PROGRAMME_NETWORK_ID,
      asOf: REPORT_YEAR,
      total: 755,
      companies: 555,
      researchOrganisations: 109,
      otherBodies: 91,
    },
    source: report(`${REPORT_SECTIONS.programme} > ${CLUSTER_HEADINGS.members}`),
    reason:
      'Equal, category by category, to the sum of the nine cluster censuses of the same report.',
  },
];

const confindustria: readonly CuratedFact[] = [
  {
    type: 'NetworkRegistered',
    data: {
      networkId: 'confindustria-lombardia',
      kind: 'partnership',
      name: 'Confindustria Lombardia',
      headquarters: [
        { street: 'Via Pantano, 9', postalCode: '20122', city: 'Milano', province: 'MI' },
      ],
      website: 'https://www.confindustria.lombardia.it',
      s3Ecosystems: [],
      technologyAreas: [],
    },
    source: report(`${REPORT_SECTIONS.confindustria}; ${REPORT_SECTIONS.contacts}`),
    reason:
      'The regional federation that "riunisce le 9 Associazioni territoriali lombarde e ANCE Lombardia", held as a network so that its members and its Enterprise Europe Network partnership can be recorded; it is also registered as an organisation (same id), as a founder of DIH Lombardia. The report prints the website without a scheme, held as https.',
  },
  {
    type: 'NetworkAffiliated',
    data: {
      networkId: 'confindustria-lombardia',
      internationalNetwork: 'Enterprise Europe Network (EEN) – consorzio SIMPLER',
      effectiveDate: REPORT_YEAR,
      dateQualifier: 'by',
    },
    source: report(REPORT_SECTIONS.confindustria),
  },
  {
    type: 'NetworkRegistered',
    data: {
      networkId: 'dih-lombardia',
      kind: 'digital_innovation_hub',
      name: 'Digital Innovation Hub Lombardia',
      acronym: 'DIH Lombardia',
      headquarters: [],
      s3Ecosystems: [],
      technologyAreas: ['Tecnologie 4.0'],
      establishedOn: '2017',
    },
    source: report(REPORT_SECTIONS.confindustria),
    reason:
      '"costituito nel 2017 da Confindustria Lombardia e dalle Associazioni Territoriali" as one of the shared projects Confindustria Lombardia runs; the report gives the hub no seat of its own, so none is held.',
  },
];

const bergamoHub: readonly CuratedFact[] = [
  {
    type: 'NetworkRegistered',
    data: {
      networkId: 'bergamo-pmi-innovation-hub',
      kind: 'innovation_hub',
      name: 'Bergamo PMI Innovation Hub',
      headquarters: [{ city: 'Dalmine', province: 'BG' }],
      s3Ecosystems: [],
      technologyAreas: [],
    },
    source: bergamoHubArticle(),
    reason:
      'Imprese e Territorio "individua nel Point di Dalmine la sede naturale del progetto"; the article gives no founding date.',
  },
];

const worldManufacturingFoundation: CuratedFact = {
  type: 'NetworkRegistered',
  data: {
    networkId: 'world-manufacturing-foundation',
    kind: 'partnership',
    name: 'World Manufacturing Foundation',
    acronym: 'WMF',
    headquarters: [],
    s3Ecosystems: [],
    technologyAreas: [],
    establishedOn: '2018',
  },
  source: report(REPORT_SECTIONS.confindustria),
  reason:
    '"istituita nel 2018, con il sostegno di Regione Lombardia" by its founding members Confindustria Lombardia, IMS International and Politecnico di Milano; held as a partnership so that its founders can be recorded as members (it is also registered as an organisation, same id). The report gives no seat.',
};

/** The founders of the World Manufacturing Foundation, members from its constitution in 2018. */
const worldManufacturingFounders = (): CuratedFact[] =>
  (
    [
      ['confindustria-lombardia', 'other_body'],
      ['ims-international', 'other_body'],
      ['politecnico-di-milano', 'research_organisation'],
    ] as const
  ).map(
    ([organisationId, category]): CuratedFact => ({
      type: 'MemberJoined',
      data: {
        networkId: 'world-manufacturing-foundation',
        organisationId,
        category,
        effectiveDate: '2018',
        dateQualifier: 'on',
      },
      source: report(REPORT_SECTIONS.confindustria),
      reason: 'Named among the "soci fondatori" of the foundation, constituted in 2018.',
    }),
  );

/** Networks other than the nine clusters: the programme, Confindustria Lombardia, the hubs, WMF. */
export const otherNetworkFacts = (): CuratedFact[] => [
  programme,
  ...confindustria,
  ...bergamoHub,
  worldManufacturingFoundation,
];

/** Memberships the seeds name, each no later than the date the seed puts it at. */
export const membershipFacts = (): CuratedFact[] => [
  ...programmeCensus,
  ...worldManufacturingFounders(),
  {
    type: 'MembershipCensusReported',
    data: { networkId: 'confindustria-lombardia', asOf: REPORT_YEAR, total: 10 },
    source: report(REPORT_SECTIONS.confindustria),
    reason: 'The 9 territorial associations of Lombardy and ANCE Lombardia.',
  },
  {
    type: 'MemberJoined',
    data: {
      networkId: 'confindustria-lombardia',
      organisationId: 'ance-lombardia',
      category: 'other_body',
      effectiveDate: REPORT_YEAR,
      dateQualifier: 'by',
    },
    source: report(REPORT_SECTIONS.confindustria),
    reason: 'An association, counted among the other bodies (altri enti).',
  },
  {
    type: 'MemberJoined',
    data: {
      networkId: 'dih-lombardia',
      organisationId: 'confindustria-lombardia',
      category: 'other_body',
      effectiveDate: '2017',
      dateQualifier: 'on',
    },
    source: report(REPORT_SECTIONS.confindustria),
    reason:
      'A founder of the hub, constituted in 2017; an association, counted among the other bodies.',
  },
  ...(
    [
      ['a2a-ambiente', 'company'],
      ['brianzacque', 'company'],
      ['istituto-mario-negri', 'research_organisation'],
      ['lariana-depur', 'company'],
      ['mm', 'company'],
      ['tcr-tecora', 'company'],
    ] as const
  ).map(
    ([organisationId, category]): CuratedFact => ({
      type: 'MemberJoined',
      data: {
        networkId: 'le2c',
        organisationId,
        category,
        effectiveDate: REPORT_YEAR,
        dateQualifier: 'by',
      },
      source: report(`Lombardy Energy Cleantech Cluster > ${CLUSTER_HEADINGS.projects2022}`),
      reason: 'A FANGHI partner: "tutti associati a Lombardy Energy Cleantech Cluster".',
    }),
  ),
];
