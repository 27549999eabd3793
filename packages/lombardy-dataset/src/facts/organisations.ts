import type { OrganisationId, OrganisationKind, Source } from '@ledger/domain';
import {
  bergamoHubArticle,
  CLUSTER_HEADINGS,
  kilometroRossoArticle,
  partnershipArticle,
  REPORT_SECTIONS,
  report,
} from '../sources.ts';
import type { CuratedFact } from './fact.ts';

interface OrganisationEntry {
  readonly organisationId: OrganisationId;
  readonly kind: OrganisationKind;
  /** As the seed writes it. */
  readonly name: string;
  /** Only where the seed gives it: in an address, or as the city the name carries. */
  readonly city?: string;
  readonly province?: string;
  readonly website?: string;
  readonly source: Source;
  readonly reason?: string;
}

const registered = (entry: OrganisationEntry): CuratedFact => ({
  type: 'OrganisationRegistered',
  data: {
    organisationId: entry.organisationId,
    kind: entry.kind,
    name: entry.name,
    ...(entry.city === undefined ? {} : { city: entry.city }),
    ...(entry.province === undefined ? {} : { province: entry.province }),
    country: 'IT',
    ...(entry.website === undefined ? {} : { website: entry.website }),
  },
  source: entry.source,
  ...(entry.reason === undefined ? {} : { reason: entry.reason }),
});

const fanghiSource = report(`Lombardy Energy Cleantech Cluster > ${CLUSTER_HEADINGS.projects2022}`);
const contacts = report(REPORT_SECTIONS.contacts);
const confindustriaSection = report(REPORT_SECTIONS.confindustria);
const tavSuccessStories = report(
  `Fondazione Cluster Lombardo Tecnologie per gli Ambienti di Vita > ${CLUSTER_HEADINGS.successStories}`,
);

/** Organisations of the report that the ledger ties to a network or a project. */
const REPORT_ORGANISATIONS: readonly OrganisationEntry[] = [
  {
    organisationId: 'regione-lombardia',
    kind: 'public_body',
    name: 'Regione Lombardia',
    city: 'Milano',
    province: 'MI',
    website: 'https://www.regione.lombardia.it',
    source: contacts,
    reason:
      "Seat from the report's contacts (Piazza Città di Lombardia, 1 – 20124 Milano); the report prints the website without a scheme, held as https.",
  },
  {
    organisationId: 'confindustria-lombardia',
    kind: 'association',
    name: 'Confindustria Lombardia',
    city: 'Milano',
    province: 'MI',
    website: 'https://www.confindustria.lombardia.it',
    source: contacts,
    reason:
      "Seat from the report's contacts (Via Pantano, 9 - Palazzo Gio Ponti, 20122 Milano); the report prints the website without a scheme, held as https.",
  },
  {
    organisationId: 'ance-lombardia',
    kind: 'association',
    name: 'ANCE Lombardia',
    source: confindustriaSection,
  },
  {
    organisationId: 'world-manufacturing-foundation',
    kind: 'other_body',
    name: 'World Manufacturing Foundation',
    source: confindustriaSection,
  },
  {
    organisationId: 'ims-international',
    kind: 'other_body',
    name: 'IMS International',
    source: confindustriaSection,
    reason:
      'A founding member of the World Manufacturing Foundation; the report says no more of it.',
  },
  { organisationId: 'a2a-ambiente', kind: 'company', name: 'A2A Ambiente', source: fanghiSource },
  {
    organisationId: 'brianzacque',
    kind: 'company',
    name: 'Brianzacque S.r.l.',
    source: fanghiSource,
  },
  {
    organisationId: 'istituto-mario-negri',
    kind: 'research_organisation',
    name: 'Istituto di Ricerche Farmacologiche Mario Negri IRCCS',
    source: fanghiSource,
  },
  {
    organisationId: 'lariana-depur',
    kind: 'company',
    name: 'Lariana Depur S.p.A.',
    source: fanghiSource,
  },
  { organisationId: 'mm', kind: 'company', name: 'MM S.p.A', source: fanghiSource },
  {
    organisationId: 'tcr-tecora',
    kind: 'company',
    name: 'TCR Tecora S.r.l.',
    source: fanghiSource,
  },
  {
    organisationId: 'alchemia',
    kind: 'company',
    name: 'Alchemia',
    source: report(
      `Fondazione Cluster Tecnologie per le Smart Cities & Communities Lombardia > ${CLUSTER_HEADINGS.projects2022}`,
    ),
  },
  {
    organisationId: 'astir',
    kind: 'company',
    name: 'Astir Srl',
    source: tavSuccessStories,
  },
  {
    organisationId: 'irccs-don-carlo-gnocchi',
    kind: 'research_organisation',
    name: 'IRCCS Don Carlo Gnocchi',
    source: tavSuccessStories,
    reason: 'An IRCCS (a research hospital), counted among the research organisations.',
  },
];

const PARTNERSHIP_CONFEDERATION_READING =
  'The article lists "le confederazioni industriali di Brescia, Bergamo, Lecco, Verona, Vicenza e Trento"; each is held under the Confindustria name of its territory.';

const partner = (
  organisationId: OrganisationId,
  kind: OrganisationKind,
  name: string,
  city?: string,
): OrganisationEntry => ({
  organisationId,
  kind,
  name,
  ...(city === undefined ? {} : { city }),
  source: partnershipArticle(),
  ...(name.startsWith('Confindustria') ? { reason: PARTNERSHIP_CONFEDERATION_READING } : {}),
});

