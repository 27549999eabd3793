import {
  type DomainEvent,
  type EventMetadata,
  eventRegistry,
  type MemberCategory,
  S3_ECOSYSTEMS,
  streamOf,
} from '@ledger/domain';
import { canonicalJson } from '@ledger/event-store';
import { LINE_FORMAT } from '../import/jsonl.ts';
import { Random } from './random.ts';

/**
 * A synthetic history for load tests and benchmarks: organisations, networks, joins, leaves,
 * category changes, censuses, corrections, backdated facts and projects across many networks,
 * every one admissible in file order and marked `synthetic: true`. Ids are `synthetic-…` slugs
 * so nothing generated can collide with, or pass for, a real organisation or network.
 */
export interface GenerateOptions {
  readonly events: number;
  readonly seed: string;
}

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(2000, 0, 1);
const dayNumber = (year: number, month = 1, day = 1): number =>
  (Date.UTC(year, month - 1, day) - EPOCH) / DAY_MS;
const FIRST_DAY = dayNumber(2005);
const LAST_DAY = dayNumber(2024, 12, 31);
const isoDay = (day: number): string => new Date(EPOCH + day * DAY_MS).toISOString().slice(0, 10);
const endOfMonth = (day: number): number => {
  const date = new Date(EPOCH + day * DAY_MS);
  return (Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) - EPOCH) / DAY_MS - 1;
};
const yearOf = (day: number): number => new Date(EPOCH + day * DAY_MS).getUTCFullYear();

const CITIES = [
  { city: 'Milano', province: 'MI' },
  { city: 'Bergamo', province: 'BG' },
  { city: 'Brescia', province: 'BS' },
  { city: 'Como', province: 'CO' },
  { city: 'Cremona', province: 'CR' },
  { city: 'Lecco', province: 'LC' },
  { city: 'Lodi', province: 'LO' },
  { city: 'Mantova', province: 'MN' },
  { city: 'Monza', province: 'MB' },
  { city: 'Pavia', province: 'PV' },
  { city: 'Sondrio', province: 'SO' },
  { city: 'Varese', province: 'VA' },
] as const;
const NAME_STEMS = [
  'Meccanica',
  'Tecno',
  'Bio',
  'Agri',
  'Energia',
  'Dati',
  'Robotica',
  'Materiali',
];
const NAME_ENDINGS = ['S.r.l.', 'S.p.A.', 'Società Benefit', 'Consorzio', 'Fondazione'];
const LEAVE_REASONS = ['withdrew', 'ceased trading', 'merged into another member', 'did not renew'];
const PROGRAMMES = [
  { programme: 'Horizon Europe', funder: 'Commissione Europea' },
  { programme: 'Interreg', funder: 'Unione Europea' },
  { programme: 'Call Hub Ricerca e Innovazione', funder: 'Regione Lombardia' },
];
const INTERNATIONAL = ['Vanguard Initiative', 'ECCP', 'EUSALP', 'EIT Manufacturing'];
const AREAS = ['additive manufacturing', 'smart grids', 'food safety', 'medical devices', 'AI'];
const CATEGORIES: readonly MemberCategory[] = [
  'company',
  'company',
  'company',
  'company',
  'research_organisation',
  'other_body',
];

interface Member {
  readonly organisation: number;
  active: boolean;
  category: MemberCategory;
  /** No fact of the member may be dated before this day (its latest fact's day). */
  lastDay: number;
  joinEventId: string;
  joinDay: number;
  leaveEventId: string | undefined;
  /** Corrections of the join's date or category are generated only while nothing followed it. */
  untouchedSinceJoin: boolean;
  firstEpisode: boolean;
}

interface Network {
  readonly id: string;
  readonly establishedDay: number;
  readonly members: Map<number, Member>;
  /** The organisations that ever joined: a network draws its members from a pool of bounded size. */
  readonly pool: number[];
  /** Active members, for picking one at random in constant time. */
  readonly active: number[];
  readonly censuses: { readonly id: string; total: number }[];
  readonly affiliations: Set<string>;
}

