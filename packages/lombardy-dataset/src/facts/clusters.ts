import type { Address, NetworkId, PnrrRef, S3Ecosystem } from '@ledger/domain';
import { CLUSTER_HEADINGS, REPORT_SECTIONS, REPORT_YEAR, report } from '../sources.ts';
import type { CuratedFact } from './fact.ts';

const M1C1: PnrrRef = { mission: 1, component: 1 };
const M1C2: PnrrRef = { mission: 1, component: 2 };
const M1C3: PnrrRef = { mission: 1, component: 3 };
const M2C1: PnrrRef = { mission: 2, component: 1 };
const M2C2: PnrrRef = { mission: 2, component: 2 };
const M2C3: PnrrRef = { mission: 2, component: 3 };
const M3C2: PnrrRef = { mission: 3, component: 2 };
const M4C2: PnrrRef = { mission: 4, component: 2 };
const M6C1: PnrrRef = { mission: 6, component: 1 };
const M6C2: PnrrRef = { mission: 6, component: 2 };

export const PNRR = { M1C1, M1C2, M1C3, M2C1, M2C2, M2C3, M3C2, M4C2, M6C1, M6C2 } as const;

/** One cluster page of the report, as it reads there. */
export interface ClusterPage {
  readonly networkId: NetworkId;
  /** The page's title, which the report's table of contents uses too. */
  readonly name: string;
  /** Only where the report itself uses a short name. */
  readonly acronym?: string;
  readonly headquarters: readonly Address[];
  /** The report prints the host only (`www.afil.it`). */
  readonly websiteHost: string;
  readonly s3Ecosystems: readonly S3Ecosystem[];
  readonly technologyAreas: readonly string[];
  /** Union of the S3 / PNRR blocks of the page's SINERGIE column, in page order. */
  readonly synergies: {
    readonly s3Ecosystems: readonly S3Ecosystem[];
    readonly pnrr: readonly PnrrRef[];
  };
  readonly members: {
    readonly total: number;
    readonly companies: number;
    readonly researchOrganisations: number;
    readonly otherBodies: number;
  };
  /** Networks and platforms of "PROGETTI EUROPEI E NETWORK INTERNAZIONALI", worded as the page words them. */
  readonly internationalNetworks: readonly string[];
  /** Why the registration reads as it does, where the page needed interpreting. */
  readonly reading?: string;
}

