/**
 * The report engine: one engine for both time axes. Valid time ("the ecosystem on D") is a set of
 * interval queries; transaction time ("as known at T") picks the read store those queries run on
 * (see knownAt.ts). A report and a diff are plain data with a `hash` over their canonical JSON;
 * rendering them gives the same bytes for the same arguments.
 */
import { type AnchorRef, anchorAtOrBefore, type EventStore } from '@ledger/event-store';
import type { ReadStore } from '../readStore.ts';
import { canonicalJson, contentHash } from './canonical.ts';
import { type CsvValue, toCsv } from './csv.ts';
import { checkFormat, checkKnownAt, checkValidDate, ReportInputError } from './inputs.ts';
import { knownAtSource, liveSource, type ReportSource } from './knownAt.ts';
import {
  type ActiveProject,
  type CensusOnDate,
  censusOn,
  countField,
  EMPTY_COUNTS,
  type MemberCounts,
  memberCountsOn,
  membersOn,
  networksOn,
  projectsOn,
} from './validTime.ts';

export interface NetworkReport {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  /** Counted from the membership register's validity intervals. */
  readonly members: MemberCounts;
  /** The latest census dated on or before the day, or null. */
  readonly census: CensusOnDate | null;
  /** Funded projects under the network whose period includes the day. */
  readonly projects: readonly ActiveProject[];
}

export interface ReportTotals {
  readonly networks: number;
  /** Memberships: an organisation in two networks counts in both. */
  readonly members: number;
  readonly companies: number;
  readonly research: number;
  readonly other: number;
  /** Distinct active projects. */
  readonly projects: number;
}

/**
 * What a report or a diff rests on, so anyone can check it later (`pnpm ledger verify-report`):
 * the arguments asked, the last log position included, the known-at instant that position was
 * reached at, the anchor of the tamper-evident log at or before it, and the content hash.
 * Positions here are log sequence numbers (the count of events up to one), so a receipt reads
 * the same on every store the log is copied to.
 */
export interface Receipt {
  /** 2: `position` counts events; 1 quoted the store's own position (the same on the embedded store). */
  readonly format: 'ledger-receipt/2';
  readonly report: 'ecosystem' | 'diff';
  /** As asked: `knownAt` null means "everything recorded so far". */
  readonly arguments: Readonly<Record<string, string | null>>;
  readonly position: number | null;
  readonly knownAt: string | null;
  readonly anchor: AnchorRef | null;
  readonly hash: string;
}

export interface EcosystemReport {
  readonly validAt: string;
  readonly knownAt: string | null;
  readonly position: number | null;
  /** `sha256:` of the canonical JSON of the report without this field and the receipt. */
  readonly hash: string;
  readonly totals: ReportTotals;
  readonly networks: readonly NetworkReport[];
  readonly receipt: Receipt;
}

export interface ReportSourceOptions {
  readonly readStore: ReadStore;
  /** Needed for known-at reports: the log the replay reads. */
  readonly eventStore?: EventStore;
  /** "As known at T": an ISO-8601 timestamp; omitted for what the read store knows now. */
  readonly knownAt?: string | undefined;
  /** With `knownAt`: include no event past this log position (reproducing a receipt). */
  readonly upTo?: number | undefined;
  /** The clock a known-at time is checked against. */
  readonly now?: Date;
}

export interface ReportOptions extends ReportSourceOptions {
  /** The day the report describes, `YYYY-MM-DD`. */
  readonly validAt: string;
}

export interface DiffOptions extends ReportSourceOptions {
  readonly from: string;
  readonly to: string;
}

/** `work`'s result, and the store position of the last event it saw, for the receipt's anchor. */
async function withSource<T>(
  options: ReportSourceOptions,
  work: (source: ReportSource) => T,
): Promise<{ readonly value: T; readonly storePosition: number | null }> {
  let source: ReportSource;
  if (options.knownAt === undefined) {
    source = liveSource(options.readStore);
  } else {
    const knownAt = checkKnownAt(options.knownAt, 'knownAt', options.now ?? new Date());
    if (options.eventStore === undefined) {
      throw new TypeError('a known-at report needs the event store to replay the log');
    }
    source = await knownAtSource({
      readStore: options.readStore,
      eventStore: options.eventStore,
      knownAt,
      upTo: options.upTo,
    });
  }
  try {
    return { value: source.store.read(() => work(source)), storePosition: source.storePosition };
  } finally {
    source.release();
  }
}

function networksReport(source: ReportSource, day: string): NetworkReport[] {
  const { store } = source;
  const counts = memberCountsOn(store, day);
  const networks = networksOn(store, day, counts.keys());
  const census = censusOn(
    store,
    day,
    networks.map((network) => network.id),
  );
  const projects = projectsOn(store, day);
  return networks.map((network) => ({
    id: network.id,
    name: network.name,
    kind: network.kind,
    members: counts.get(network.id) ?? EMPTY_COUNTS,
    census: census.get(network.id) ?? null,
    projects: projects.get(network.id) ?? [],
  }));
}

