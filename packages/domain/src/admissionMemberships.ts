import type { MembershipCorrection } from './memberships/events.ts';
import type { NetworkStreamEvent } from './registry.ts';
import { type DateQualifier, MEMBER_CATEGORIES, type MemberCategory } from './shared/categories.ts';
import { checkFactDate } from './shared/dateRules.ts';
import type { EventEnvelope } from './shared/envelope.ts';
import { type DomainError, domainError } from './shared/errors.ts';
import { daysInMonth, PARTIAL_DATE_REASON, type PartialDate } from './shared/partialDate.ts';

/**
 * The membership rules of admission on a compact state. The deciders read a network's register,
 * which keeps every fact as an object with its intervals rebuilt on each fact; admitting millions
 * of facts needs far less: per member, each fact's id and one small integer (kind, date,
 * categories, qualifier, retracted), and a summary of its last interval. The rules are those of
 * `memberships/decider.ts`, refusing with the same errors: `admission.property.unit.test.ts`
 * checks the two agree on random histories.
 */

// --- dates as integers -----------------------------------------------------------------------

/**
 * A partial date as `year * 416 + month * 32 + day`, month and day 0 when absent: ordered as the
 * date's text is, and below 2^22, so a fact (date and 8 bits of flags) stays a small integer.
 */
type DateCode = number;

const YEAR = 416;
const MONTH = 32;
const NONE = -1;

const digit = (text: string, at: number): number => {
  const value = text.charCodeAt(at) - 48;
  return value >= 0 && value <= 9 ? value : Number.NaN;
};

const twoDigits = (text: string, at: number): number => digit(text, at) * 10 + digit(text, at + 1);