export const CLUSTERS: readonly ClusterPage[] = [
  {
    networkId: 'afil',
    name: 'Associazione Fabbrica Intelligente Lombardia',
    acronym: 'AFIL',
    headquarters: [
      { street: 'Via Stezzano, 87', postalCode: '24126', city: 'Bergamo', province: 'BG' },
      { street: 'Via G. Colombo, 83', postalCode: '20133', city: 'Milano', province: 'MI' },
    ],
    websiteHost: 'www.afil.it',
    s3Ecosystems: ['manifattura_avanzata'],
    technologyAreas: ['Advanced Manufacturing Technologies'],
    synergies: {
      s3Ecosystems: ['manifattura_avanzata', 'connettivita_informazione'],
      pnrr: [M1C2],
    },
    members: { total: 144, companies: 116, researchOrganisations: 14, otherBodies: 14 },
    internationalNetworks: [
      'Vanguard Initiative',
      '4 Motors EU',
      'World Economic Forum',
      'Cluster Fabbrica Intelligente',
      'European Cluster Cooperation Platform',
      'Expert Group on Clusters',
      'I3 Expert Group',
    ],
  },
  {
    networkId: 'agrifood',
    name: 'Cluster Alta Tecnologia Agrifood Lombardia',
    headquarters: [
      {
        street: 'Via Einstein – loc. Cascina Codazza',
        postalCode: '26900',
        city: 'Lodi',
        province: 'LO',
      },
    ],
    websiteHost: 'www.clusteragrofoodlombardia.eu',
    s3Ecosystems: ['nutrizione'],
    technologyAreas: [
      "Filiera agroalimentare lombarda che favorisce la collaborazione tra i diversi attori per promuovere e migliorare lo sviluppo tecnologico e l'innovazione e per sostenere la competitività e la crescita del settore",
    ],
    synergies: { s3Ecosystems: ['nutrizione'], pnrr: [M2C1] },
    members: { total: 14, companies: 4, researchOrganisations: 4, otherBodies: 6 },
    internationalNetworks: [
      'European Cluster Collaboration Platform',
      'EU4FOOD',
      'Space4Globe',
      'Neptune Blue Growth Accelerator',
    ],
  },
  {
    networkId: 'clm',
    name: 'Cluster Lombardo della Mobilità',
    acronym: 'CLM',
    headquarters: [
      { street: 'Via Cefalonia, 60', postalCode: '25124', city: 'Brescia', province: 'BS' },
    ],
    websiteHost: 'www.clusterlombardomobilita.it',
    s3Ecosystems: ['smart_mobility_architecture'],
    technologyAreas: ['Smart Mobility e Architecture'],
    synergies: {
      s3Ecosystems: ['smart_mobility_architecture', 'sostenibilita'],
      pnrr: [M2C2, M1C2, M4C2],
    },
    members: { total: 83, companies: 70, researchOrganisations: 4, otherBodies: 9 },
    internationalNetworks: [
      'EUSALP',
      'Four Motors of Europe',
      'European Clean Hydrogen Alliance (ECH2A)',
    ],
    reading:
      'The page names the reference ecosystem "Mobilità Sostenibile", which is not one of the S3 2021-27 ecosystems; it is held as Smart Mobility e Architecture, the ecosystem the page gives as technology area and first synergy.',
  },
  {
    networkId: 'scienze-della-vita',
    name: 'Cluster Lombardo Scienze della Vita',
    headquarters: [
      { street: 'Via Pantano, 9', postalCode: '20122', city: 'Milano', province: 'MI' },
    ],
    websiteHost: 'www.lombardialifesciences.it',
    s3Ecosystems: ['salute_life_science'],
    technologyAreas: [
      'Medical Device',
      'Digital Health',
      'Salute e Benessere',
      'Farmaceutica',
      'Biotecnologie',
    ],
    synergies: { s3Ecosystems: ['salute_life_science'], pnrr: [M6C1, M4C2] },
    members: { total: 110, companies: 61, researchOrganisations: 38, otherBodies: 11 },
    internationalNetworks: [
      'Digital Innovation Hub (EDIH)',
      'European Union of Private Hospitals (UEHP)',
      'Council for European BioRegions (CEBR)',
    ],
  },
  {
    networkId: 'tav',
    name: 'Fondazione Cluster Lombardo Tecnologie per gli Ambienti di Vita',
    acronym: 'TAV',
    headquarters: [
      { street: 'Viale Tonale, 28/30', postalCode: '23900', city: 'Lecco', province: 'LC' },
    ],
    websiteHost: 'www.cluster.techforlife.it',
    s3Ecosystems: ['salute_life_science'],
    technologyAreas: [
      'Salute e Benessere',
      'Digital Health',
      'Medicina Personalizzata',
      'Riabilitazione',
      'Nutrizione',
      'Invecchiamento Attivo',
      'Health Tourism & Sport',
      'Ambienti di Vita del Futuro',
    ],
    synergies: {
      s3Ecosystems: ['salute_life_science', 'sviluppo_sociale', 'connettivita_informazione'],
      pnrr: [M6C1, M6C2, M1C2, M1C3],
    },
    members: { total: 39, companies: 19, researchOrganisations: 12, otherBodies: 8 },
    internationalNetworks: [
      'Vanguard Initiative – Pilot "Smart Health" (ospiti)',
      'EUSALP (EU Strategy for the Alpine Region) – AG2 e Health Tourism',
      'EIP AHA',
    ],
  },
  {
    networkId: 'scc',
    name: 'Fondazione Cluster Tecnologie per le Smart Cities & Communities Lombardia',
    acronym: 'SCC',
    headquarters: [
      { street: 'Via Giovanni Durando, 38', postalCode: '20158', city: 'Milano', province: 'MI' },
    ],
    websiteHost: 'www.clusterscclombardia.it',
    s3Ecosystems: [
      'salute_life_science',
      'cultura_conoscenza',
      'connettivita_informazione',
      'smart_mobility_architecture',
      'sostenibilita',
      'sviluppo_sociale',
    ],
    technologyAreas: ['Sistemi Digitali'],
    synergies: {
      s3Ecosystems: ['salute_life_science', 'smart_mobility_architecture'],
      pnrr: [M1C2, M1C1],
    },
    members: { total: 72, companies: 52, researchOrganisations: 8, otherBodies: 12 },
    internationalNetworks: ['Smart Cities Tech', 'European Cluster Collaboration Platform'],
  },
  {
    networkId: 'lac',
    name: 'Lombardia Aerospace Cluster',
    acronym: 'LAC',
    headquarters: [
      { street: 'Piazza Monte Grappa, 5', postalCode: '21100', city: 'Varese', province: 'VA' },
    ],
    websiteHost: 'www.aerospacelombardia.it',
    s3Ecosystems: ['smart_mobility_architecture', 'connettivita_informazione'],
    technologyAreas: ['Aerospazio'],
    synergies: {
      s3Ecosystems: ['smart_mobility_architecture', 'connettivita_informazione'],
      pnrr: [M3C2, M4C2],
    },
    members: { total: 99, companies: 91, researchOrganisations: 6, otherBodies: 2 },
    internationalNetworks: [
      'European Aerospace Cluster Partnership (EACP)',
      'European Digital Innovation Hub (EDIH)',
      'Network of European Regions Using Space Technologies (NEREUS)',
    ],
  },
  {
    networkId: 'le2c',
    name: 'Lombardy Energy Cleantech Cluster',
    acronym: 'LE2C',
    headquarters: [
      { street: 'Via Pantano, 9', postalCode: '20122', city: 'Milano', province: 'MI' },
    ],
    websiteHost: 'www.energycluster.it',
    s3Ecosystems: ['sostenibilita'],
    technologyAreas: [
      'Water Energy Nexus – gestione e depurazione delle acque',
      'Smart Energy Systems – produzione e distribuzione di energia',
      'Green Building',
      'Sustainable Manufacturing',
      'Clean Air',
      'Circular Economy',
    ],
    synergies: { s3Ecosystems: ['sostenibilita'], pnrr: [M2C1, M2C2, M2C3, M4C2] },
    members: { total: 144, companies: 109, researchOrganisations: 12, otherBodies: 23 },
    internationalNetworks: [
      'Vanguard Initiative',
      'European Cluster Collaboration Platform (ECCP)',
      'S3 Partnerships of European Regions (ESPC)',
    ],
  },
  {
    networkId: 'lgca',
    name: 'Lombardy Green Chemistry Association',
    acronym: 'LGCA',
    headquarters: [
      {
        street: 'Piazza della Trivulziana, 4/A',
        postalCode: '20126',
        city: 'Milano',
        province: 'MI',
      },
    ],
    websiteHost: 'www.chimicaverdelombardia.it',
    s3Ecosystems: ['sostenibilita'],
    technologyAreas: ['Chimica Sostenibile', 'Bioraffinerie', 'Bioeconomia del futuro'],
    synergies: { s3Ecosystems: ['sostenibilita'], pnrr: [M2C1, M2C2] },
    members: { total: 50, companies: 33, researchOrganisations: 11, otherBodies: 6 },
    internationalNetworks: [
      'HempClub',
      'Vanguard Initiative',
      'EU Strategy for the Alpine region (EUSALP)',
      'European Cluster Collaboration Platform',
    ],
  },
];

