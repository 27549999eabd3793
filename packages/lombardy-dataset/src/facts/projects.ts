import type { NetworkId, ProjectFundedData, ProjectProposedData } from '@ledger/domain';
import { CLUSTER_HEADINGS, partnershipArticle, REPORT_YEAR, report } from '../sources.ts';
import { CLUSTERS, PNRR } from './clusters.ts';
import type { CuratedFact } from './fact.ts';
import { PARTNERSHIP_ORGANISATION_IDS } from './organisations.ts';

const clusterName = (networkId: NetworkId): string => {
  const cluster = CLUSTERS.find((candidate) => candidate.networkId === networkId);
  if (cluster === undefined) throw new Error(`networkId: no cluster page "${networkId}"`);
  return cluster.name;
};

const EUROPEAN_PROGRAMMES = new Set([
  'Horizon 2020',
  'Horizon Europe',
  'COSME',
  'EASME',
  'Erasmus Plus',
  'Interreg',
  'Interreg Europe',
  'Interreg Alpine Space',
]);

const UNNAMED_FUNDING_READING =
  "The page names neither the programme nor the funder; the project is held as funded no later than the report's year, when the page lists it.";

/** Where the page gives a project its own S3 / PNRR synergy block. */
const SYNERGY_BLOCK_READING =
  'S3 ecosystems and PNRR components are those of the synergy block the page prints beside the project (one block per project).';

type Defaults = 'partners' | 's3Ecosystems' | 'pnrr' | 'dateQualifier';

type FundedEntry = Omit<ProjectFundedData, Defaults | 'fundedOn' | 'funder'> &
  Partial<Pick<ProjectFundedData, Defaults | 'fundedOn' | 'funder'>>;

type ProposedEntry = Omit<ProjectProposedData, Defaults | 'proposedOn' | 'funder'> &
  Partial<Pick<ProjectProposedData, Defaults | 'proposedOn' | 'funder'>>;

interface Citation {
  readonly networkId: NetworkId;
  readonly headings: readonly string[];
  /** How the seed was read, beyond the funder of a European programme. */
  readonly reading?: string;
}

/**
 * Funder as stated, or the European Union for a European programme whose funder the page omits;
 * otherwise none, as the page gives none.
 */
const funderOf = (
  programme: string | undefined,
  funder: string | undefined,
): { funder?: string; note?: string } => {
  if (funder !== undefined) return { funder };
  if (programme === undefined) return { note: UNNAMED_FUNDING_READING };
  if (!EUROPEAN_PROGRAMMES.has(programme)) {
    return { note: `The page names the programme (${programme}), not the funder.` };
  }
  return {
    funder: 'Unione Europea',
    note: `The page names the programme (${programme}), not the funder: held as the European Union, whose programme it is.`,
  };
};

const reasonOf = (...parts: readonly (string | undefined)[]): { reason?: string } => {
  const text = parts.filter((part) => part !== undefined).join(' ');
  return text === '' ? {} : { reason: text };
};

const sourceOf = (citation: Citation) =>
  report(`${clusterName(citation.networkId)} > ${citation.headings.join('; ')}`);

/** A project the report lists as funded: no later than the report's year unless the page dates it. */
const funded = (entry: FundedEntry, citation: Citation): CuratedFact => {
  const { funder, note } = funderOf(entry.programme, entry.funder);
  return {
    type: 'ProjectFunded',
    data: {
      partners: [],
      s3Ecosystems: [],
      pnrr: [],
      fundedOn: REPORT_YEAR,
      dateQualifier: 'by',
      ...entry,
      ...(funder === undefined ? {} : { funder }),
    },
    source: sourceOf(citation),
    ...reasonOf(note, citation.reading),
  };
};

