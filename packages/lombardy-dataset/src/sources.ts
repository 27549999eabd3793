import type { Source } from '@ledger/domain';

/** The seed documents, by the name of their file in the shared seed folder. */
export const SEEDS = {
  /** Partnership of universities, research bodies, chambers and local authorities led by UniBS. */
  partnership: '000_6326e1b7a617da13.txt',
  /** BergamoNews: "Bergamo PMI Innovation Hub, una rete per affrontare la sfida del digitale". */
  bergamoHub: '001_09cf26a48cbea7c9.txt',
  /** Il Sole 24 Ore: "Kilometro Rosso, per le Pmi ecco la via sostenibile per accedere a industria 4.0". */
  kilometroRosso: '002_76d240fb4899ba21.txt',
  /** The report "Cluster Tecnologici Lombardi" (Regione Lombardia, Confindustria Lombardia). */
  report: '003_b0113e97874011b2.txt',
} as const;

/**
 * The year the report describes: its projects are "in corso 2022", it plans the 2022 trade fairs and
 * cites acts up to January 2022, but never names the month its figures refer to.
 */
export const REPORT_YEAR = '2022';

const cite = (document: string, section: string): Source => ({ document, section });

/** A section of the report; cluster sections read `<cluster name> > <heading>`. */
export const report = (section: string): Source => cite(SEEDS.report, section);

export const REPORT_SECTIONS = {
  cover: 'Copertina',
  foreword: 'Presentazione (Fabrizio Sala, Francesco Buzzella)',
  programme: '9 Cluster Tecnologici Lombardi',
  coDesign: 'Il Co-design per lo sviluppo della Lombardia',
  confindustria:
    "Il ruolo di Confindustria Lombardia a supporto dell'innovazione del sistema produttivo regionale",
  contacts: 'Contatti (quarta di copertina)',
} as const;

/** The cluster-page headings the report repeats for every cluster. */
export const CLUSTER_HEADINGS = {
  general: 'INFORMAZIONI GENERALI',
  networks: 'PROGETTI EUROPEI E NETWORK INTERNAZIONALI',
  members: 'NUMERO ASSOCIATI',
  successStories: 'SUCCESS STORIES',
  projects2022: 'PROGETTI IN CORSO 2022',
  synergies: 'SINERGIE con altre strategie regionali o nazionali',
} as const;

export const partnershipArticle = (): Source =>
  cite(SEEDS.partnership, 'ENTI E COMUNI CHE PARTECIPANO AL PROGETTO');

export const bergamoHubArticle = (): Source =>
  cite(
    SEEDS.bergamoHub,
    'Bergamo PMI Innovation Hub, una rete per affrontare la sfida del digitale',
  );

export const kilometroRossoArticle = (): Source =>
  cite(
    SEEDS.kilometroRosso,
    'Kilometro Rosso, per le Pmi ecco la via sostenibile per accedere a industria 4.0',
  );
