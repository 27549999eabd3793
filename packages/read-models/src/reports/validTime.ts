/**
 * Valid-time queries: the ecosystem on a day, from the validity intervals the projections keep.
 * Nothing is replayed: each question is a range query over day columns.
 */
import type { MemberCategory, Source } from '@ledger/domain';
import type { ReadStore } from '../readStore.ts';

export interface MemberCounts {
  readonly total: number;
  readonly companies: number;
  readonly research: number;
  readonly other: number;
}

export interface CensusOnDate {
  /** The date the figures refer to (`asOf`), at the source's precision. */
  readonly date: string;
  readonly total: number;
  readonly companies: number | null;
  readonly research: number | null;
  readonly other: number | null;
  readonly approximate: boolean;
  readonly source: Source;
  readonly eventId: string;
}

export interface ActiveProject {
  readonly id: string;
  readonly title: string;
  readonly programme: string | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
}

export interface NetworkOnDate {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
}

export const EMPTY_COUNTS: MemberCounts = { total: 0, companies: 0, research: 0, other: 0 };

const COUNT_FIELD: Readonly<Record<MemberCategory, 'companies' | 'research' | 'other'>> = {
  company: 'companies',
  research_organisation: 'research',
  other_body: 'other',
};

export const countField = (category: string): 'companies' | 'research' | 'other' => {
  const field = COUNT_FIELD[category as MemberCategory];
  if (field === undefined) throw new Error(`unknown member category "${category}"`);
  return field;
};

/**
 * Networks in existence on `day`: founded on or before it, or, with no founding date, with a dated
 * fact on or before it. Also listed, so that the report's figures are the register's: the
 * networks in `withMembers` (those with members counted on the day: a join dated "2014" counts
 * from 1 January even when the network was founded in "2014-06"), and those with a census on or
 * before the day (a census corrected to an earlier date does not move `first_day`). Their name
 * is the one in effect on that day.
 */
export function networksOn(
  store: ReadStore,
  day: string,
  withMembers: Iterable<string> = [],
): NetworkOnDate[] {
  const names = new Map<string, string>();
  for (const row of store.all(
    `SELECT network_id, name FROM network_names WHERE effective_day <= ?
     ORDER BY network_id, effective_day, seq`,
    day,
  )) {
    names.set(String(row.network_id), String(row.name));
  }
  return store
    .all(
      `SELECT network_id, kind, registered_name FROM network_directory
       WHERE COALESCE(established_day, first_day) <= ?
         OR network_id IN (SELECT value FROM json_each(?))
         OR EXISTS (SELECT 1 FROM membership_census c
           WHERE c.network_id = network_directory.network_id AND c.as_of_day <= ? AND c.retracted = 0)
       ORDER BY network_id`,
      day,
      JSON.stringify([...withMembers]),
      day,
    )
    .map((row) => {
      const id = String(row.network_id);
      return { id, name: names.get(id) ?? String(row.registered_name), kind: String(row.kind) };
    });
}

/**
 * Members of every network on `day`, by category: the month counts of the months before the
 * day's month, plus the periods that start, minus those that end, from the first of the month to
 * the day itself (a period counts on `[start_day, end_day)`).
 */
export function memberCountsOn(store: ReadStore, day: string): Map<string, MemberCounts> {
  const counts = new Map<
    string,
    { total: number; companies: number; research: number; other: number }
  >();
  const add = (networkId: string, category: string, members: number) => {
    let entry = counts.get(networkId);
    if (entry === undefined) {
      entry = { total: 0, companies: 0, research: 0, other: 0 };
      counts.set(networkId, entry);
    }
    entry[countField(category)] += members;
    entry.total += members;
  };
  const month = day.slice(0, 7);
  const monthStart = `${month}-01`;
  for (const row of store.all(
    `SELECT network_id, category, sum(starts) - sum(ends) AS members FROM membership_months
     WHERE month < ? GROUP BY network_id, category`,
    month,
  )) {
    add(String(row.network_id), String(row.category), Number(row.members));
  }
  for (const row of store.all(
    `SELECT network_id, category, count(*) AS members FROM membership_periods
     WHERE start_day >= ? AND start_day <= ? GROUP BY network_id, category`,
    monthStart,
    day,
  )) {
    add(String(row.network_id), String(row.category), Number(row.members));
  }
  for (const row of store.all(
    `SELECT network_id, category, count(*) AS members FROM membership_periods
     WHERE end_day >= ? AND end_day <= ? GROUP BY network_id, category`,
    monthStart,
    day,
  )) {
    add(String(row.network_id), String(row.category), -Number(row.members));
  }
  for (const [networkId, entry] of counts) {
    if (entry.total === 0 && entry.companies === 0 && entry.research === 0 && entry.other === 0) {
      counts.delete(networkId);
    }
  }
  return counts;
}

/** Every member of every network on `day` with its category: network → organisation → category. */
export function membersOn(store: ReadStore, day: string): Map<string, Map<string, string>> {
  const members = new Map<string, Map<string, string>>();
  for (const row of store.all(
    `SELECT network_id, organisation_id, category FROM membership_periods
     WHERE start_day <= ? AND end_day > ?`,
    day,
    day,
  )) {
    const id = String(row.network_id);
    let network = members.get(id);
    if (network === undefined) {
      network = new Map();
      members.set(id, network);
    }
    network.set(String(row.organisation_id), String(row.category));
  }
  return members;
}

const nullableNumber = (value: unknown): number | null => (value === null ? null : Number(value));

/** Per network, the latest census whose date is on or before `day` (a partial date counts from its last day). */
export function censusOn(
  store: ReadStore,
  day: string,
  networkIds: readonly string[],
): Map<string, CensusOnDate> {
  const census = new Map<string, CensusOnDate>();
  for (const networkId of networkIds) {
    const row = store.get(
      `SELECT * FROM membership_census
       WHERE network_id = ? AND as_of_day <= ? AND retracted = 0
       ORDER BY as_of_day DESC, seq DESC LIMIT 1`,
      networkId,
      day,
    );
    if (row === undefined) continue;
    census.set(networkId, {
      date: String(row.as_of),
      total: Number(row.total),
      companies: nullableNumber(row.companies),
      research: nullableNumber(row.research),
      other: nullableNumber(row.other),
      approximate: Number(row.approximate) === 1,
      source: JSON.parse(String(row.source)) as Source,
      eventId: String(row.event_id),
    });
  }
  return census;
}

/** Per network, the funded projects whose period includes `day`, by id. */
export function projectsOn(store: ReadStore, day: string): Map<string, ActiveProject[]> {
  const projects = new Map<string, ActiveProject[]>();
  for (const row of store.all(
    // CROSS JOIN keeps projects outside: one scan filters them by period, and only the active
    // ones are looked up in project_networks.
    `SELECT pn.network_id, p.project_id, p.title, p.programme, p.start_date,
       COALESCE(p.completed_on, p.end_date) AS end_date
     FROM projects p CROSS JOIN project_networks pn ON pn.project_id = p.project_id
     WHERE p.status <> 'proposed' AND p.start_day <= ? AND (p.end_day IS NULL OR p.end_day >= ?)
     ORDER BY pn.network_id, p.project_id`,
    day,
    day,
  )) {
    const id = String(row.network_id);
    let list = projects.get(id);
    if (list === undefined) {
      list = [];
      projects.set(id, list);
    }
    list.push({
      id: String(row.project_id),
      title: String(row.title),
      programme: row.programme === null ? null : String(row.programme),
      startDate: row.start_date === null ? null : String(row.start_date),
      endDate: row.end_date === null ? null : String(row.end_date),
    });
  }
  return projects;
}