/** A proposal the report says is being prepared in its year. */
const proposed = (entry: ProposedEntry, citation: Citation): CuratedFact => {
  const { funder, note } = funderOf(entry.programme, entry.funder);
  return {
    type: 'ProjectProposed',
    data: {
      partners: [],
      s3Ecosystems: [],
      pnrr: [],
      proposedOn: REPORT_YEAR,
      dateQualifier: 'by',
      ...entry,
      ...(funder === undefined ? {} : { funder }),
    },
    source: sourceOf(citation),
    ...reasonOf(note, citation.reading),
  };
};

const { networks, projects2022, successStories, synergies } = CLUSTER_HEADINGS;

const afilListed = (projectId: string, title: string, programme: string): CuratedFact =>
  funded(
    { projectId, title, programme, networks: ['afil'] },
    { networkId: 'afil', headings: [networks] },
  );

const afil: readonly CuratedFact[] = [
  afilListed('ceup-2030', 'CEUP 2030', 'Interreg'),
  funded(
    {
      projectId: 'ai-regio',
      title: 'AI REGIO',
      summary:
        'Nato dal Network Vanguard Efficient and Sustainable Manufacturing (ESM) - Digital Transformation, promuove la trasformazione digitale delle PMI attraverso una rete di Digital Innovation Hub (DIH) EU, tramite il coinvolgimento delle regioni Vanguard, e la collaborazione sul tema Artificial Intelligence. Nel consorzio 8 PMI, 9 fornitori di tecnologie, 16 DIHs e 4 competence centres; 7 attori lombardi coinvolti direttamente. Open call aperte anche a stakeholder esterni al consorzio.',
      programme: 'Horizon 2020',
      partners: [
        {
          party: { kind: 'network', id: 'afil' },
          role: 'Leader del Work Package 2 (supervisione degli use-case); partecipa al Work Package 3 (servizi del Cluster)',
        },
      ],
      networks: ['afil'],
      s3Ecosystems: ['manifattura_avanzata', 'connettivita_informazione'],
      pnrr: [PNRR.M1C2],
    },
    { networkId: 'afil', headings: [projects2022, synergies], reading: SYNERGY_BLOCK_READING },
  ),
  funded(
    {
      projectId: 'admatrans4mers',
      title: 'ADMATrans4MErs',
      summary:
        'Nato dal precedente progetto ADMA: scan di valutazione della digitalizzazione e piani di implementazione per la transizione delle PMI. Coinvolte complessivamente 1000 PMI a livello EU e di consorzio; le Open Call prevedono di coinvolgerne 500. Voucher per le PMI e per i "Transf4mers" che le supportano.',
      programme: 'Horizon 2020',
      partners: [
        {
          party: { kind: 'network', id: 'afil' },
          role: 'Disseminazione nel proprio network; definizione di tools e servizi per le PMI',
        },
      ],
      networks: ['afil'],
      s3Ecosystems: ['manifattura_avanzata', 'connettivita_informazione'],
      pnrr: [PNRR.M1C2],
    },
    {
      networkId: 'afil',
      headings: [projects2022, synergies],
      reading: `${SYNERGY_BLOCK_READING} The page also spells it "AdmaTranS4MERS".`,
    },
  ),
  afilListed('pimap-plus', 'Pimap Plus', 'EASME'),
  afilListed('admantex2i', 'ADMANTEX2i', 'EASME'),
  afilListed('eur3ka', 'Eur3Ka', 'Horizon 2020'),
  afilListed('s34growth2', 'S34Growth2', 'Interreg'),
  afilListed('digifof', 'DigiFoF', 'Erasmus Plus'),
  ...(
    [
      ['fibereuuse', 'FiberEUUse'],
      ['screen', 'SCREEN'],
      ['digiprime', 'DIGIPRIME'],
      ['care-service', 'CarE-Service'],
      ['beincpps', 'BeinCPPS'],
      ['made4lo', 'Made4Lo'],
      ['watchman', 'Watchman'],
      ['smart4cpps', 'Smart4CPPs'],
    ] as const
  ).map(([projectId, title]) =>
    funded(
      { projectId, title, networks: ['afil'] },
      {
        networkId: 'afil',
        headings: [successStories],
        reading:
          'One of the "casi di successo nati all\'interno delle Strategic Communities" of AFIL, named without a description.',
      },
    ),
  ),
];

