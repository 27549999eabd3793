/**
 * The membership register with validity intervals, kept with the domain's own pure logic: for
 * every membership event the member's facts are loaded, the domain states the fact (`factOf`) or
 * corrects it (`correctionOf`), and the member's intervals (`intervalsOf`) are written back as
 * periods, one per interval and category, each a half-open range of days `[start_day, end_day)`
 * (empty ones are left out). "Members on D" is then one range query, never a replay.
 *
 * Day rules (the domain's `membersOn`): an `on` join counts from the first day of its date, a
 * `by` join only from its last day; leaves and category changes take effect on the first day of
 * theirs; within an interval a category change dated before the interval starts applies from the
 * start.
 */
import {
  type AppliedCorrection,
  type CategoryPeriod,
  type CensusPoint,
  correctionOf,
  type DomainEvent,
  type EventEnvelope,
  earliestDay,
  factOf,
  intervalsOf,
  latestDay,
  type MemberFact,
  type MembershipFact,
  type MembershipInterval,
} from '@ledger/domain';
import { defineProjection, type ProjectionTx } from '../projection.ts';
import { decodeFact, encodeFact } from './factCodec.ts';

/** End of an open interval: later than any supported date. */
export const OPEN_END = '9999-12-31';

const intervalStartDay = (interval: MembershipInterval): string =>
  interval.dateQualifier === 'by' ? latestDay(interval.from) : earliestDay(interval.from);

/** A member's facts in stream order, and the log position of each (periods name facts by it). */
const loadMemberFacts = (
  tx: ProjectionTx,
  networkId: string,
  organisationId: string,
): { facts: MemberFact[]; seqs: number[] } => {
  const rows = tx.all(
    'SELECT seq, event_id, fact FROM {membership_facts} WHERE network_id = ? AND organisation_id = ? ORDER BY seq',
    networkId,
    organisationId,
  );
  return {
    facts: rows.map(
      (row) => decodeFact(String(row.event_id), organisationId, String(row.fact)) as MemberFact,
    ),
    seqs: rows.map((row) => Number(row.seq)),
  };
};

/** One stretch of days a member counts in a category: `[startDay, endDay)`. */
interface Piece {
  readonly startDay: string;
  readonly endDay: string;
  readonly intervalNo: number;
  readonly periodNo: number;
}

/**
 * Day ranges per interval and category. Like the domain's `membersOn`, which takes a member's
 * first interval covering a day, a later interval never counts on days an earlier one covers
 * (intervals overlap only after a correction moves a leave past the next join).
 */
export function piecesOf(intervals: readonly MembershipInterval[]): Piece[] {
  const pieces: Piece[] = [];
  const covered: [string, string][] = [];
  intervals.forEach((interval, intervalNo) => {
    const start = intervalStartDay(interval);
    const end = interval.to === undefined ? OPEN_END : maxDay(start, earliestDay(interval.to));
    const bounds = interval.categories.map((period, i) =>
      i === 0 ? start : minDay(end, maxDay(start, earliestDay(period.from))),
    );
    interval.categories.forEach((_, periodNo) => {
      let ranges: [string, string][] = [[bounds[periodNo] as string, bounds[periodNo + 1] ?? end]];
      for (const [from, to] of covered) {
        ranges = ranges.flatMap(([a, b]): [string, string][] =>
          to <= a || b <= from
            ? [[a, b]]
            : (
                [
                  [a, minDay(b, from)],
                  [maxDay(a, to), b],
                ] as [string, string][]
              ).filter(([x, y]) => x < y),
        );
      }
      for (const [startDay, endDay] of ranges) {
        if (startDay < endDay) pieces.push({ startDay, endDay, intervalNo, periodNo });
      }
    });
    if (start < end) covered.push([start, end]);
  });
  return pieces;
}

type PeriodValues = [
  intervalNo: number,
  periodNo: number,
  startDay: string,
  endDay: string,
  category: string,
  categoryFrom: string,
  categorySeq: number,
  joinSeq: number,
  fromDate: string,
  dateQualifier: string,
  toDate: string | null,
  leaveSeq: number | null,
  leaveReason: string | null,
];