/** Reads a valid partial date; like `partialDate.ts`, anything else is a programming error. */
export const dateCode = (value: PartialDate): DateCode => {
  const length = value.length;
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + twoDigits(value, 2);
  let month = 0;
  let day = 0;
  let valid = (length === 4 || length === 7 || length === 10) && !Number.isNaN(year);
  if (valid && length >= 7) {
    month = twoDigits(value, 5);
    valid = value.charCodeAt(4) === 45 && month >= 1 && month <= 12;
  }
  if (valid && length === 10) {
    day = twoDigits(value, 8);
    valid = value.charCodeAt(7) === 45 && day >= 1 && day <= daysInMonth(year, month);
  }
  if (!valid) throw new RangeError(`"${value}" ${PARTIAL_DATE_REASON}`);
  return year * YEAR + month * MONTH + day;
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The date's text, exactly as it was written: partial dates have one spelling. */
const dateText = (code: DateCode): PartialDate => {
  const year = Math.floor(code / YEAR);
  const month = Math.floor((code % YEAR) / MONTH);
  const day = code % MONTH;
  if (month === 0) return pad(year, 4);
  return day === 0
    ? `${pad(year, 4)}-${pad(month, 2)}`
    : `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
};

const earliest = (code: DateCode): number => {
  const year = Math.floor(code / YEAR);
  const month = Math.floor((code % YEAR) / MONTH);
  const day = code % MONTH;
  return year * YEAR + (month || 1) * MONTH + (day || 1);
};

const latest = (code: DateCode): number => {
  const year = Math.floor(code / YEAR);
  const month = Math.floor((code % YEAR) / MONTH) || 12;
  const day = code % MONTH || daysInMonth(year, month);
  return year * YEAR + month * MONTH + day;
};

/** `isBefore` of `partialDate.ts`: every day `a` may stand for precedes every day of `b`. */
const isBefore = (a: DateCode, b: DateCode): boolean => latest(a) < earliest(b);

/** `comparePartialDates`: by earliest day, then the shorter period first. */
const compareDates = (a: DateCode, b: DateCode): number =>
  earliest(a) - earliest(b) || latest(a) - latest(b);

/** The day of `now` as `year * 10000 + month * 100 + day`, or NONE when not written YYYY-MM-DD. */
let clockText = '';
let clockDay = NONE;
const dayNumberOf = (now: string): number => {
  if (now !== clockText) {
    clockText = now;
    const year = digit(now, 0) * 1000 + digit(now, 1) * 100 + twoDigits(now, 2);
    const month = twoDigits(now, 5);
    const day = twoDigits(now, 8);
    const written =
      now.charCodeAt(4) === 45 && now.charCodeAt(7) === 45 && !Number.isNaN(year + month + day);
    clockDay = written ? year * 10_000 + month * 100 + day : NONE;
  }
  return clockDay;
};

/**
 * `checkFactDate` of `shared/dateRules.ts`, answered on integers in the common case; a refusal is
 * worded by `checkFactDate` itself.
 */
const checkDate = (
  field: string,
  date: PartialDate,
  code: DateCode,
  now: string,
  network: NetworkDates,
): DomainError | null => {
  const today = dayNumberOf(now);
  const first = earliest(code);
  const firstDay =
    Math.floor(first / YEAR) * 10_000 + Math.floor((first % YEAR) / MONTH) * 100 + (first % MONTH);
  const plausible =
    today !== NONE &&
    firstDay <= today &&
    (network.established === NONE || !isBefore(code, network.established));
  return plausible ? null : checkFactDate(field, date, now, network.establishedOn);
};

// --- facts as integers -----------------------------------------------------------------------

/** Bits of a packed fact, below its date: kind (2), retracted, category (2), from (2), `by`. */
const KIND = 3;
const JOIN = 0;
const CHANGE = 1;
const LEAVE = 2;
const RETRACTED = 4;
const CATEGORY_SHIFT = 3;
const FROM_SHIFT = 5;
const BY = 128;
const FLAGS = 256;

type Kind = typeof JOIN | typeof CHANGE | typeof LEAVE;

const FACT_NAMES = ['a join', 'a category change', 'a leave'] as const;

const categoryIndex = (category: MemberCategory): number => MEMBER_CATEGORIES.indexOf(category);

const categoryOf = (index: number): MemberCategory => MEMBER_CATEGORIES[index] ?? 'company';

const kindOf = (fact: number): Kind => (fact & KIND) as Kind;
const dateOf = (fact: number): DateCode => Math.floor(fact / FLAGS);
/** A join's category, or the category a change leads to. */
const categoryAt = (fact: number): number => (fact >> CATEGORY_SHIFT) & 3;
const fromAt = (fact: number): number => (fact >> FROM_SHIFT) & 3;
const qualifierOf = (fact: number): DateQualifier => ((fact & BY) === 0 ? 'on' : 'by');

const pack = (date: DateCode, flags: number): number => date * FLAGS + flags;

// --- the compact state -----------------------------------------------------------------------

/** What the membership rules read of the network itself. */
export interface NetworkDates {
  readonly establishedOn: PartialDate | undefined;
  /** `establishedOn` as a date code, NONE when unknown. */
  readonly established: DateCode;
}

/** One member of one network: its facts in stream order and a summary of its last interval. */
export interface MemberRecord {
  readonly ids: string[];
  /** `keyOf` each id: compared first, side by side in memory, where the ids are scattered. */
  readonly keys: number[];
  /** Each fact packed: `date * 256 + flags`. */
  readonly facts: number[];
  /** The last interval's join date, NONE when the member has no interval. */
  from: DateCode;
  /** The last interval's leave date, NONE while it is open. */
  to: DateCode;
  /** The last interval's latest category (by date) and when it took effect. */
  category: number;
  categoryFrom: DateCode;
  /** A category change or leave folded now lands in the last interval (its join stands). */
  foldsIntoLast: boolean;
}

export interface CensusRecord {
  asOf: DateCode;
  retracted: boolean;
}

const newMember = (): MemberRecord => ({
  ids: [],
  keys: [],
  facts: [],
  from: NONE,
  to: NONE,
  category: 0,
  categoryFrom: NONE,
  foldsIntoLast: false,
});

interface Period {
  readonly fact: number;
  readonly from: DateCode;
  readonly category: number;
}

interface Interval {
  /** Index of the join among the member's facts. */
  readonly join: number;
  readonly from: DateCode;
  to: DateCode;
  leave: number;
  /** In date order, ties in stream order. */
  readonly periods: Period[];
}

/**
 * The member's intervals as the register builds them (`intervalsOf` in `memberships/register.ts`):
 * a retracted join drops its episode, a leave closes only an open interval.
 */
const intervalsOf = (member: MemberRecord): { intervals: Interval[]; foldsIntoLast: boolean } => {
  const intervals: Interval[] = [];
  let current: Interval | null = null;
  for (const [index, fact] of member.facts.entries()) {
    const retracted = (fact & RETRACTED) !== 0;
    switch (kindOf(fact)) {
      case JOIN:
        current = retracted
          ? null
          : {
              join: index,
              from: dateOf(fact),
              to: NONE,
              leave: NONE,
              periods: [{ fact: index, from: dateOf(fact), category: categoryAt(fact) }],
            };
        if (current !== null) intervals.push(current);
        break;
      case CHANGE:
        if (current !== null && !retracted) {
          current.periods.push({ fact: index, from: dateOf(fact), category: categoryAt(fact) });
        }
        break;
      case LEAVE:
        if (current !== null && !retracted && current.to === NONE) {
          current.to = dateOf(fact);
          current.leave = index;
        }
        break;
      default:
        throw new RangeError(`member fact ${index} has no kind`);
    }
  }
  for (const interval of intervals) interval.periods.sort((a, b) => compareDates(a.from, b.from));
  return { intervals, foldsIntoLast: current !== null };
};

const summarise = (member: MemberRecord): void => {
  const { intervals, foldsIntoLast } = intervalsOf(member);
  const last = intervals.at(-1);
  const period = last?.periods.at(-1);
  member.from = last?.from ?? NONE;
  member.to = last?.to ?? NONE;
  member.category = period?.category ?? 0;
  member.categoryFrom = period?.from ?? NONE;
  member.foldsIntoLast = foldsIntoLast;
};

/** A number from the id's characters: equal ids give equal keys. */
const keyOf = (id: string): number => {
  let key = 0;
  for (let at = 0; at < id.length; at++) key = (Math.imul(key, 31) + id.charCodeAt(at)) | 0;
  return key;
};

/** Where the member's facts hold the one `id` names, or -1. */
const factIndex = (member: MemberRecord, id: string): number => {
  const key = keyOf(id);
  const { keys, ids } = member;
  for (let at = 0; at < keys.length; at++) if (keys[at] === key && ids[at] === id) return at;
  return -1;
};

/** Folds one new fact in, as `withFact` does: a repeated id replaces the fact it names. */
const recordFact = (member: MemberRecord, id: string, fact: number): void => {
  const existing = factIndex(member, id);
  if (existing !== -1) {
    member.facts[existing] = fact;
    summarise(member);
    return;
  }
  member.ids.push(id);
  member.keys.push(keyOf(id));
  member.facts.push(fact);
  const date = dateOf(fact);
  switch (kindOf(fact)) {
    case JOIN:
      member.from = date;
      member.to = NONE;
      member.category = categoryAt(fact);
      member.categoryFrom = date;
      member.foldsIntoLast = true;
      return;
    case CHANGE:
      // Periods sort by date, ties in stream order: the newest wins unless it is dated earlier.
      if (member.foldsIntoLast && compareDates(date, member.categoryFrom) >= 0) {
        member.category = categoryAt(fact);
        member.categoryFrom = date;
      }
      return;
    case LEAVE:
      if (member.foldsIntoLast && member.to === NONE) member.to = date;
      return;
    default:
      throw new RangeError(`member fact of "${id}" has no kind`);
  }
};

/** `corrected` of `memberships/register.ts`, on a packed member fact. */
const correctedFact = (fact: number, correction: MembershipCorrection): number => {
  const flags = fact % FLAGS;
  switch (correction.field) {
    case 'effectiveDate': {
      const date = dateCode(correction.value);
      if (kindOf(fact) !== JOIN || correction.dateQualifier === undefined) return pack(date, flags);
      return pack(date, correction.dateQualifier === 'by' ? flags | BY : flags & ~BY);
    }
    case 'category':
      return kindOf(fact) === LEAVE
        ? fact
        : pack(
            dateOf(fact),
            (flags & ~(3 << CATEGORY_SHIFT)) | (categoryIndex(correction.value) << CATEGORY_SHIFT),
          );
    case 'counts':
      return fact;
    case 'retracted':
      return fact | RETRACTED;
    default:
      return correction satisfies never;
  }
};

/** The membership share of a network's entry in the ledger state. */
export interface MembershipRecords {
  readonly members: Map<string, MemberRecord>;
  readonly censuses: Map<string, CensusRecord>;
}

const memberOf = (records: MembershipRecords, organisationId: string): MemberRecord => {
  let member = records.members.get(organisationId);
  if (member === undefined) {
    member = newMember();
    records.members.set(organisationId, member);
  }
  return member;
};

/** Folds a membership event of a network's stream into its records, in place. */
export const evolveMembershipRecords = (
  records: MembershipRecords,
  event: EventEnvelope<NetworkStreamEvent>,
): void => {
  switch (event.type) {
    case 'MemberJoined': {
      const { data } = event;
      const flags =
        JOIN |
        (categoryIndex(data.category) << CATEGORY_SHIFT) |
        (data.dateQualifier === 'by' ? BY : 0);
      recordFact(
        memberOf(records, data.organisationId),
        event.id,
        pack(dateCode(data.effectiveDate), flags),
      );
      return;
    }
    case 'MemberCategoryChanged': {
      const { data } = event;
      const flags =
        CHANGE |
        (categoryIndex(data.to) << CATEGORY_SHIFT) |
        (categoryIndex(data.from) << FROM_SHIFT);
      recordFact(
        memberOf(records, data.organisationId),
        event.id,
        pack(dateCode(data.effectiveDate), flags),
      );
      return;
    }
    case 'MemberLeft':
      recordFact(
        memberOf(records, event.data.organisationId),
        event.id,
        pack(dateCode(event.data.effectiveDate), LEAVE),
      );
      return;
    case 'MembershipCensusReported':
      records.censuses.set(event.id, { asOf: dateCode(event.data.asOf), retracted: false });
      return;
    case 'MembershipRecordCorrected': {
      const { organisationId, correctsEventId, correction } = event.data;
      if (organisationId === undefined) {
        const census = records.censuses.get(correctsEventId);
        if (census === undefined) return;
        if (correction.field === 'effectiveDate') census.asOf = dateCode(correction.value);
        if (correction.field === 'retracted') census.retracted = true;
        return;
      }
      const member = records.members.get(organisationId);
      const index = member === undefined ? -1 : factIndex(member, correctsEventId);
      const fact = member?.facts[index];
      if (member === undefined || fact === undefined) return;
      member.facts[index] = correctedFact(fact, correction);
      summarise(member);
      return;
    }
    case 'NetworkRegistered':
    case 'NetworkProfileChanged':
    case 'NetworkRecognised':
    case 'NetworkAffiliated':
    case 'SuccessStoryRecorded':
      return;
    default:
      event satisfies never;
  }
};

// --- the rules -------------------------------------------------------------------------------

const notRegistered = (networkId: string): DomainError =>
  domainError(
    'not_registered',
    'data.networkId',
    `names network "${networkId}", which is not registered`,
  );

/** The member's last interval is open (`activeInterval`). */
const isActive = (member: MemberRecord): boolean => member.from !== NONE && member.to === NONE;

const notMember = (networkId: string, organisationId: string): DomainError =>
  domainError(
    'not_member',
    'data.organisationId',
    `names "${organisationId}", which is not an active member of "${networkId}"`,
  );

/** A new fact of the current interval must not precede its join nor its latest category. */
const checkNotBeforeInterval = (
  field: string,
  date: DateCode,
  member: MemberRecord,
): DomainError | null => {
  if (isBefore(date, member.from)) {
    return domainError(
      'out_of_order',
      field,
      `must not be before the member joined (${dateText(member.from)})`,
    );
  }
  if (isBefore(date, member.categoryFrom)) {
    return domainError(
      'out_of_order',
      field,
      `must not be before the member's current category took effect (${dateText(member.categoryFrom)})`,
    );
  }
  return null;
};