const agrifood: readonly CuratedFact[] = [
  proposed(
    {
      projectId: 'agrifood-labour-conditions-farming',
      title: 'Assessing and improving labour conditions and health and safety at work in farming',
      summary:
        'Proposta progettuale in predisposizione per sviluppare strumenti per valutare e migliorare le condizioni di lavoro nel settore agricolo.',
      programme: 'Horizon Europe',
      call: 'Horizon Europe Framework Programme – Cluster 6 – 2022 – Communities – 01 – 02',
      partners: [
        { party: { kind: 'network', id: 'agrifood' }, role: 'Predisposizione della proposta' },
      ],
      networks: ['agrifood'],
      s3Ecosystems: ['nutrizione'],
      pnrr: [PNRR.M2C1],
    },
    {
      networkId: 'agrifood',
      headings: [projects2022, synergies],
      reading: `The title is the call topic's: the page names no project title. ${SYNERGY_BLOCK_READING}`,
    },
  ),
  proposed(
    {
      projectId: 'agrifood-biosecurity-livestock',
      title: 'Enhancing biosecurity in terrestrial livestock production',
      summary:
        'Progetto in presentazione per sviluppare e validare metodi e strumenti per la prevenzione e mitigazione delle infezioni negli allevamenti, in linea con la strategia "Farm to Fork".',
      programme: 'Horizon Europe',
      call: 'Horizon Europe Framework Programme – Cluster 6 – 2022 – Farm2fork – 01 – 03',
      partners: [
        { party: { kind: 'network', id: 'agrifood' }, role: 'Presentazione del progetto' },
      ],
      networks: ['agrifood'],
      s3Ecosystems: ['nutrizione'],
      pnrr: [PNRR.M2C1],
    },
    {
      networkId: 'agrifood',
      headings: [projects2022, synergies],
      reading: `The title is the call topic's: the page names no project title. ${SYNERGY_BLOCK_READING}`,
    },
  ),
];

const CLM_SYNERGIES_READING =
  'The page prints two synergy blocks beside three projects (SHINE, 1AI@EDGE, Road Safety), so no block is attributed to this project.';

const CLM_RECENT_PROJECTS_READING =
  'One of "i recenti progetti" the success stories name, with its field of traction only.';