/**
 * A member's period rows as stored, by their table's key: the interval's join (its position is
 * the interval's for good, whatever corrections do to the order of the member's intervals), the
 * period, the first day.
 */
type PeriodRows = Map<string, PeriodValues>;

const periodKey = (values: PeriodValues): string => `${values[7]}/${values[1]}/${values[2]}`;

/** Period rows in their table's key order. */
const byPeriodKey = (a: PeriodChange, b: PeriodChange): number =>
  a.values[7] - b.values[7] || a.values[1] - b.values[1] || compareText(a.values[2], b.values[2]);

interface PeriodChange {
  readonly state: MemberState;
  readonly values: PeriodValues;
}

/** The period rows of a member's intervals; facts are named by their log position. */
const periodRowsOf = (
  intervals: readonly MembershipInterval[],
  facts: readonly MemberFact[],
  seqs: readonly number[],
): PeriodRows => {
  const seqOf = (eventId: string): number => {
    const seq = seqs[facts.findIndex((fact) => fact.eventId === eventId)];
    if (seq === undefined) throw new Error(`the register has no position for fact ${eventId}`);
    return seq;
  };
  const rows: PeriodRows = new Map();
  for (const piece of piecesOf(intervals)) {
    const interval = intervals[piece.intervalNo] as MembershipInterval;
    const period = interval.categories[piece.periodNo] as CategoryPeriod;
    const values: PeriodValues = [
      piece.intervalNo,
      piece.periodNo,
      piece.startDay,
      piece.endDay,
      period.category,
      period.from,
      seqOf(period.eventId),
      seqOf(interval.joinEventId),
      interval.from,
      interval.dateQualifier,
      interval.to ?? null,
      interval.leaveEventId === undefined ? null : seqOf(interval.leaveEventId),
      interval.leaveReason ?? null,
    ];
    rows.set(periodKey(values), values);
  }
  return rows;
};

const storedPeriodRows = (
  tx: ProjectionTx,
  networkId: string,
  organisationId: string,
): PeriodRows =>
  new Map(
    tx
      .all(
        'SELECT * FROM {membership_periods} WHERE network_id = ? AND organisation_id = ?',
        networkId,
        organisationId,
      )
      .map((row): [string, PeriodValues] => {
        const values: PeriodValues = [
          Number(row.interval_no),
          Number(row.period_no),
          String(row.start_day),
          String(row.end_day),
          String(row.category),
          String(row.category_from),
          Number(row.category_seq),
          Number(row.join_seq),
          String(row.from_date),
          String(row.date_qualifier),
          row.to_date === null ? null : String(row.to_date),
          row.leave_seq === null ? null : Number(row.leave_seq),
          row.leave_reason === null ? null : String(row.leave_reason),
        ];
        return [periodKey(values), values];
      }),
  );

const sameValues = (a: PeriodValues, b: PeriodValues): boolean =>
  a.every((value, i) => value === b[i]);

/**
 * Member counts per network, category and month: periods starting minus periods ending in the
 * month. "Members on D" sums the months before D's and counts only D's own month in the periods,
 * so a report reads a few thousand rows whatever the size of the register.
 */
function countMonths(deltas: MonthDeltas, values: PeriodValues, sign: 1 | -1): void {
  addMonth(deltas, `${values[4]}|${values[2].slice(0, 7)}`, sign, 0);
  if (values[3] !== OPEN_END) addMonth(deltas, `${values[4]}|${values[3].slice(0, 7)}`, 0, sign);
}

/** Changes of a network's month counts by `category|month`: [starts, ends]. */
type MonthDeltas = Map<string, [starts: number, ends: number]>;

function addMonth(deltas: MonthDeltas, key: string, starts: number, ends: number): void {
  const delta = deltas.get(key);
  if (delta === undefined) {
    deltas.set(key, [starts, ends]);
  } else {
    delta[0] += starts;
    delta[1] += ends;
  }
}