export interface MembershipContext {
  /** The network's dates, or `null` while it is not registered. */
  readonly network: NetworkDates | null;
  readonly records: MembershipRecords | undefined;
  readonly now: string;
}

/** `decideRecordJoin`. */
export const admitJoin = (
  { network, records, now }: MembershipContext,
  networkId: string,
  organisationId: string,
  effectiveDate: PartialDate,
): DomainError | null => {
  if (network === null) return notRegistered(networkId);
  const member = records?.members.get(organisationId);
  if (member !== undefined && isActive(member)) {
    return domainError(
      'already_member',
      'data.organisationId',
      `names "${organisationId}", already an active member of "${networkId}"`,
    );
  }
  const date = dateCode(effectiveDate);
  const refused = checkDate('data.effectiveDate', effectiveDate, date, now, network);
  if (refused !== null) return refused;
  if (member !== undefined && member.from !== NONE && isBefore(date, member.to)) {
    return domainError(
      'out_of_order',
      'data.effectiveDate',
      `must not be before the member's previous leave (${dateText(member.to)})`,
    );
  }
  return null;
};

/**
 * `decideChangeMemberCategory`; on success, the category the change starts from (the decider
 * derives `from`, and admission compares it with the recorded one).
 */
export const admitCategoryChange = (
  { network, records, now }: MembershipContext,
  networkId: string,
  organisationId: string,
  to: MemberCategory,
  effectiveDate: PartialDate,
): { readonly refused: DomainError } | { readonly from: MemberCategory } => {
  if (network === null) return { refused: notRegistered(networkId) };
  const member = records?.members.get(organisationId);
  if (member === undefined || !isActive(member)) {
    return { refused: notMember(networkId, organisationId) };
  }
  const from = categoryOf(member.category);
  if (from === to) {
    return {
      refused: domainError(
        'no_change',
        'data.to',
        `must differ from the member's current category (${from})`,
      ),
    };
  }
  const date = dateCode(effectiveDate);
  const refused =
    checkDate('data.effectiveDate', effectiveDate, date, now, network) ??
    checkNotBeforeInterval('data.effectiveDate', date, member);
  return refused === null ? { from } : { refused };
};