const clm: readonly CuratedFact[] = [
  funded(
    {
      projectId: 'c2future',
      title: 'Clusters for the City of the Future',
      acronym: 'C2Future',
      summary:
        "Co-finanziato dal programma COSME: partenariato strategico fra 6 Cluster europei, a supporto dell'internazionalizzazione delle PMI verso mercati di Paesi terzi come USA, Canada, Messico, Colombia e Algeria.",
      programme: 'COSME',
      networks: ['clm'],
    },
    { networkId: 'clm', headings: [networks, successStories] },
  ),
  funded(
    {
      projectId: 'mosore-unibs',
      title: 'Mobilità Sostenibile e Resiliente',
      acronym: 'MoSoRe@Unibs',
      summary: 'Progetto nel cui ambito è finanziato il progetto Road Safety.',
      programme: 'Call Hub Ricerca e Innovazione',
      funder: 'Regione Lombardia',
      networks: ['clm'],
    },
    { networkId: 'clm', headings: [projects2022] },
  ),
  funded(
    {
      projectId: 'road-safety',
      title: 'Road Safety',
      summary:
        "In fase di completamento: sistema sensoristico e di raccolta immagini, con algoritmi di Artificial Intelligence, per il monitoraggio delle infrastrutture stradali e del territorio circostante. Finanziato nell'ambito del progetto MoSoRe@Unibs (Mobilità Sostenibile e Resiliente).",
      programme: 'Call Hub Ricerca e Innovazione',
      funder: 'Regione Lombardia',
      networks: ['clm'],
    },
    { networkId: 'clm', headings: [projects2022], reading: CLM_SYNERGIES_READING },
  ),
  funded(
    {
      projectId: 'shine',
      title: 'Sustainable Hydrogen In New mobility and Energy management',
      acronym: 'SHINE',
      summary:
        "Dimostratore che, con l'elettricità prodotta da una centrale idroelettrica, produce \"idrogeno verde\" presso un distributore carburanti multifunzione, nel quale verranno alimentati due bus urbani in servizio a Brescia: sperimentazione della filiera dell'idrogeno in un contesto di medie dimensioni, replicabile. Ammesso nell'elenco dei progetti europei meritevoli di supporto (European Clean Hydrogen Alliance Projects).",
      networks: ['clm'],
    },
    {
      networkId: 'clm',
      headings: [projects2022, successStories],
      reading: `The success stories name it "Shine", among the recent hydrogen projects. ${CLM_SYNERGIES_READING}`,
    },
  ),
  funded(
    {
      projectId: '1ai-edge',
      title: '1AI@EDGE',
      summary:
        "Sviluppo di reti 5G del futuro potenziate dall'Intelligenza Artificiale: presso il simulatore di guida del Politecnico di Milano è allo studio la gestione del traffico alle rotonde in presenza di vetture automatizzate e connesse.",
      networks: ['clm'],
    },
    {
      networkId: 'clm',
      headings: [projects2022],
      reading: `Title as printed; its leading "1" is likely stray (AI@EDGE). The page names the Politecnico di Milano's driving simulator, not its role in the project, so no partner is held. ${CLM_SYNERGIES_READING}`,
    },
  ),
  ...(
    [
      ['hyper', 'Hyper', 'trazione elettrica'],
      ['inproves', 'Inproves', 'trazione elettrica'],
      ['dualng', 'DualNG', 'trazione a metano'],
    ] as const
  ).map(([projectId, title, traction]) =>
    funded(
      { projectId, title, summary: `Progetto recente per la ${traction}.`, networks: ['clm'] },
      { networkId: 'clm', headings: [successStories], reading: CLM_RECENT_PROJECTS_READING },
    ),
  ),
];

const LIFE_SCIENCES_SYNERGIES_READING =
  'The page prints two synergy blocks beside three items, so no block is attributed to this project.';

const lifeSciences: readonly CuratedFact[] = [
  funded(
    {
      projectId: 'smart-touch-id',
      title: 'Smart&Touch-ID',
      summary:
        'Finanziato da Regione Lombardia (POR-FESR 2014-2020): hub per la creazione di sistemi riabilitativi innovativi, attraverso sfide (challenge) tra il mondo della riabilitazione e quello dello sviluppo tecnologico, per persone con malattie croniche non trasmissibili.',
      programme: 'Call Hub Ricerca e Innovazione',
      funder: 'Regione Lombardia',
      networks: ['scienze-della-vita', 'tav'],
      fundedOn: '2020',
    },
    {
      networkId: 'scienze-della-vita',
      headings: [projects2022],
      reading:
        'The TAV page lists it as "Call Hub - SMART&Touch-ID del 2020", hence the Call Hub programme and funding by 2020. The life-sciences page prints two synergy blocks beside three items, so no block is attributed to it.',
    },
  ),
  funded(
    {
      projectId: 'digital-smart-fluidics',
      title: 'Digital Smart Fluidics - Fluidica Digitale per le Scienze della Vita',
      summary:
        'Piattaforma fluidica standardizzata e abilitante per dispositivi e apparecchiature biomedicali per infusione ospedaliera e domiciliare: componenti miniaturizzati, precisi, affidabili, controllabili da remoto, silenziosi e predisposti per il monouso, a supporto del monitoraggio e della somministrazione di terapie parenterali ed enterali e di farmaci.',
      networks: ['scienze-della-vita'],
    },
    {
      networkId: 'scienze-della-vita',
      headings: [projects2022],
      reading: LIFE_SCIENCES_SYNERGIES_READING,
    },
  ),
  funded(
    {
      projectId: 'nemo-lab',
      title: 'NEMO Lab',
      summary:
        'Il primo Hub tecnologico per lo sviluppo di soluzioni innovative per pazienti con disabilità motoria e/o alta complessità assistenziale; esempio di trasferimento tecnologico nato da progettualità comuni dei Soci del Cluster.',
      networks: ['scienze-della-vita'],
    },
    {
      networkId: 'scienze-della-vita',
      headings: [projects2022],
      reading: `Named under the page's networking activities, as an example of technology transfer the Cluster facilitated ("come fatto, ad esempio, con il progetto NEMO Lab"). ${LIFE_SCIENCES_SYNERGIES_READING}`,
    },
  ),
];

