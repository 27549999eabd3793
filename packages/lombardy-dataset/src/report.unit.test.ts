import { readFileSync } from 'node:fs';
import {
  type DomainEvent,
  type EventEnvelope,
  latestDay,
  membershipRegister,
  membersOn,
  networkDirectory,
  parseStoredEvent,
  recognitionsOn,
} from '@ledger/domain';
import { describe, expect, it } from 'vitest';
import { LEDGER_FILE } from './ledger-file.ts';
import { storedEventsOf } from './stored-events.ts';

// What the seed report "Cluster Tecnologici Lombardi" (003) prints, page by page.
const REPORT = '003_b0113e97874011b2.txt';
const ON = '2022-12-31';

interface Page {
  readonly name: string;
  readonly members: readonly [total: number, companies: number, research: number, other: number];
  readonly city: string;
  readonly website: string;
  readonly s3: readonly string[];
  /** The page's "PROGETTI IN CORSO 2022" the event model can hold. */
  readonly projects2022: readonly string[];
}

const PAGES: Readonly<Record<string, Page>> = {
  afil: {
    name: 'Associazione Fabbrica Intelligente Lombardia',
    members: [144, 116, 14, 14],
    city: 'Bergamo',
    website: 'https://www.afil.it',
    s3: ['manifattura_avanzata'],
    projects2022: ['admatrans4mers', 'ai-regio'],
  },
  agrifood: {
    name: 'Cluster Alta Tecnologia Agrifood Lombardia',
    members: [14, 4, 4, 6],
    city: 'Lodi',
    website: 'https://www.clusteragrofoodlombardia.eu',
    s3: ['nutrizione'],
    projects2022: ['agrifood-biosecurity-livestock', 'agrifood-labour-conditions-farming'],
  },
  clm: {
    name: 'Cluster Lombardo della Mobilità',
    members: [83, 70, 4, 9],
    city: 'Brescia',
    website: 'https://www.clusterlombardomobilita.it',
    s3: ['smart_mobility_architecture'],
    projects2022: ['1ai-edge', 'mosore-unibs', 'road-safety', 'shine'],
  },
  'scienze-della-vita': {
    name: 'Cluster Lombardo Scienze della Vita',
    members: [110, 61, 38, 11],
    city: 'Milano',
    website: 'https://www.lombardialifesciences.it',
    s3: ['salute_life_science'],
    projects2022: ['digital-smart-fluidics', 'nemo-lab', 'smart-touch-id'],
  },
  tav: {
    name: 'Fondazione Cluster Lombardo Tecnologie per gli Ambienti di Vita',
    members: [39, 19, 12, 8],
    city: 'Lecco',
    website: 'https://www.cluster.techforlife.it',
    s3: ['salute_life_science'],
    projects2022: ['healps2', 'medtech4europe'],
  },
  scc: {
    name: 'Fondazione Cluster Tecnologie per le Smart Cities & Communities Lombardia',
    members: [72, 52, 8, 12],
    city: 'Milano',
    website: 'https://www.clusterscclombardia.it',
    s3: [
      'salute_life_science',
      'cultura_conoscenza',
      'connettivita_informazione',
      'smart_mobility_architecture',
      'sostenibilita',
      'sviluppo_sociale',
    ],
    projects2022: ['innovation-hub-living-lab-network', 'samba'],
  },
  lac: {
    name: 'Lombardia Aerospace Cluster',
    members: [99, 91, 6, 2],
    city: 'Varese',
    website: 'https://www.aerospacelombardia.it',
    s3: ['smart_mobility_architecture', 'connettivita_informazione'],
    // The trade-fair and business-networking activities are not a project.
    projects2022: ['progetto-olimpiadi-2026'],
  },
  le2c: {
    name: 'Lombardy Energy Cleantech Cluster',
    members: [144, 109, 12, 23],
    city: 'Milano',
    website: 'https://www.energycluster.it',
    s3: ['sostenibilita'],
    projects2022: ['fanghi', 'r-aces'],
  },
  lgca: {
    name: 'Lombardy Green Chemistry Association',
    members: [50, 33, 11, 6],
    city: 'Milano',
    website: 'https://www.chimicaverdelombardia.it',
    s3: ['sostenibilita'],
    projects2022: ['ardia-net', 'biomass-hub'],
  },
};