/** The partnership of seed 000, in the article's order. */
const PARTNERSHIP_ORGANISATIONS: readonly OrganisationEntry[] = [
  partner(
    'universita-degli-studi-di-brescia',
    'research_organisation',
    'Università degli Studi di Brescia',
    'Brescia',
  ),
  partner(
    'universita-degli-studi-di-bergamo',
    'research_organisation',
    'Università degli Studi di Bergamo',
    'Bergamo',
  ),
  partner('politecnico-di-milano', 'research_organisation', 'Politecnico di Milano', 'Milano'),
  partner('universita-di-verona', 'research_organisation', 'Università di Verona', 'Verona'),
  partner('universita-di-trento', 'research_organisation', 'Università di Trento', 'Trento'),
  partner('universita-di-bolzano', 'research_organisation', 'Università di Bolzano', 'Bolzano'),
  partner('cnr', 'research_organisation', 'CNR'),
  partner('enea', 'research_organisation', 'ENEA'),
  partner(
    'camera-di-commercio-di-brescia',
    'public_body',
    'Camera di Commercio di Brescia',
    'Brescia',
  ),
  partner(
    'camera-di-commercio-di-bergamo',
    'public_body',
    'Camera di Commercio di Bergamo',
    'Bergamo',
  ),
  partner(
    'camera-di-commercio-di-trento',
    'public_body',
    'Camera di Commercio di Trento',
    'Trento',
  ),
  partner(
    'camera-di-commercio-di-verona',
    'public_body',
    'Camera di Commercio di Verona',
    'Verona',
  ),
  partner(
    'camera-di-commercio-di-vicenza',
    'public_body',
    'Camera di Commercio di Vicenza',
    'Vicenza',
  ),
  partner('confindustria-brescia', 'association', 'Confindustria Brescia', 'Brescia'),
  partner('confindustria-bergamo', 'association', 'Confindustria Bergamo', 'Bergamo'),
  partner('confindustria-lecco', 'association', 'Confindustria Lecco', 'Lecco'),
  partner('confindustria-verona', 'association', 'Confindustria Verona', 'Verona'),
  partner('confindustria-vicenza', 'association', 'Confindustria Vicenza', 'Vicenza'),
  partner('confindustria-trento', 'association', 'Confindustria Trento', 'Trento'),
  partner('comune-di-bergamo', 'public_body', 'Comune di Bergamo', 'Bergamo'),
  partner('comune-di-cremona', 'public_body', 'Comune di Cremona', 'Cremona'),
  partner('comune-di-mantova', 'public_body', 'Comune di Mantova', 'Mantova'),
  partner('provincia-di-brescia', 'public_body', 'Provincia di Brescia'),
  partner('provincia-di-verona', 'public_body', 'Provincia di Verona'),
  partner('provincia-di-vicenza', 'public_body', 'Provincia di Vicenza'),
];

/** The seed 000 partnership's organisations, in the article's order. */
export const PARTNERSHIP_ORGANISATION_IDS: readonly OrganisationId[] =
  PARTNERSHIP_ORGANISATIONS.map((entry) => entry.organisationId);

const bergamoAssociation = (organisationId: OrganisationId, name: string): OrganisationEntry => ({
  organisationId,
  kind: 'association',
  name,
  province: 'BG',
  source: bergamoHubArticle(),
  reason:
    'One of "le dieci Associazioni d\'impresa delle PMI bergamasche" of the Comitato Unitario Imprese e Territorio; named as the article names it, in the province of Bergamo.',
});

/** The ten associations of Imprese e Territorio (seed 001), in the article's order. */
const IMPRESE_E_TERRITORIO: readonly OrganisationEntry[] = [
  bergamoAssociation('ascom-bergamo', 'Ascom'),
  bergamoAssociation('cia-bergamo', 'Cia'),
  bergamoAssociation('coldiretti-bergamo', 'Coldiretti'),
  bergamoAssociation('confartigianato-bergamo', 'Confartigianato Bergamo'),
  bergamoAssociation('confcooperative-bergamo', 'Confcooperative'),
  bergamoAssociation('confesercenti-bergamo', 'Confesercenti'),
  bergamoAssociation('confimi-apindustria-bergamo', 'Confimi Apindustria'),
  bergamoAssociation('cna-bergamo', 'Cna'),
  bergamoAssociation('fai-bergamo', 'Fai'),
  bergamoAssociation('lia-bergamo', 'Lia'),
];

/** Seed 002: the actors of the Joiint Lab experience at Kilometro Rosso. */
const KILOMETRO_ROSSO: readonly OrganisationEntry[] = [
  {
    organisationId: 'kilometro-rosso',
    kind: 'other_body',
    name: 'Kilometro Rosso',
    source: kilometroRossoArticle(),
  },
  {
    organisationId: 'istituto-italiano-di-tecnologia',
    kind: 'research_organisation',
    name: 'Istituto italiano di tecnologia',
    source: kilometroRossoArticle(),
  },
];

/** Every organisation the dataset registers, each once, in seed order within its group. */
export const organisationFacts = (): CuratedFact[] =>
  [
    ...REPORT_ORGANISATIONS,
    ...PARTNERSHIP_ORGANISATIONS,
    ...IMPRESE_E_TERRITORIO,
    ...KILOMETRO_ROSSO,
  ].map(registered);