const tav: readonly CuratedFact[] = [
  funded(
    {
      projectId: 'spatials3',
      title: 'sPATIALS3',
      summary:
        "Progetto Call Hub di Regione Lombardia, considerato best practice: il Cluster TAV ha agevolato l'inserimento di 4 enti clinici (di cui 2 IRCCS) nell'Hub.",
      programme: 'Call Hub Ricerca e Innovazione',
      funder: 'Regione Lombardia',
      partners: [
        {
          party: { kind: 'network', id: 'tav' },
          role: 'Supporto alla creazione del consorzio, alla presentazione e alla dissemination del progetto',
        },
      ],
      networks: ['tav'],
    },
    { networkId: 'tav', headings: [successStories] },
  ),
  funded(
    {
      projectId: 'medtech4europe',
      title:
        'Optimizing the impact of public policies in favour of research and innovation facilities in the field of medical technologies',
      acronym: 'Medtech4Europe',
      summary:
        '9 partner internazionali per ottimizzare e aggiornare le politiche regionali a favore delle infrastrutture di RDI nel settore MedTech. In corso la cooperazione con la Provincia di Limburgo (Paesi Bassi); evento finale previsto a giugno 2022 a Milano, ospitato dal Cluster TAV, per circa 150 persone.',
      programme: 'Interreg Europe',
      partners: [
        {
          party: { kind: 'network', id: 'tav' },
          role: "Ospita l'evento finale del progetto (giugno 2022, Milano)",
        },
      ],
      networks: ['tav'],
      s3Ecosystems: ['salute_life_science', 'sviluppo_sociale', 'connettivita_informazione'],
      pnrr: [PNRR.M6C1, PNRR.M6C2],
    },
    { networkId: 'tav', headings: [projects2022, synergies], reading: SYNERGY_BLOCK_READING },
  ),
  funded(
    {
      projectId: 'healps2',
      title:
        'Healing Alps: Tourism based on natural health resources for the development of Alpine regions',
      acronym: 'HEALPS2',
      summary:
        "Soluzioni tecnologiche e di policy per lo sviluppo del turismo della salute, con una partnership di 11 policy makers internazionali. Il partenariato lombardo, con il supporto del Cluster e di Univerlecco, ospita l'evento finale (maggio 2022, territorio lecchese).",
      programme: 'Interreg Alpine Space',
      networks: ['tav'],
      s3Ecosystems: ['salute_life_science', 'sviluppo_sociale', 'connettivita_informazione'],
      pnrr: [PNRR.M1C2, PNRR.M1C3],
    },
    { networkId: 'tav', headings: [projects2022, synergies], reading: SYNERGY_BLOCK_READING },
  ),
];