const events: EventEnvelope<DomainEvent>[] = storedEventsOf(readFileSync(LEDGER_FILE, 'utf8')).map(
  (stored) => {
    const parsed = parseStoredEvent(stored);
    if (!parsed.ok) throw new Error(`${stored.id}: ${JSON.stringify(parsed.issues)}`);
    return parsed.event;
  },
);

const register = events.reduce(membershipRegister.apply, membershipRegister.initialState);
const directory = events.reduce(networkDirectory.apply, networkDirectory.initialState);

/** The census in force on a day: the latest by `asOf` not after it, the last recorded on a tie. */
const censusOn = (networkId: string, day: string, exactOnly = false) => {
  const points = (register.networks[networkId]?.census ?? []).filter(
    (point) => latestDay(point.asOf) <= day && !(exactOnly && point.approximate === true),
  );
  return points.reduce<(typeof points)[number] | undefined>(
    (latest, point) =>
      latest === undefined || latestDay(point.asOf) >= latestDay(latest.asOf) ? point : latest,
    undefined,
  );
};

const countsOf = (networkId: string, exactOnly = false) => {
  const census = censusOn(networkId, ON, exactOnly);
  return census === undefined
    ? undefined
    : [census.total, census.companies, census.researchOrganisations, census.otherBodies];
};

const sourceOf = (event: EventEnvelope<DomainEvent>) => event.metadata.source;