/**
 * The period rows a member no longer has, and those it has anew or changed (most events touch one
 * row); counts their months.
 */
function periodChanges(
  before: PeriodRows,
  after: PeriodRows,
  deltas: MonthDeltas,
): { gone: PeriodValues[]; written: PeriodValues[] } {
  const gone: PeriodValues[] = [];
  for (const [key, values] of before) {
    if (after.has(key)) continue;
    countMonths(deltas, values, -1);
    gone.push(values);
  }
  const written: PeriodValues[] = [];
  for (const [key, values] of after) {
    const old = before.get(key);
    if (old !== undefined && sameValues(old, values)) continue;
    if (old !== undefined) countMonths(deltas, old, -1);
    countMonths(deltas, values, 1);
    written.push(values);
  }
  return { gone, written };
}

/**
 * Adds the month counts of a network's changed periods (`deltas`). A month whose counts come
 * back to zero is removed, so the rows do not depend on how the events were split into
 * transactions.
 */
function writeMonths(tx: ProjectionTx, networkId: string, deltas: MonthDeltas): void {
  for (const [key, [starts, ends]] of deltas) {
    if (starts === 0 && ends === 0) continue;
    const [category, month] = key.split('|') as [string, string];
    const counts = tx.get(
      `INSERT INTO {membership_months} (network_id, category, month, starts, ends)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (network_id, category, month) DO UPDATE SET
         starts = starts + excluded.starts, ends = ends + excluded.ends
       RETURNING starts, ends`,
      networkId,
      category,
      month,
      starts,
      ends,
    );
    if (counts?.starts === 0 && counts.ends === 0) {
      tx.run(
        'DELETE FROM {membership_months} WHERE network_id = ? AND category = ? AND month = ?',
        networkId,
        category,
        month,
      );
    }
  }
}

/**
 * A member's facts in stream order as they stand after corrections, the log position of each, and
 * its period rows as stored (as of the last flush).
 */
interface MemberState {
  readonly networkId: string;
  readonly organisationId: string;
  readonly facts: MemberFact[];
  readonly seqs: number[];
  rows: PeriodRows;
}

/**
 * Members (and facts) kept between events, under one memo entry: a register holds hundreds of
 * thousands, and reloading one costs two queries. Emptied after a flush once it holds more members
 * and facts than this.
 */
const MEMBERS = 'members';
const MEMBER_LIMIT = 2_000_000;

/** The members whose facts changed since the last flush (write-behind: see `flushMembers`). */
const DIRTY = 'dirty-members';

const memoOf = <T>(tx: ProjectionTx, key: string, create: () => T): T => {
  let value = tx.memo.get(key) as T | undefined;
  if (value === undefined) {
    value = create();
    tx.memo.set(key, value);
  }
  return value;
};

const dirtyMembers = (tx: ProjectionTx): Set<MemberState> =>
  memoOf(tx, DIRTY, () => new Set<MemberState>());

/**
 * The members kept in memory. `complete` when the map was started on an empty register and never
 * emptied since: a member missing from it then has no facts, and is not looked up.
 */
interface Members {
  readonly complete: boolean;
  /** By network, then organisation: ids are looked up as they come, never joined into a key. */
  readonly byNetwork: Map<string, Map<string, MemberState>>;
  /**
   * While `complete`: every fact by the id of its event, for corrections to find. Ids are random,
   * so an index on them would take its inserts at random places all through a rebuild.
   */
  readonly facts: Map<string, FactRef>;
  size: number;
}

/** Where a fact is: its network, position, and member (or, for a census, the fact itself). */
type FactRef =
  | { readonly networkId: string; readonly seq: number; readonly member: MemberState }
  | { readonly networkId: string; readonly seq: number; census: CensusPoint };

const membersOf = (tx: ProjectionTx): Members =>
  memoOf(
    tx,
    MEMBERS,
    (): Members => ({
      complete: tx.memoSeesAll('membership_facts'),
      byNetwork: new Map(),
      facts: new Map(),
      size: 0,
    }),
  );