const ricordo: CuratedFact = funded(
  {
    projectId: 'ricordo',
    title: 'RICORDO',
    summary:
      "Soluzione tecnologica per la riabilitazione cognitiva domiciliare, che si intende presto lanciare sul mercato; progetto ancora in corso, frutto della collaborazione stabile fra PMI ed enti di Ricerca/IRCCS nata all'interno del Cluster TAV.",
    programme: 'Tech Fast 2021',
    partners: [
      { party: { kind: 'organisation', id: 'astir' }, role: 'Technical innovator' },
      {
        party: { kind: 'organisation', id: 'irccs-don-carlo-gnocchi' },
        role: 'Aspetti clinici e scientifici',
      },
      { party: { kind: 'network', id: 'tav' }, role: 'Supporto a comunicazione e disseminazione' },
    ],
    networks: ['tav'],
  },
  {
    networkId: 'tav',
    headings: [successStories],
    reading:
      'The page writes "RICORDO - Tech Fast 2021" as it writes "Call Hub - SMART&Touch-ID del 2020": Tech Fast 2021 is held as the programme. The partners are those of the partnership the page says is developing it.',
  },
);

const scc: readonly CuratedFact[] = [
  funded(
    {
      projectId: 'samba',
      title: 'Smart and Advanced Multitenants Buildings Automation',
      acronym: 'SAMBA',
      summary:
        "Progetto di Ricerca & Sviluppo per la trasformazione digitale del patrimonio edilizio: rete di sensori IoT negli edifici, dati in cloud e algoritmi di Artificial Intelligence (Building Behaviour Learning), gemello digitale dell'edificio.",
      programme: 'Call Hub Ricerca e Innovazione',
      funder: 'Regione Lombardia',
      partners: [
        { party: { kind: 'organisation', id: 'alchemia' }, role: "Ideatrice dell'iniziativa" },
      ],
      networks: ['scc'],
      s3Ecosystems: ['salute_life_science'],
      pnrr: [PNRR.M1C2],
    },
    { networkId: 'scc', headings: [projects2022, synergies], reading: SYNERGY_BLOCK_READING },
  ),
  funded(
    {
      projectId: 'innovation-hub-living-lab-network',
      title: 'Innovation Hub & Living Lab Network',
      summary:
        "Nell'ultimo anno di attività: un Innovation Hub e una rete di Living Lab in Lombardia, con una piattaforma tecnologica per sperimentare nuove tecnologie e servizi per le pubbliche amministrazioni (monitoraggio di anziani, attività fisica, welfare, aderenza farmacologica, sicurezza negli ambienti di vita, comfort degli edifici).",
      programme: 'Call Hub Ricerca e Innovazione',
      funder: 'Regione Lombardia',
      partners: [
        {
          party: { kind: 'network', id: 'scc' },
          role: "Fornitore di tutti i partner, gestore dell'Innovation Hub, attivatore dell'ecosistema, progettista del modello di business, comunicazione e diffusione dei risultati",
        },
      ],
      networks: ['scc'],
      s3Ecosystems: ['smart_mobility_architecture'],
      pnrr: [PNRR.M1C1],
    },
    { networkId: 'scc', headings: [projects2022, synergies], reading: SYNERGY_BLOCK_READING },
  ),
];

const lac: readonly CuratedFact[] = [
  funded(
    {
      projectId: 'progetto-olimpiadi-2026',
      title: 'Progetto Olimpiadi 2026',
      summary:
        "Iniziative di mobilità e sicurezza per le Olimpiadi 2026: Advanced Air Mobility (AAM), compresa la Mobilità Aerea Urbana (UAM) con velivoli innovativi, ibridi, green fuel e full electric; un sistema di controllo dei dati satellitari per il monitoraggio dei siti dell'evento. Circa 20 imprese socie coinvolte, più enti di riferimento per il settore (es. ENAC, ENAV); il progetto si coordina con il piano di sviluppo dell'Advanced Mobility di ENAC.",
      partners: [
        {
          party: { kind: 'network', id: 'lac' },
          role: 'Coordinamento, con il proprio personale; raccordo fra Comparto Aerospaziale lombardo, Regione Lombardia, Città metropolitana, Comune di Milano e Fondazione Milano-Cortina',
        },
      ],
      networks: ['lac'],
      s3Ecosystems: ['smart_mobility_architecture', 'connettivita_informazione'],
      pnrr: [PNRR.M3C2, PNRR.M4C2],
    },
    {
      networkId: 'lac',
      headings: [projects2022, synergies],
      reading: `${SYNERGY_BLOCK_READING} (The second block is beside the internationalisation and business-networking activities, which are not a project.) The companies, ENAC and ENAV are not named as partners.`,
    },
  ),
];