describe(`the ledger on ${ON} reproduces the report "Cluster Tecnologici Lombardi"`, () => {
  it.each(Object.entries(PAGES))('%s: members in total and by category', (networkId, page) => {
    expect(countsOf(networkId)).toEqual([...page.members]);
    const census = events.find(
      (event) => event.type === 'MembershipCensusReported' && event.data.networkId === networkId,
    );
    expect(census && sourceOf(census)).toEqual({
      document: REPORT,
      section: `${page.name} > NUMERO ASSOCIATI`,
    });
  });

  it('adds up to the programme totals: 755 associati = 555 imprese + 109 organismi di ricerca + 91 altri enti', () => {
    const sums = [0, 0, 0, 0];
    for (const networkId of Object.keys(PAGES)) {
      countsOf(networkId)?.forEach((count, index) => {
        sums[index] = (sums[index] ?? 0) + (count ?? 0);
      });
    }
    expect(sums).toEqual([755, 555, 109, 91]);
    expect(countsOf('cluster-tecnologici-lombardi', true)).toEqual([755, 555, 109, 91]);
  });

  it('keeps the foreword\'s rounded "quasi 700 soggetti" as an approximate census', () => {
    const approximate = register.networks['cluster-tecnologici-lombardi']?.census.filter(
      (point) => point.approximate === true,
    );
    expect(approximate?.map((point) => [point.asOf, point.total])).toEqual([['2022', 700]]);
  });

  it('never names more members of a category than the census counts', () => {
    for (const [networkId, page] of Object.entries(PAGES)) {
      const named = membersOn(register, networkId, ON);
      const [total, companies, research, other] = page.members;
      expect(named?.total).toBeLessThanOrEqual(total);
      expect(named?.byCategory.company).toBeLessThanOrEqual(companies);
      expect(named?.byCategory.research_organisation).toBeLessThanOrEqual(research);
      expect(named?.byCategory.other_body).toBeLessThanOrEqual(other);
    }
    expect(membersOn(register, 'le2c', ON)).toEqual({
      total: 6,
      byCategory: { company: 5, research_organisation: 1, other_body: 0 },
    });
  });

  it.each(Object.entries(PAGES))(
    '%s: headquarters, website and S3 ecosystems, with their source',
    (networkId, page) => {
      const entry = directory.networks[networkId];
      expect(entry?.kind).toBe('technology_cluster');
      expect(entry?.profile.name).toBe(page.name);
      expect(entry?.profile.headquarters[0]?.city).toBe(page.city);
      expect(entry?.profile.website).toBe(page.website);
      expect(entry?.profile.s3Ecosystems).toEqual(page.s3);
      const registered = events.find(
        (event) => event.type === 'NetworkRegistered' && event.data.networkId === networkId,
      );
      expect(registered && sourceOf(registered)).toEqual({
        document: REPORT,
        section: `${page.name} > INFORMAZIONI GENERALI; SINERGIE con altre strategie regionali o nazionali`,
      });
      expect(
        entry?.recognitions.map((r) => [r.authority, r.phase, r.recognisedOn, r.dateQualifier]),
      ).toEqual([
        ['Regione Lombardia', 'start_up', '2014', 'on'],
        ['Regione Lombardia', undefined, '2020-12-30', 'on'],
        ['Regione Lombardia', 'consolidation', '2022', 'by'],
      ]);
      // Attested only by the report's year: surely held at its end, not before.
      const phasesOn = (date: string) =>
        entry === undefined ? [] : recognitionsOn(entry, date).map((r) => r.phase);
      expect(phasesOn('2022-06')).not.toContain('consolidation');
      expect(phasesOn(ON)).toContain('consolidation');
    },
  );

  it.each(Object.entries(PAGES))(
    '%s: the projects in progress in 2022, each with its source',
    (networkId, page) => {
      const projects = events.filter(
        (event) =>
          (event.type === 'ProjectFunded' || event.type === 'ProjectProposed') &&
          event.data.networks.includes(networkId) &&
          sourceOf(event).section?.startsWith(`${page.name} > PROGETTI IN CORSO 2022`) === true,
      );
      const ids = projects.map((event) => (event.data as { projectId: string }).projectId);
      expect(ids.sort()).toEqual([...page.projects2022]);
      for (const project of projects) expect(sourceOf(project).document).toBe(REPORT);
    },
  );

  it('lists, for each of the 9 clusters, at least one 2022 project cited to its page', () => {
    const clusters = Object.entries(PAGES);
    expect(clusters).toHaveLength(9);
    for (const [networkId, page] of clusters) {
      const cited = events.filter(
        (event) =>
          (event.type === 'ProjectFunded' || event.type === 'ProjectProposed') &&
          event.data.networks.includes(networkId) &&
          sourceOf(event).document === REPORT &&
          sourceOf(event).section?.startsWith(`${page.name} > PROGETTI IN CORSO 2022`) === true,
      );
      expect(cited.length, networkId).toBeGreaterThanOrEqual(1);
    }
  });

  it('attributes to the Aerospace project the synergy block printed beside it', () => {
    const olympics = events.find(
      (event) =>
        event.type === 'ProjectFunded' && event.data.projectId === 'progetto-olimpiadi-2026',
    );
    expect(olympics?.type === 'ProjectFunded' ? olympics.data : undefined).toMatchObject({
      s3Ecosystems: ['smart_mobility_architecture', 'connettivita_informazione'],
      pnrr: [
        { mission: 3, component: 2 },
        { mission: 4, component: 2 },
      ],
      fundedOn: '2022',
      dateQualifier: 'by',
    });
    expect(olympics?.data).not.toHaveProperty('programme');
    expect(olympics?.data).not.toHaveProperty('funder');
  });

  it('dates the FANGHI partners as Lombardy Energy Cleantech Cluster members no later than 2022', () => {
    const joins = events.filter(
      (event) => event.type === 'MemberJoined' && event.data.networkId === 'le2c',
    );
    expect(
      joins.map((event) =>
        event.type === 'MemberJoined'
          ? [event.data.organisationId, event.data.effectiveDate, event.data.dateQualifier]
          : [],
      ),
    ).toEqual(
      [
        'a2a-ambiente',
        'brianzacque',
        'istituto-mario-negri',
        'lariana-depur',
        'mm',
        'tcr-tecora',
      ].map((id) => [id, '2022', 'by']),
    );
  });
});