/** `decideRecordLeave`. */
export const admitLeave = (
  { network, records, now }: MembershipContext,
  networkId: string,
  organisationId: string,
  effectiveDate: PartialDate,
): DomainError | null => {
  if (network === null) return notRegistered(networkId);
  const member = records?.members.get(organisationId);
  if (member === undefined || !isActive(member)) return notMember(networkId, organisationId);
  const date = dateCode(effectiveDate);
  return (
    checkDate('data.effectiveDate', effectiveDate, date, now, network) ??
    checkNotBeforeInterval('data.effectiveDate', date, member)
  );
};

/** `decideReportCensus`. */
export const admitCensus = (
  { network, now }: MembershipContext,
  networkId: string,
  asOf: PartialDate,
): DomainError | null =>
  network === null
    ? notRegistered(networkId)
    : checkDate('data.asOf', asOf, dateCode(asOf), now, network);

const FIELD = 'data.correction.value';

const mismatch = (correction: MembershipCorrection, kinds: string, factName: string): DomainError =>
  domainError(
    'correction_mismatch',
    'data.correction.field',
    `"${correction.field}" corrects only ${kinds}, not ${factName}`,
  );

const unknownFact = (networkId: string): DomainError =>
  domainError(
    'unknown_fact',
    'data.correctsEventId',
    `names no join, category change, leave or census of network "${networkId}"`,
  );