const FANGHI_PARTNERS = [
  'brianzacque',
  'istituto-mario-negri',
  'lariana-depur',
  'mm',
  'tcr-tecora',
];

const le2c: readonly CuratedFact[] = [
  funded(
    {
      projectId: 'fanghi',
      title: 'Forme avanzate di gestione dei fanghi di depurazione in un hub innovativo lombardo',
      acronym: 'FANGHI',
      summary:
        'Progetto di economia circolare nato nei tavoli di lavoro del Cluster, tra i vincitori della Call Hub Ricerca e Innovazione (4° classificato su 78 progetti presentati): nuove tecnologie di trattamento dei fanghi di depurazione per ottimizzare il recupero energetico e di materie prime.',
      programme: 'Call Hub Ricerca e Innovazione',
      funder: 'Regione Lombardia',
      startDate: '2020',
      endDate: '2022',
      lead: { kind: 'organisation', id: 'a2a-ambiente' },
      partners: [
        { party: { kind: 'organisation', id: 'a2a-ambiente' }, role: 'Capofila' },
        ...FANGHI_PARTNERS.map((id) => ({ party: { kind: 'organisation' as const, id } })),
      ],
      networks: ['le2c'],
      s3Ecosystems: ['sostenibilita'],
      pnrr: [PNRR.M2C1],
      fundedOn: '2020',
    },
    {
      networkId: 'le2c',
      headings: [projects2022, synergies],
      reading: `Funded no later than its start (2020). ${SYNERGY_BLOCK_READING}`,
    },
  ),
  funded(
    {
      projectId: 'r-aces',
      title: 'fRamework for Actual Cooperation on Energy on Sites and Parks',
      acronym: 'R-ACES',
      summary:
        "Cooperazione energetica, recupero e scambio di calore in parchi industriali europei ad alto potenziale energetico, per farne Eco-Regioni capaci di ridurre di almeno il 10% il consumo energetico; tre tools: self-assessment, tool legale per i contratti di cooperazione energetica, piattaforma di gestione intelligente dell'energia.",
      programme: 'Horizon 2020',
      startDate: '2020',
      endDate: '2022',
      partners: [
        {
          party: { kind: 'network', id: 'le2c' },
          role: "Creazione dell'Eco-Regione in Lombardia",
        },
      ],
      networks: ['le2c'],
      s3Ecosystems: ['sostenibilita'],
      pnrr: [PNRR.M2C2, PNRR.M2C3, PNRR.M4C2],
      fundedOn: '2020',
    },
    {
      networkId: 'le2c',
      headings: [projects2022, synergies],
      reading: `Funded no later than its start (2020). ${SYNERGY_BLOCK_READING} The page also writes it "RACEs".`,
    },
  ),
  funded(
    { projectId: 'eu-techbridge', title: 'EU Techbridge', programme: 'COSME', networks: ['le2c'] },
    { networkId: 'le2c', headings: [networks] },
  ),
  funded(
    { projectId: 'eseca', title: 'ESECA', programme: 'COSME', networks: ['le2c'] },
    { networkId: 'le2c', headings: [networks] },
  ),
];