/** `<cluster name> > <heading>`, the citation of a cluster page's section. */
export const clusterSection = (cluster: ClusterPage, heading: string) =>
  report(`${cluster.name} > ${heading}`);

const WEBSITE_READING =
  'The report prints the website without a scheme; it is held as an https URL.';

const registration = (cluster: ClusterPage): CuratedFact => ({
  type: 'NetworkRegistered',
  data: {
    networkId: cluster.networkId,
    kind: 'technology_cluster',
    name: cluster.name,
    ...(cluster.acronym === undefined ? {} : { acronym: cluster.acronym }),
    headquarters: [...cluster.headquarters],
    website: `https://${cluster.websiteHost}`,
    s3Ecosystems: [...cluster.s3Ecosystems],
    technologyAreas: [...cluster.technologyAreas],
    synergies: {
      s3Ecosystems: [...cluster.synergies.s3Ecosystems],
      pnrr: [...cluster.synergies.pnrr],
    },
  },
  source: clusterSection(cluster, `${CLUSTER_HEADINGS.general}; ${CLUSTER_HEADINGS.synergies}`),
  reason: [cluster.reading, WEBSITE_READING].filter((text) => text !== undefined).join(' '),
});

/**
 * The report gives no cluster its own recognition date: Regione Lombardia recognised and funded the 9
 * clusters "per la fase di start up e di consolidamento" under a plan running "fin dal 2013/2014", and
 * Confindustria Lombardia has supported them "dal 2014 ad oggi". The start-up recognition is held at
 * year precision, 2014.
 */