interface Project {
  readonly id: string;
  readonly startDay: number;
  readonly partners: Set<number>;
  completed: boolean;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The lines of a reproducible synthetic history, in order: ledger-event/1 JSON, no newline. */
export function* generateHistory(options: GenerateOptions): Generator<string> {
  const { events: total, seed } = options;
  const random = new Random(`ledger-generate:${seed}`);
  const source = { document: `synthetic:generate --seed ${seed}` };
  const networkTarget = Math.min(5_000, Math.max(3, Math.round(total / 1_000)));
  const organisationTarget = Math.min(100_000, Math.max(10, Math.round(total / 200)));
  // Members come and go from a bounded pool per network, as in a real cluster: a long history
  // means more joins and leaves per organisation, not ever more distinct organisations.
  const poolSize = Math.max(20, Math.round((10 * organisationTarget) / networkTarget));
  const networks: Network[] = [];
  const organisations: string[] = [];
  const projects: Project[] = [];
  let emitted = 0;
  let current: Network | undefined;
  let runLeft = 0;
  /** The id of the line made last, for facts that later corrections point at. */
  let lastId = '';

  const line = (event: DomainEvent, reason?: string): string => {
    const id = random.uuid();
    const metadata: EventMetadata = {
      actor: 'generator:synthetic',
      source,
      ...(reason === undefined ? {} : { reason }),
      schemaVersion: eventRegistry[event.type].version,
      synthetic: true,
    };
    emitted++;
    lastId = id;
    // Data and metadata in canonical form, as the ledger stores them: an import then writes them
    // as they are, without sorting a copy.
    const head = JSON.stringify({
      format: LINE_FORMAT,
      id,
      stream: streamOf(event),
      type: event.type,
    });
    return `${head.slice(0, -1)},"data":${canonicalJson(event.data)},"metadata":${canonicalJson(metadata)}}`;
  };

  /** The simulation's "today": history unrolls from 2005 to 2024 along the file. */
  const clock = (): number => FIRST_DAY + Math.floor((LAST_DAY - FIRST_DAY) * (emitted / total));
  /** A day in [from, to], or `from` when the range is empty. */
  const dayBetween = (from: number, to: number): number =>
    to <= from ? from : random.int(from, to);

  const registerOrganisation = (): string => {
    const index = organisations.length;
    const id = `synthetic-org-${pad(index, 6)}`;
    organisations.push(id);
    const place = random.pick(CITIES);
    return line({
      type: 'OrganisationRegistered',
      data: {
        organisationId: id,
        kind: random.pick([
          'company',
          'company',
          'research_organisation',
          'other_body',
          'association',
        ] as const),
        name: `${random.pick(NAME_STEMS)} ${pad(index, 6)} ${random.pick(NAME_ENDINGS)}`,
        city: place.city,
        province: place.province,
        country: 'IT',
      },
    });
  };

  const registerNetwork = (): string => {
    const index = networks.length;
    const id = `synthetic-net-${pad(index, 4)}`;
    const establishedDay = dayBetween(dayNumber(2000), clock());
    networks.push({
      id,
      establishedDay: dayNumber(yearOf(establishedDay)),
      members: new Map(),
      pool: [],
      active: [],
      censuses: [],
      affiliations: new Set(),
    });
    const place = random.pick(CITIES);
    return line({
      type: 'NetworkRegistered',
      data: {
        networkId: id,
        kind: random.pick([
          'technology_cluster',
          'innovation_hub',
          'digital_innovation_hub',
          'partnership',
        ] as const),
        name: `Synthetic network ${pad(index, 4)}`,
        headquarters: [place],
        s3Ecosystems: random.sample(S3_ECOSYSTEMS, random.int(1, 2)),
        technologyAreas: random.sample(AREAS, random.int(1, 3)),
        establishedOn: String(yearOf(establishedDay)),
      },
    });
  };

  const randomOrganisation = (): number => random.int(0, organisations.length - 1);

  const removeActive = (network: Network, organisation: number): void => {
    const at = network.active.indexOf(organisation);
    const last = network.active.pop();
    if (at >= 0 && last !== undefined && at < network.active.length) network.active[at] = last;
  };

  const join = (network: Network): string | null => {
    for (let tries = 0; tries < 4; tries++) {
      const fresh =
        network.pool.length === 0 || (network.pool.length < poolSize && random.chance(0.5));
      const organisation = fresh ? randomOrganisation() : random.pick(network.pool);
      const member = network.members.get(organisation);
      if (member?.active === true) continue;
      if (member === undefined) network.pool.push(organisation);
      const from = Math.max(network.establishedDay, member?.lastDay ?? 0);
      const day = dayBetween(from, clock());
      const category = random.pick(CATEGORIES);
      // Some sources only say a member was there "by" a month: held at month precision.
      const roughly = random.chance(0.1);
      const text = line({
        type: 'MemberJoined',
        data: {
          networkId: network.id,
          organisationId: organisations[organisation] ?? '',
          category,
          effectiveDate: roughly ? isoDay(day).slice(0, 7) : isoDay(day),
          dateQualifier: roughly ? 'by' : 'on',
        },
      });
      network.members.set(organisation, {
        organisation,
        active: true,
        category,
        // A month-precision join stands for the whole month: later facts must not fall inside it.
        lastDay: roughly ? endOfMonth(day) : day,
        joinEventId: lastId,
        joinDay: day,
        leaveEventId: undefined,
        untouchedSinceJoin: !roughly,
        firstEpisode: member === undefined,
      });
      network.active.push(organisation);
      return text;
    }
    return leave(network);
  };

  const activeMember = (network: Network): Member | undefined => {
    if (network.active.length === 0) return undefined;
    return network.members.get(random.pick(network.active));
  };

  const leave = (network: Network): string | null => {
    const member = activeMember(network);
    if (member === undefined) return null;
    const day = dayBetween(member.lastDay, clock());
    const text = line({
      type: 'MemberLeft',
      data: {
        networkId: network.id,
        organisationId: organisations[member.organisation] ?? '',
        effectiveDate: isoDay(day),
        reason: random.pick(LEAVE_REASONS),
      },
    });
    member.active = false;
    member.lastDay = day;
    member.leaveEventId = lastId;
    member.untouchedSinceJoin = false;
    removeActive(network, member.organisation);
    return text;
  };

  const changeCategory = (network: Network): string | null => {
    const member = activeMember(network);
    if (member === undefined) return null;
    const to = random.pick(CATEGORIES.filter((category) => category !== member.category));
    const day = dayBetween(member.lastDay, clock());
    const text = line({
      type: 'MemberCategoryChanged',
      data: {
        networkId: network.id,
        organisationId: organisations[member.organisation] ?? '',
        from: member.category,
        to,
        effectiveDate: isoDay(day),
      },
    });
    member.category = to;
    member.lastDay = day;
    member.untouchedSinceJoin = false;
    return text;
  };

  const census = (network: Network): string => {
    const counts = { company: 0, research_organisation: 0, other_body: 0 };
    for (const organisation of network.active) {
      const member = network.members.get(organisation);
      if (member !== undefined) counts[member.category]++;
    }
    const total = network.active.length;
    const text = line({
      type: 'MembershipCensusReported',
      data: {
        networkId: network.id,
        asOf: isoDay(dayBetween(network.establishedDay, clock())),
        total,
        companies: counts.company,
        researchOrganisations: counts.research_organisation,
        otherBodies: counts.other_body,
      },
    });
    network.censuses.push({ id: lastId, total });
    return text;
  };

  const correct = (network: Network): string | null => {
    const member = activeMember(network);
    const kind = random.int(0, 3);
    if (kind === 0 && network.censuses.length > 0) {
      const counted = random.pick(network.censuses);
      counted.total += random.int(1, 5);
      return line(
        {
          type: 'MembershipRecordCorrected',
          data: {
            networkId: network.id,
            correctsEventId: counted.id,
            correction: { field: 'counts', total: counted.total },
          },
        },
        'The census was recounted.',
      );
    }
    if (kind === 1 && member?.untouchedSinceJoin === true && member.firstEpisode) {
      // A backdated correction: the member was there earlier than first recorded.
      const day = dayBetween(network.establishedDay, member.joinDay - 1);
      if (day >= member.joinDay) return null;
      member.joinDay = day;
      member.lastDay = Math.max(day, member.lastDay);
      return line(
        {
          type: 'MembershipRecordCorrected',
          data: {
            networkId: network.id,
            organisationId: organisations[member.organisation] ?? '',
            correctsEventId: member.joinEventId,
            correction: { field: 'effectiveDate', value: isoDay(day) },
          },
        },
        'An earlier source shows the member joined before.',
      );
    }
    if (kind === 2 && member?.untouchedSinceJoin === true) {
      const value = random.pick(CATEGORIES.filter((category) => category !== member.category));
      member.category = value;
      return line(
        {
          type: 'MembershipRecordCorrected',
          data: {
            networkId: network.id,
            organisationId: organisations[member.organisation] ?? '',
            correctsEventId: member.joinEventId,
            correction: { field: 'category', value },
          },
        },
        'The member was filed under the wrong category.',
      );
    }
    if (kind === 3) {
      for (const candidate of network.members.values()) {
        if (candidate.active || candidate.leaveEventId === undefined) continue;
        const leaveId = candidate.leaveEventId;
        candidate.active = true;
        candidate.leaveEventId = undefined;
        network.active.push(candidate.organisation);
        return line(
          {
            type: 'MembershipRecordCorrected',
            data: {
              networkId: network.id,
              organisationId: organisations[candidate.organisation] ?? '',
              correctsEventId: leaveId,
              correction: { field: 'retracted' },
            },
          },
          'The member never left: the leave was recorded in error.',
        );
      }
    }
    return null;
  };

  const fundProject = (): string => {
    const index = projects.length;
    const id = `synthetic-prj-${pad(index, 6)}`;
    const fundedDay = dayBetween(FIRST_DAY, clock());
    const startDay = dayBetween(fundedDay, clock());
    const partners = [
      ...new Set(Array.from({ length: random.int(1, 4) }, () => randomOrganisation())),
    ];
    const { programme, funder } = random.pick(PROGRAMMES);
    projects.push({ id, startDay, partners: new Set(partners), completed: false });
    const lead = partners[0];
    return line({
      type: 'ProjectFunded',
      data: {
        projectId: id,
        title: `Synthetic project ${pad(index, 6)}`,
        programme,
        funder,
        amount: { value: random.int(50, 5_000) * 1_000, currency: 'EUR' },
        startDate: isoDay(startDay),
        endDate: isoDay(startDay + random.int(365, 1_460)),
        ...(lead === undefined || random.chance(0.5)
          ? {}
          : { lead: { kind: 'organisation' as const, id: organisations[lead] ?? '' } }),
        partners: partners.map((partner) => ({
          party: { kind: 'organisation' as const, id: organisations[partner] ?? '' },
        })),
        networks: random.sample(networks, random.int(1, 3)).map((network) => network.id),
        s3Ecosystems: random.sample(S3_ECOSYSTEMS, random.int(0, 2)),
        pnrr: [],
        fundedOn: isoDay(fundedDay),
        dateQualifier: 'on',
      },
    });
  };

  const openProject = (): Project | undefined => {
    for (let tries = 0; tries < 4 && projects.length > 0; tries++) {
      const project = random.pick(projects);
      if (!project.completed) return project;
    }
    return undefined;
  };

  const addPartner = (): string | null => {
    const project = openProject();
    if (project === undefined) return null;
    const partner = randomOrganisation();
    if (project.partners.has(partner)) return null;
    project.partners.add(partner);
    return line({
      type: 'ProjectPartnerAdded',
      data: {
        projectId: project.id,
        partner: { kind: 'organisation', id: organisations[partner] ?? '' },
        effectiveDate: isoDay(dayBetween(FIRST_DAY, clock())),
      },
    });
  };

  const completeProject = (): string | null => {
    const project = openProject();
    if (project === undefined || project.startDay > clock()) return null;
    project.completed = true;
    return line({
      type: 'ProjectCompleted',
      data: { projectId: project.id, completedOn: isoDay(dayBetween(project.startDay, clock())) },
    });
  };

  const rename = (): string => {
    const index = randomOrganisation();
    return line({
      type: 'OrganisationRenamed',
      data: {
        organisationId: organisations[index] ?? '',
        name: `${random.pick(NAME_STEMS)} ${pad(index, 6)} renamed ${emitted}`,
        effectiveDate: isoDay(dayBetween(FIRST_DAY, clock())),
      },
    });
  };

  const affiliate = (network: Network): string | null => {
    const name = random.pick(INTERNATIONAL);
    if (network.affiliations.has(name)) return null;
    network.affiliations.add(name);
    return line({
      type: 'NetworkAffiliated',
      data: {
        networkId: network.id,
        internationalNetwork: name,
        effectiveDate: isoDay(dayBetween(network.establishedDay, clock())),
        dateQualifier: 'by',
      },
    });
  };

  /** Sources come one network at a time (a cluster's member list), so facts arrive in runs. */
  const networkInFocus = (): Network => {
    if (current === undefined || runLeft <= 0) {
      current = random.pick(networks);
      runLeft = random.int(5, 60);
    }
    runLeft--;
    return current;
  };

  while (emitted < total) {
    const progress = emitted / total;
    // Networks and organisations are registered along the first part of the history, ahead of
    // the facts that name them.
    if (
      networks.length < Math.min(networkTarget, 1 + Math.floor(networkTarget * (progress / 0.3)))
    ) {
      yield registerNetwork();
      continue;
    }
    if (
      organisations.length <
      Math.min(organisationTarget, 5 + Math.floor(organisationTarget * (progress / 0.6)))
    ) {
      yield registerOrganisation();
      continue;
    }
    const roll = random.next();
    const network = networkInFocus();
    let text: string | null;
    if (roll < 0.5) text = join(network);
    else if (roll < 0.65) text = leave(network);
    else if (roll < 0.75) text = changeCategory(network);
    else if (roll < 0.8) text = census(network);
    else if (roll < 0.9) text = correct(network);
    else if (roll < 0.92) text = fundProject();
    else if (roll < 0.935) text = addPartner();
    else if (roll < 0.95) text = completeProject();
    else if (roll < 0.97) text = rename();
    else text = affiliate(network);
    yield text ?? census(network);
  }
}