const lgca: readonly CuratedFact[] = [
  funded(
    {
      projectId: 'ardia-net',
      title:
        'Developing an Alpine Space Research, Development and Innovation Area by lowering barriers for cross-regional cooperation',
      acronym: 'ARDIA-Net',
      summary:
        "Coinvolge 7 Stati dell'area alpina per un ecosistema interregionale di cooperazione fondato sulle priorità S3 nel settore della bioeconomia: sincronizzazione dei quadri di finanziamento, cooperazione macroregionale su bioeconomia circolare e health economy.",
      programme: 'Interreg Alpine Space',
      networks: ['lgca'],
      s3Ecosystems: ['sostenibilita'],
      pnrr: [PNRR.M2C1],
    },
    { networkId: 'lgca', headings: [projects2022, synergies], reading: SYNERGY_BLOCK_READING },
  ),
  funded(
    {
      projectId: 'biomass-hub',
      title:
        'BIOMetano per una Società Sostenibile: sviluppo di un laboratorio italiano di Circular Economy dal biometano',
      acronym: 'BIOMASS HUB',
      summary:
        'Coinvolge il Cluster LGCA, LE2C e 8 enti pubblici e privati lombardi: processi circolari e impianti pilota per un HUB integrato nel settore Waste-Treatment e Green Energy, con una bioraffineria per biocombustibili, biometano, energia, fertilizzanti e biomateriali.',
      programme: 'Call Hub Ricerca e Innovazione',
      funder: 'Regione Lombardia',
      partners: [
        { party: { kind: 'network', id: 'lgca' } },
        { party: { kind: 'network', id: 'le2c' } },
      ],
      networks: ['lgca', 'le2c'],
      s3Ecosystems: ['sostenibilita'],
      pnrr: [PNRR.M2C1, PNRR.M2C2],
    },
    { networkId: 'lgca', headings: [projects2022, synergies], reading: SYNERGY_BLOCK_READING },
  ),
];

const PARTNERSHIP_ROLES: Readonly<Record<string, string>> = {
  'universita-degli-studi-di-brescia': 'Proponente; nucleo iniziale e promotore del progetto',
  'universita-degli-studi-di-bergamo': 'Nucleo iniziale e promotore del progetto',
};

const LOCAL_AUTHORITY_ROLE =
  "Partecipa all'hub che gestirà e coordinerà il progetto, per un indirizzo che tenga conto delle specificità del territorio";

/** Seed 000: the partnership's project, proposed by the Università degli Studi di Brescia. */
const partnershipProposal: CuratedFact = {
  type: 'ProjectProposed',
  data: {
    projectId: 'progetto-universita-degli-studi-di-brescia',
    title: "Progetto del raggruppamento proposto dall'Università degli Studi di Brescia",
    summary:
      "Vasto raggruppamento di Università, centri di ricerca, Camere di commercio e Confederazioni industriali lungo un asse che va dalla provincia di Lecco a Vicenza e Bolzano; un hub gestirà e coordinerà il progetto. Sfide degli ecosistemi industriali del Nord Italia: la Twin Transition (Digital e Green), la riorganizzazione post-pandemica, l'inclusione nelle catene del valore internazionali, un nuovo equilibrio tra industria, società e territorio.",
    lead: { kind: 'organisation', id: 'universita-degli-studi-di-brescia' },
    partners: PARTNERSHIP_ORGANISATION_IDS.map((id) => {
      const role =
        PARTNERSHIP_ROLES[id] ??
        (id.startsWith('comune-') || id.startsWith('provincia-')
          ? LOCAL_AUTHORITY_ROLE
          : undefined);
      return { party: { kind: 'organisation', id }, ...(role === undefined ? {} : { role }) };
    }),
    networks: [],
    s3Ecosystems: [],
    pnrr: [],
  },
  source: partnershipArticle(),
  reason:
    'The article gives the project no title, programme, funder or date: the title describes it by its proponent, and no date is held. Partners in the article\'s order; the municipalities and provinces are those it says "parteciperanno all\'hub".',
};

/** The projects of the seeds the event model can hold: the report cluster page by page, then seed 000. */
export const projectFacts = (): CuratedFact[] => [
  ...afil,
  ...agrifood,
  ...clm,
  ...lifeSciences,
  ...tav,
  ricordo,
  ...scc,
  ...lac,
  ...le2c,
  ...lgca,
  partnershipProposal,
];