/** The ecosystem on `validAt`, as the read store knows it now or as it was known at `knownAt`. */
export async function ecosystemReport(options: ReportOptions): Promise<EcosystemReport> {
  const validAt = checkValidDate(options.validAt, 'validAt');
  const { value: report, storePosition } = await withSource(options, (source) => {
    const networks = networksReport(source, validAt);
    const totals: ReportTotals = {
      networks: networks.length,
      members: sum(networks, (network) => network.members.total),
      companies: sum(networks, (network) => network.members.companies),
      research: sum(networks, (network) => network.members.research),
      other: sum(networks, (network) => network.members.other),
      projects: new Set(
        networks.flatMap((network) => network.projects.map((project) => project.id)),
      ).size,
    };
    const { knownAt, position } = source;
    const hash = contentHash({ validAt, knownAt, position, totals, networks });
    return { validAt, knownAt, position, hash, totals, networks };
  });
  return {
    ...report,
    receipt: await receiptOf(options, 'ecosystem', { validAt }, report, storePosition),
  };
}

const receiptOf = async (
  options: ReportSourceOptions,
  report: Receipt['report'],
  args: Readonly<Record<string, string>>,
  content: {
    readonly position: number | null;
    readonly knownAt: string | null;
    readonly hash: string;
  },
  storePosition: number | null,
): Promise<Receipt> => ({
  format: 'ledger-receipt/2',
  report,
  arguments: { ...args, knownAt: options.knownAt ?? null },
  position: content.position,
  knownAt: content.knownAt,
  anchor:
    options.eventStore === undefined
      ? null
      : await anchorAtOrBefore(options.eventStore, storePosition),
  hash: content.hash,
});

const sum = <T>(items: readonly T[], of: (item: T) => number): number =>
  items.reduce((total, item) => total + of(item), 0);

export interface CategoryChange {
  readonly organisationId: string;
  readonly from: string;
  readonly to: string;
}

export interface NetworkDiff {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  /** `both`: the network existed on both days; `appeared` / `disappeared`: on only one. */
  readonly presence: 'both' | 'appeared' | 'disappeared';
  readonly members: {
    readonly from: MemberCounts;
    readonly to: MemberCounts;
    readonly joined: readonly string[];
    readonly left: readonly string[];
    readonly categoryChanged: readonly CategoryChange[];
  };
  readonly projects: { readonly started: readonly string[]; readonly ended: readonly string[] };
  /** The latest census on each day, when they differ; else null. */
  readonly census: { readonly from: CensusOnDate | null; readonly to: CensusOnDate | null } | null;
}

export interface EcosystemDiff {
  readonly from: string;
  readonly to: string;
  readonly knownAt: string | null;
  readonly position: number | null;
  readonly hash: string;
  readonly totals: {
    readonly joined: number;
    readonly left: number;
    readonly categoryChanged: number;
    readonly projectsStarted: number;
    readonly projectsEnded: number;
    readonly censusChanged: number;
  };
  readonly networks: readonly NetworkDiff[];
  readonly receipt: Receipt;
}

const countsOf = (members: ReadonlyMap<string, string> | undefined): MemberCounts => {
  const counts = { total: 0, companies: 0, research: 0, other: 0 };
  for (const category of members?.values() ?? []) {
    counts[countField(category)] += 1;
    counts.total += 1;
  }
  return counts;
};

const sorted = (values: Iterable<string>): string[] => [...values].sort();

/**
 * What changed between two days, per network: members who joined or left (in the register on one
 * day and not the other), members whose category differs, projects active on one day only, and
 * the latest census when it differs.
 */