const alreadyRetracted = (): DomainError =>
  domainError('unknown_fact', 'data.correctsEventId', 'names a fact that was already retracted');

const checkCensusCorrection = (
  census: CensusRecord,
  correction: MembershipCorrection,
  network: NetworkDates,
  now: string,
): DomainError | null => {
  switch (correction.field) {
    case 'effectiveDate': {
      if (correction.dateQualifier !== undefined) {
        return domainError(
          'correction_mismatch',
          'data.correction.dateQualifier',
          'applies only to a join, not to a census',
        );
      }
      const current = dateText(census.asOf);
      if (current === correction.value) {
        return domainError('no_change', FIELD, `must differ from the date recorded (${current})`);
      }
      return checkDate(FIELD, correction.value, dateCode(correction.value), now, network);
    }
    case 'category':
      return mismatch(correction, 'a join or a category change', 'a census');
    case 'counts':
    case 'retracted':
      return null;
    default:
      return correction satisfies never;
  }
};

/** `checkCorrectedDate` of the membership decider: where a corrected date may fall. */
const checkCorrectedDate = (
  kind: Kind,
  value: DateCode,
  intervals: readonly Interval[],
  index: number,
): DomainError | null => {
  const interval = intervals[index];
  if (interval === undefined) return null;
  const laterPeriods = interval.periods.filter((period) => period.fact !== interval.join);
  switch (kind) {
    case JOIN: {
      const previousLeave = intervals[index - 1]?.to ?? NONE;
      if (previousLeave !== NONE && isBefore(value, previousLeave)) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be before the member's previous leave (${dateText(previousLeave)})`,
        );
      }
      const change = laterPeriods.find((period) => isBefore(period.from, value));
      if (change !== undefined) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be after the member's category change of ${dateText(change.from)}`,
        );
      }
      if (interval.to !== NONE && isBefore(interval.to, value)) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be after the member left (${dateText(interval.to)})`,
        );
      }
      return null;
    }
    case CHANGE:
      if (isBefore(value, interval.from)) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be before the member joined (${dateText(interval.from)})`,
        );
      }
      if (interval.to !== NONE && isBefore(interval.to, value)) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be after the member left (${dateText(interval.to)})`,
        );
      }
      return null;
    case LEAVE: {
      if (isBefore(value, interval.from)) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be before the member joined (${dateText(interval.from)})`,
        );
      }
      const change = laterPeriods.find((period) => isBefore(value, period.from));
      if (change !== undefined) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be before the member's category change of ${dateText(change.from)}`,
        );
      }
      const rejoin = intervals[index + 1]?.from;
      if (rejoin !== undefined && isBefore(rejoin, value)) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be after the member joined again (${dateText(rejoin)})`,
        );
      }
      return null;
    }
    default:
      return kind satisfies never;
  }
};

const checkMemberCorrection = (
  member: MemberRecord,
  index: number,
  correction: MembershipCorrection,
  network: NetworkDates,
  now: string,
): DomainError | null => {
  const fact = member.facts[index] ?? 0;
  const kind = kindOf(fact);
  const { intervals } = intervalsOf(member);
  const located = intervals.findIndex(
    (interval) =>
      interval.join === index ||
      interval.leave === index ||
      interval.periods.some((period) => period.fact === index),
  );
  if (located === -1) {
    return domainError(
      'unknown_fact',
      'data.correctsEventId',
      'names a fact whose join was retracted',
    );
  }
  switch (correction.field) {
    case 'effectiveDate': {
      if (correction.dateQualifier !== undefined && kind !== JOIN) {
        return domainError(
          'correction_mismatch',
          'data.correction.dateQualifier',
          `applies only to a join, not to ${FACT_NAMES[kind]}`,
        );
      }
      const current = dateText(dateOf(fact));
      const qualifierUnchanged =
        kind !== JOIN ||
        correction.dateQualifier === undefined ||
        correction.dateQualifier === qualifierOf(fact);
      if (current === correction.value && qualifierUnchanged) {
        return domainError('no_change', FIELD, `must differ from the date recorded (${current})`);
      }
      const value = dateCode(correction.value);
      return (
        checkDate(FIELD, correction.value, value, now, network) ??
        checkCorrectedDate(kind, value, intervals, located)
      );
    }
    case 'category': {
      if (kind === LEAVE) return mismatch(correction, 'a join or a category change', 'a leave');
      const recorded = categoryOf(categoryAt(fact));
      if (correction.value === recorded) {
        return domainError(
          'no_change',
          FIELD,
          `must differ from the category recorded (${recorded})`,
        );
      }
      const from = categoryOf(fromAt(fact));
      if (kind === CHANGE && correction.value === from) {
        return domainError(
          'no_change',
          FIELD,
          `must differ from the category before the change (${from})`,
        );
      }
      return null;
    }
    case 'counts':
      return mismatch(correction, 'a census', FACT_NAMES[kind]);
    case 'retracted':
      return kind === LEAVE && located < intervals.length - 1
        ? domainError(
            'invalid_state',
            'data.correctsEventId',
            'names a leave followed by a later join: retract or correct that join first',
          )
        : null;
    default:
      return correction satisfies never;
  }
};

/**
 * `decideCorrectMembershipRecord`. A correction naming a member is judged on that member's facts
 * only, one without a member on the censuses only, as the register is split for the decider.
 */
export const admitCorrection = (
  { network, records, now }: MembershipContext,
  networkId: string,
  organisationId: string | undefined,
  correctsEventId: string,
  correction: MembershipCorrection,
): DomainError | null => {
  if (network === null) return notRegistered(networkId);
  if (organisationId === undefined) {
    const census = records?.censuses.get(correctsEventId);
    if (census === undefined) return unknownFact(networkId);
    if (census.retracted) return alreadyRetracted();
    return checkCensusCorrection(census, correction, network, now);
  }
  const member = records?.members.get(organisationId);
  const index = member === undefined ? -1 : factIndex(member, correctsEventId);
  const fact = member?.facts[index];
  if (member === undefined || fact === undefined) return unknownFact(networkId);
  if ((fact & RETRACTED) !== 0) return alreadyRetracted();
  return checkMemberCorrection(member, index, correction, network, now);
};