const memberState = (tx: ProjectionTx, networkId: string, organisationId: string): MemberState => {
  const members = membersOf(tx);
  let network = members.byNetwork.get(networkId);
  if (network === undefined) {
    network = new Map();
    members.byNetwork.set(networkId, network);
  }
  const cached = network.get(organisationId);
  if (cached !== undefined) return cached;
  const { facts, seqs } = members.complete
    ? { facts: [], seqs: [] }
    : loadMemberFacts(tx, networkId, organisationId);
  const state: MemberState = {
    networkId,
    organisationId,
    facts,
    seqs,
    rows: facts.length === 0 ? new Map() : storedPeriodRows(tx, networkId, organisationId),
  };
  network.set(organisationId, state);
  members.size++;
  return state;
};

/**
 * Writes the periods of every member changed since the last flush, once each however many of
 * their events the transaction held, and the month counts once per network, category and month.
 */
function flushMembers(tx: ProjectionTx): void {
  const dirty = tx.memo.get(DIRTY) as Set<MemberState> | undefined;
  if (dirty === undefined || dirty.size === 0) return;
  const deltas = new Map<string, MonthDeltas>();
  const deltasOf = (networkId: string): MonthDeltas => {
    let networkDeltas = deltas.get(networkId);
    if (networkDeltas === undefined) {
      networkDeltas = new Map();
      deltas.set(networkId, networkDeltas);
    }
    return networkDeltas;
  };
  const gone: PeriodChange[] = [];
  const written: PeriodChange[] = [];
  for (const state of dirty) {
    const rows = periodRowsOf(intervalsOf(state.facts), state.facts, state.seqs);
    const change = periodChanges(state.rows, rows, deltasOf(state.networkId));
    state.rows = rows;
    for (const values of change.gone) gone.push({ state, values });
    for (const values of change.written) written.push({ state, values });
  }
  // In key order: a rebuild's new periods (keyed by their join's position) go at the end of the
  // table, page after page. Deletes first: each statement run writes the buffered inserts, which
  // would cut the periods' multi-row inserts short.
  for (const { values } of gone.sort(byPeriodKey)) {
    tx.run(
      'DELETE FROM {membership_periods} WHERE join_seq = ? AND period_no = ? AND start_day = ?',
      values[7],
      values[1],
      values[2],
    );
  }
  for (const { state, values } of written.sort(byPeriodKey)) {
    tx.insert(
      `INSERT OR REPLACE INTO {membership_periods} (interval_no, period_no, start_day, end_day,
         category, category_from, category_seq, join_seq, from_date, date_qualifier,
         to_date, leave_seq, leave_reason, network_id, organisation_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ...values,
      state.networkId,
      state.organisationId,
    );
  }
  dirty.clear();
  for (const [networkId, networkDeltas] of deltas) writeMonths(tx, networkId, networkDeltas);
  const members = tx.memo.get(MEMBERS) as Members | undefined;
  if (members !== undefined && members.size + members.facts.size > MEMBER_LIMIT) {
    tx.memo.delete(MEMBERS);
  }
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const maxDay = (a: string, b: string): string => (a > b ? a : b);
const minDay = (a: string, b: string): string => (a < b ? a : b);

const censusValues = (fact: CensusPoint) => [
  fact.asOf,
  latestDay(fact.asOf),
  fact.total,
  fact.companies ?? null,
  fact.researchOrganisations ?? null,
  fact.otherBodies ?? null,
  fact.approximate === true ? 1 : 0,
  fact.retracted ? 1 : 0,
];

function insertCensus(
  tx: ProjectionTx,
  networkId: string,
  fact: CensusPoint,
  seq: number,
  source: string,
): void {
  tx.insert(
    `INSERT INTO {membership_census} (event_id, network_id, seq, source, as_of, as_of_day,
       total, companies, research, other, approximate, retracted)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    fact.eventId,
    networkId,
    seq,
    source,
    ...censusValues(fact),
  );
}

/** A corrected census point keeps its position and its source. */
function updateCensus(tx: ProjectionTx, fact: CensusPoint): void {
  tx.run(
    `UPDATE {membership_census} SET as_of = ?, as_of_day = ?, total = ?, companies = ?,
       research = ?, other = ?, approximate = ?, retracted = ?
     WHERE event_id = ?`,
    ...censusValues(fact),
    fact.eventId,
  );
}

const insertFact = (
  tx: ProjectionTx,
  networkId: string,
  fact: MembershipFact,
  seq: number,
): void => {
  tx.insert(
    'INSERT INTO {membership_facts} (seq, event_id, network_id, organisation_id, fact) VALUES (?, ?, ?, ?, ?)',
    seq,
    fact.eventId,
    networkId,
    fact.kind === 'census' ? null : fact.organisationId,
    encodeFact(fact),
  );
};

function applyMemberEvent(
  tx: ProjectionTx,
  event: EventEnvelope<
    Extract<DomainEvent, { type: 'MemberJoined' | 'MemberCategoryChanged' | 'MemberLeft' }>
  >,
): void {
  const { networkId, organisationId } = event.data;
  const fact = factOf(event) as MemberFact;
  const state = memberState(tx, networkId, organisationId);
  state.facts.push(fact);
  state.seqs.push(event.position);
  const members = membersOf(tx);
  if (members.complete)
    members.facts.set(event.id, { networkId, seq: event.position, member: state });
  dirtyMembers(tx).add(state);
  insertFact(tx, networkId, fact, event.position);
}

/** The fact a correction names, from memory while the memo is complete, else from the table. */
function factToCorrect(
  tx: ProjectionTx,
  eventId: string,
):
  | { networkId: string; seq: number; organisationId: string | null; census?: CensusPoint }
  | undefined {
  const members = membersOf(tx);
  if (members.complete) {
    const ref = members.facts.get(eventId);
    if (ref === undefined) return undefined;
    return 'member' in ref
      ? { networkId: ref.networkId, seq: ref.seq, organisationId: ref.member.organisationId }
      : { networkId: ref.networkId, seq: ref.seq, organisationId: null, census: ref.census };
  }
  const row = tx.get(
    'SELECT seq, network_id, organisation_id, fact FROM {membership_facts} WHERE event_id = ?',
    eventId,
  );
  if (row === undefined) return undefined;
  const networkId = String(row.network_id);
  const seq = Number(row.seq);
  return row.organisation_id === null
    ? {
        networkId,
        seq,
        organisationId: null,
        census: decodeFact(eventId, null, String(row.fact)) as CensusPoint,
      }
    : { networkId, seq, organisationId: String(row.organisation_id) };
}

function applyCorrection(
  tx: ProjectionTx,
  event: EventEnvelope<Extract<DomainEvent, { type: 'MembershipRecordCorrected' }>>,
): void {
  const { networkId, correctsEventId } = event.data;
  const target = factToCorrect(tx, correctsEventId);
  // As in the domain's register: a correction of a fact this network does not hold changes nothing.
  if (target === undefined || target.networkId !== networkId) return;
  const { organisationId } = target;
  let applied: AppliedCorrection;
  if (organisationId === null) {
    applied = correctionOf(target.census as CensusPoint, event);
    const ref = membersOf(tx).facts.get(correctsEventId);
    if (ref !== undefined && 'census' in ref) ref.census = applied.after as CensusPoint;
  } else {
    const state = memberState(tx, networkId, organisationId);
    const index = state.facts.findIndex((fact) => fact.eventId === correctsEventId);
    const before = state.facts[index];
    if (before === undefined) {
      throw new Error(`member ${organisationId} has no fact ${correctsEventId} in its register`);
    }
    applied = correctionOf(before, event);
    state.facts[index] = applied.after as MemberFact;
    dirtyMembers(tx).add(state);
  }
  const { after } = applied;
  tx.run('UPDATE {membership_facts} SET fact = ? WHERE seq = ?', encodeFact(after), target.seq);
  if (after.kind === 'census') updateCensus(tx, after);
  tx.insert(
    `INSERT INTO {membership_corrections} (correction_event_id, seq, network_id, organisation_id,
       corrects_event_id, field, before, after, recorded_at, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    applied.correctionEventId,
    event.position,
    networkId,
    organisationId,
    applied.correctsEventId,
    applied.field,
    JSON.stringify(applied.before),
    JSON.stringify(applied.after),
    applied.recordedAt,
    applied.reason ?? null,
  );
}

export const membershipRegisterProjection = defineProjection({
  name: 'membership-register',
  version: 4,
  description:
    'Per network: every membership fact as it stands after corrections, validity intervals by category, census points and the corrections applied.',
  tables: [
    {
      name: 'membership_facts',
      columns: `seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, network_id TEXT NOT NULL,
        organisation_id TEXT, fact TEXT NOT NULL`,
      lookupIndexes: ['(network_id, organisation_id)', '(event_id)'],
    },
    {
      name: 'membership_periods',
      columns: `network_id TEXT NOT NULL, organisation_id TEXT NOT NULL, interval_no INTEGER NOT NULL,
        period_no INTEGER NOT NULL, start_day TEXT NOT NULL, end_day TEXT NOT NULL,
        category TEXT NOT NULL, category_from TEXT NOT NULL, category_seq INTEGER NOT NULL,
        join_seq INTEGER NOT NULL, from_date TEXT NOT NULL, date_qualifier TEXT NOT NULL,
        to_date TEXT, leave_seq INTEGER, leave_reason TEXT,
        PRIMARY KEY (join_seq, period_no, start_day)`,
      withoutRowid: true,
      lookupIndexes: ['(network_id, organisation_id)'],
      queryIndexes: [
        '(start_day, end_day, network_id, category)',
        '(end_day, network_id, category)',
        '(organisation_id)',
        '(network_id, from_date, organisation_id, interval_no, start_day)',
      ],
    },
    {
      name: 'membership_months',
      columns: `network_id TEXT NOT NULL, category TEXT NOT NULL, month TEXT NOT NULL,
        starts INTEGER NOT NULL, ends INTEGER NOT NULL, PRIMARY KEY (network_id, category, month)`,
      withoutRowid: true,
      queryIndexes: ['(month, network_id, category, starts, ends)'],
    },
    {
      name: 'membership_census',
      columns: `event_id TEXT PRIMARY KEY, network_id TEXT NOT NULL, seq INTEGER NOT NULL,
        as_of TEXT NOT NULL, as_of_day TEXT NOT NULL, total INTEGER NOT NULL, companies INTEGER,
        research INTEGER, other INTEGER, approximate INTEGER NOT NULL, retracted INTEGER NOT NULL,
        source TEXT NOT NULL`,
      queryIndexes: ['(network_id, as_of_day, seq)'],
    },
    {
      name: 'membership_corrections',
      columns: `correction_event_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, network_id TEXT NOT NULL,
        organisation_id TEXT, corrects_event_id TEXT NOT NULL, field TEXT NOT NULL,
        before TEXT NOT NULL, after TEXT NOT NULL, recorded_at TEXT NOT NULL, reason TEXT`,
      queryIndexes: ['(network_id, seq)'],
    },
  ],
  flush: flushMembers,
  apply: (tx, event) => {
    // Taken at the first event a memo sees, when the table shows whether it holds every fact.
    membersOf(tx);
    switch (event.type) {
      case 'MemberJoined':
      case 'MemberCategoryChanged':
      case 'MemberLeft':
        applyMemberEvent(tx, event);
        return;
      case 'MembershipCensusReported': {
        const fact = factOf(event) as CensusPoint;
        const members = membersOf(tx);
        if (members.complete) {
          members.facts.set(event.id, {
            networkId: event.data.networkId,
            seq: event.position,
            census: fact,
          });
        }
        insertFact(tx, event.data.networkId, fact, event.position);
        insertCensus(
          tx,
          event.data.networkId,
          fact,
          event.position,
          JSON.stringify(event.metadata.source),
        );
        return;
      }
      case 'MembershipRecordCorrected':
        applyCorrection(tx, event);
        return;
      default:
        return;
    }
  },
});