export async function ecosystemDiff(options: DiffOptions): Promise<EcosystemDiff> {
  const from = checkValidDate(options.from, 'from');
  const to = checkValidDate(options.to, 'to');
  if (from > to) throw new ReportInputError('from', `must not be after to (${to}), got "${from}"`);
  const { value: diff, storePosition } = await withSource(options, (source) => {
    const { store } = source;
    const membersFrom = membersOn(store, from);
    const membersTo = membersOn(store, to);
    const networksFrom = new Map(
      networksOn(store, from, membersFrom.keys()).map((network) => [network.id, network]),
    );
    const networksTo = new Map(
      networksOn(store, to, membersTo.keys()).map((network) => [network.id, network]),
    );
    const projectsFrom = projectsOn(store, from);
    const projectsTo = projectsOn(store, to);
    const censusFrom = censusOn(store, from, [...networksFrom.keys()]);
    const censusTo = censusOn(store, to, [...networksTo.keys()]);
    const ids = sorted(new Set([...networksFrom.keys(), ...networksTo.keys()]));
    const networks = ids.map((id): NetworkDiff => {
      const network = (networksTo.get(id) ?? networksFrom.get(id)) as {
        name: string;
        kind: string;
      };
      const before = membersFrom.get(id) ?? new Map<string, string>();
      const after = membersTo.get(id) ?? new Map<string, string>();
      const projectsBefore = new Set((projectsFrom.get(id) ?? []).map((project) => project.id));
      const projectsAfter = new Set((projectsTo.get(id) ?? []).map((project) => project.id));
      const censusBefore = censusFrom.get(id) ?? null;
      const censusAfter = censusTo.get(id) ?? null;
      return {
        id,
        name: network.name,
        kind: network.kind,
        presence: !networksFrom.has(id) ? 'appeared' : !networksTo.has(id) ? 'disappeared' : 'both',
        members: {
          from: countsOf(before),
          to: countsOf(after),
          joined: sorted([...after.keys()].filter((member) => !before.has(member))),
          left: sorted([...before.keys()].filter((member) => !after.has(member))),
          categoryChanged: sorted(
            [...after.keys()].filter(
              (member) => before.has(member) && before.get(member) !== after.get(member),
            ),
          ).map((organisationId) => ({
            organisationId,
            from: before.get(organisationId) as string,
            to: after.get(organisationId) as string,
          })),
        },
        projects: {
          started: sorted([...projectsAfter].filter((project) => !projectsBefore.has(project))),
          ended: sorted([...projectsBefore].filter((project) => !projectsAfter.has(project))),
        },
        census:
          canonicalJson(censusBefore) === canonicalJson(censusAfter)
            ? null
            : { from: censusBefore, to: censusAfter },
      };
    });
    const totals = {
      joined: sum(networks, (network) => network.members.joined.length),
      left: sum(networks, (network) => network.members.left.length),
      categoryChanged: sum(networks, (network) => network.members.categoryChanged.length),
      projectsStarted: sum(networks, (network) => network.projects.started.length),
      projectsEnded: sum(networks, (network) => network.projects.ended.length),
      censusChanged: networks.filter((network) => network.census !== null).length,
    };
    const { knownAt, position } = source;
    const hash = contentHash({ from, to, knownAt, position, totals, networks });
    return { from, to, knownAt, position, hash, totals, networks };
  });
  return {
    ...diff,
    receipt: await receiptOf(options, 'diff', { from, to }, diff, storePosition),
  };
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The report as JSON (keys in a fixed order, 2-space indented) or CSV (one row per network). */
export function renderReport(report: EcosystemReport, format: string): string {
  if (checkFormat(format) === 'json') return json(report);
  const rows = report.networks.map((network): CsvValue[] => [
    report.validAt,
    report.knownAt,
    report.position,
    report.hash,
    network.id,
    network.name,
    network.kind,
    network.members.total,
    network.members.companies,
    network.members.research,
    network.members.other,
    network.census?.date ?? null,
    network.census?.total ?? null,
    network.census?.source.document ?? null,
    network.projects.length,
    network.projects.map((project) => project.id).join(' '),
  ]);
  return toCsv(
    [
      'valid_at',
      'known_at',
      'position',
      'hash',
      'network_id',
      'name',
      'kind',
      'members_total',
      'companies',
      'research',
      'other',
      'census_date',
      'census_total',
      'census_source',
      'projects_active',
      'project_ids',
    ],
    rows,
  );
}

/** The diff as JSON, or CSV with one row per change. */
export function renderDiff(diff: EcosystemDiff, format: string): string {
  if (checkFormat(format) === 'json') return json(diff);
  const rows: CsvValue[][] = [];
  const row = (
    network: NetworkDiff,
    change: string,
    subject: string | null,
    before: CsvValue,
    after: CsvValue,
  ) =>
    rows.push([
      diff.from,
      diff.to,
      diff.knownAt,
      diff.position,
      diff.hash,
      network.id,
      change,
      subject,
      before,
      after,
    ]);
  for (const network of diff.networks) {
    if (network.presence !== 'both')
      row(network, `network_${network.presence}`, network.id, null, null);
    for (const member of network.members.joined) row(network, 'member_joined', member, null, null);
    for (const member of network.members.left) row(network, 'member_left', member, null, null);
    for (const change of network.members.categoryChanged) {
      row(network, 'category_changed', change.organisationId, change.from, change.to);
    }
    for (const project of network.projects.started)
      row(network, 'project_started', project, null, null);
    for (const project of network.projects.ended)
      row(network, 'project_ended', project, null, null);
    if (network.census !== null) {
      row(
        network,
        'census_changed',
        null,
        censusLabel(network.census.from),
        censusLabel(network.census.to),
      );
    }
  }
  return toCsv(
    [
      'from',
      'to',
      'known_at',
      'position',
      'hash',
      'network_id',
      'change',
      'subject',
      'before',
      'after',
    ],
    rows,
  );
}

const censusLabel = (census: CensusOnDate | null): string | null =>
  census === null ? null : `${census.total} (${census.date})`;