const startUpRecognition = (cluster: ClusterPage): CuratedFact => ({
  type: 'NetworkRecognised',
  data: {
    networkId: cluster.networkId,
    authority: 'Regione Lombardia',
    phase: 'start_up',
    recognisedOn: '2014',
  },
  source: report(REPORT_SECTIONS.foreword),
  reason:
    'The report dates the regional cluster plan "fin dal 2013/2014" and the clusters\' path "dal 2014 ad oggi" without a date per cluster; the start-up recognition is held at year precision, 2014.',
});

/**
 * The report says Regione Lombardia recognised and funded the clusters "per la fase di start up e di
 * consolidamento" but dates only the start: the consolidation is held as attested by the report's year.
 */
const consolidationRecognition = (cluster: ClusterPage): CuratedFact => ({
  type: 'NetworkRecognised',
  data: {
    networkId: cluster.networkId,
    authority: 'Regione Lombardia',
    phase: 'consolidation',
    recognisedOn: REPORT_YEAR,
    dateQualifier: 'by',
  },
  source: report(REPORT_SECTIONS.foreword),
  reason:
    'The foreword: Regione Lombardia "ha riconosciuto e sostenuto finanziariamente lo sviluppo di 9 cluster tecnologici di livello regionale, per la fase di start up e di consolidamento". It gives the consolidation no date; the report describes 2022, so the recognition is held as no later than 2022.',
});

/** The S3 approved with DGR XI/4155 names the clusters strategic actors ("attori strategici"). */
const s3Recognition = (cluster: ClusterPage): CuratedFact => ({
  type: 'NetworkRecognised',
  data: {
    networkId: cluster.networkId,
    authority: 'Regione Lombardia',
    actReference:
      'DGR n. XI/4155 del 30 dicembre 2020 e s.m.i. (Strategia regionale di Specializzazione Intelligente S3; aggiornamento S3 2021-2027 con Delibera n. XI/5688 del 15/12/2021)',
    recognisedOn: '2020-12-30',
  },
  source: report(`${REPORT_SECTIONS.foreword}; ${REPORT_SECTIONS.coDesign}`),
  reason:
    'The foreword says the S3 approved by Regione Lombardia recognises the clusters as strategic actors; the co-design section gives the act approving the S3 (DGR XI/4155 of 30 December 2020) and its 2021 update (Delibera XI/5688 of 15 December 2021).',
});

const affiliations = (cluster: ClusterPage): CuratedFact[] =>
  cluster.internationalNetworks.map((internationalNetwork) => ({
    type: 'NetworkAffiliated',
    data: {
      networkId: cluster.networkId,
      internationalNetwork,
      effectiveDate: REPORT_YEAR,
      dateQualifier: 'by',
    },
    source: clusterSection(cluster, CLUSTER_HEADINGS.networks),
  }));

const census = (cluster: ClusterPage): CuratedFact => ({
  type: 'MembershipCensusReported',
  data: { networkId: cluster.networkId, asOf: REPORT_YEAR, ...cluster.members },
  source: clusterSection(cluster, CLUSTER_HEADINGS.members),
});

/** Each cluster's profile, recognitions and international networks. */
export const clusterProfileFacts = (): CuratedFact[] =>
  CLUSTERS.flatMap((cluster) => [
    registration(cluster),
    startUpRecognition(cluster),
    s3Recognition(cluster),
    ...affiliations(cluster),
  ]);

/** Each cluster's member census as of the report. */
export const clusterCensusFacts = (): CuratedFact[] => CLUSTERS.map(census);

/**
 * Each cluster's consolidation recognition. Recorded after everything else in the cluster's stream:
 * event ids derive from stream positions, so appending keeps the ids of the events recorded before it.
 */
export const clusterConsolidationFacts = (): CuratedFact[] =>
  CLUSTERS.map(consolidationRecognition);
