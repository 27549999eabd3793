import type { NetworkStreamEvent } from '../registry.ts';
import type { DateQualifier, MemberCategory } from '../shared/categories.ts';
import type { EventEnvelope } from '../shared/envelope.ts';
import type { NetworkId, OrganisationId } from '../shared/ids.ts';
import { comparePartialDates, type PartialDate } from '../shared/partialDate.ts';
import type { MembershipCorrection } from './events.ts';

/** A recorded membership fact as it stands after corrections, keyed by the id of the event that stated it. */
export type MembershipFact =
  | {
      readonly kind: 'join';
      readonly eventId: string;
      readonly organisationId: OrganisationId;
      readonly category: MemberCategory;
      readonly effectiveDate: PartialDate;
      readonly dateQualifier: DateQualifier;
      readonly retracted: boolean;
    }
  | {
      readonly kind: 'category_change';
      readonly eventId: string;
      readonly organisationId: OrganisationId;
      readonly from: MemberCategory;
      readonly to: MemberCategory;
      readonly effectiveDate: PartialDate;
      readonly retracted: boolean;
    }
  | {
      readonly kind: 'leave';
      readonly eventId: string;
      readonly organisationId: OrganisationId;
      readonly effectiveDate: PartialDate;
      readonly reason: string;
      readonly retracted: boolean;
    }
  | {
      readonly kind: 'census';
      readonly eventId: string;
      readonly asOf: PartialDate;
      readonly total: number;
      readonly companies?: number | undefined;
      readonly researchOrganisations?: number | undefined;
      readonly otherBodies?: number | undefined;
      readonly approximate?: boolean | undefined;
      readonly retracted: boolean;
    };

export type MembershipFactKind = MembershipFact['kind'];
export type MemberFact = Exclude<MembershipFact, { kind: 'census' }>;
export type CensusPoint = Extract<MembershipFact, { kind: 'census' }>;

/** The category a member held from a date on; `eventId` is the join or category change that set it. */
export interface CategoryPeriod {
  readonly from: PartialDate;
  readonly category: MemberCategory;
  readonly eventId: string;
}

/** One uninterrupted membership: from its join to its leave (open while `to` is absent). */
export interface MembershipInterval {
  readonly organisationId: OrganisationId;
  readonly joinEventId: string;
  readonly from: PartialDate;
  readonly dateQualifier: DateQualifier;
  readonly to?: PartialDate;
  readonly leaveEventId?: string;
  readonly leaveReason?: string;
  /** Category over time, in date order; the first period starts with the join. */
  readonly categories: readonly CategoryPeriod[];
}

/** Audit trail: what a correction changed, with the fact as it stood before and after. */
export interface AppliedCorrection {
  readonly correctionEventId: string;
  readonly correctsEventId: string;
  readonly field: MembershipCorrection['field'];
  readonly before: MembershipFact;
  readonly after: MembershipFact;
  readonly recordedAt: string;
  readonly reason?: string;
}

/** The membership register of one network, evolved from its `network-{id}` stream. */
export interface NetworkRegister {
  readonly networkId: NetworkId | undefined;
  readonly registered: boolean;
  readonly establishedOn: PartialDate | undefined;
  /** Correctable facts by event id, as they stand after corrections (retracted ones stay, flagged). */
  readonly facts: Readonly<Record<string, MembershipFact>>;
  /** Each member's fact ids in stream order. */
  readonly factOrder: Readonly<Record<OrganisationId, readonly string[]>>;
  /** Census fact ids in stream order. */
  readonly censusOrder: readonly string[];
  readonly intervals: Readonly<Record<OrganisationId, readonly MembershipInterval[]>>;
  /** Census facts in stream order, retracted ones excluded. */
  readonly census: readonly CensusPoint[];
  readonly corrections: readonly AppliedCorrection[];
}

export const emptyNetworkRegister: NetworkRegister = {
  networkId: undefined,
  registered: false,
  establishedOn: undefined,
  facts: {},
  factOrder: {},
  censusOrder: [],
  intervals: {},
  census: [],
  corrections: [],
};

type MutableInterval = {
  -readonly [K in keyof MembershipInterval]: MembershipInterval[K];
} & { categories: CategoryPeriod[] };

const byDate = (a: CategoryPeriod, b: CategoryPeriod): number =>
  comparePartialDates(a.from, b.from);

/**
 * Rebuilds a member's intervals from its facts in stream order. A retracted join takes its whole
 * episode with it: the category changes and leave recorded after it, up to the next join, are dropped.
 */
export const intervalsOf = (facts: readonly MemberFact[]): MembershipInterval[] => {
  const intervals: MutableInterval[] = [];
  let current: MutableInterval | null = null;
  for (const fact of facts) {
    switch (fact.kind) {
      case 'join':
        current = fact.retracted
          ? null
          : {
              organisationId: fact.organisationId,
              joinEventId: fact.eventId,
              from: fact.effectiveDate,
              dateQualifier: fact.dateQualifier,
              categories: [
                { from: fact.effectiveDate, category: fact.category, eventId: fact.eventId },
              ],
            };
        if (current !== null) intervals.push(current);
        break;
      case 'category_change':
        if (current !== null && !fact.retracted) {
          current.categories.push({
            from: fact.effectiveDate,
            category: fact.to,
            eventId: fact.eventId,
          });
        }
        break;
      case 'leave':
        if (current !== null && !fact.retracted && current.to === undefined) {
          current.to = fact.effectiveDate;
          current.leaveEventId = fact.eventId;
          current.leaveReason = fact.reason;
        }
        break;
      default:
        fact satisfies never;
    }
  }
  for (const interval of intervals) interval.categories.sort(byDate);
  return intervals;
};

/**
 * A copy of a record keyed by ids, with `key` set. The copy starts in dictionary mode
 * (`Object.create(null)`): a literal spread would give V8 a new hidden class for every id ever
 * seen, and a register sees one id per fact.
 */
const withEntry = <T>(
  record: Readonly<Record<string, T>>,
  key: string,
  value: T,
): Record<string, T> => {
  const copy = Object.create(null) as Record<string, T>;
  for (const id in record) copy[id] = record[id] as T;
  copy[key] = value;
  return copy;
};

const withFact = (register: NetworkRegister, fact: MembershipFact): NetworkRegister => {
  const isNew = register.facts[fact.eventId] === undefined;
  const facts = withEntry(register.facts, fact.eventId, fact);
  if (fact.kind === 'census') {
    const censusOrder = isNew ? [...register.censusOrder, fact.eventId] : register.censusOrder;
    const census = censusOrder
      .map((id) => facts[id])
      .filter(
        (candidate): candidate is CensusPoint =>
          candidate !== undefined && candidate.kind === 'census' && !candidate.retracted,
      );
    return { ...register, facts, censusOrder, census };
  }
  const ids = register.factOrder[fact.organisationId] ?? [];
  const order = isNew ? [...ids, fact.eventId] : ids;
  const memberFacts = order
    .map((id) => facts[id])
    .filter(
      (candidate): candidate is MemberFact =>
        candidate !== undefined && candidate.kind !== 'census',
    );
  return {
    ...register,
    facts,
    factOrder: withEntry(register.factOrder, fact.organisationId, order),
    intervals: withEntry(register.intervals, fact.organisationId, intervalsOf(memberFacts)),
  };
};

const corrected = (fact: MembershipFact, correction: MembershipCorrection): MembershipFact => {
  switch (correction.field) {
    case 'effectiveDate':
      switch (fact.kind) {
        case 'join':
          return {
            ...fact,
            effectiveDate: correction.value,
            dateQualifier: correction.dateQualifier ?? fact.dateQualifier,
          };
        case 'category_change':
        case 'leave':
          return { ...fact, effectiveDate: correction.value };
        case 'census':
          return { ...fact, asOf: correction.value };
        default:
          return fact satisfies never;
      }
    case 'category':
      if (fact.kind === 'join') return { ...fact, category: correction.value };
      if (fact.kind === 'category_change') return { ...fact, to: correction.value };
      return fact;
    case 'counts': {
      if (fact.kind !== 'census') return fact;
      const { field: _field, ...counts } = correction;
      return {
        kind: 'census',
        eventId: fact.eventId,
        asOf: fact.asOf,
        retracted: fact.retracted,
        ...counts,
      };
    }
    case 'retracted':
      return { ...fact, retracted: true };
    default:
      return correction satisfies never;
  }
};

type FactEvent = EventEnvelope<
  Extract<
    NetworkStreamEvent,
    {
      type: 'MemberJoined' | 'MemberCategoryChanged' | 'MemberLeft' | 'MembershipCensusReported';
    }
  >
>;

/** The fact an event states, as first recorded (before any correction). */
export const factOf = (event: FactEvent): MembershipFact => {
  switch (event.type) {
    case 'MemberJoined':
      return {
        kind: 'join',
        eventId: event.id,
        organisationId: event.data.organisationId,
        category: event.data.category,
        effectiveDate: event.data.effectiveDate,
        dateQualifier: event.data.dateQualifier,
        retracted: false,
      };
    case 'MemberCategoryChanged':
      return {
        kind: 'category_change',
        eventId: event.id,
        organisationId: event.data.organisationId,
        from: event.data.from,
        to: event.data.to,
        effectiveDate: event.data.effectiveDate,
        retracted: false,
      };
    case 'MemberLeft':
      return {
        kind: 'leave',
        eventId: event.id,
        organisationId: event.data.organisationId,
        effectiveDate: event.data.effectiveDate,
        reason: event.data.reason,
        retracted: false,
      };
    case 'MembershipCensusReported': {
      const { networkId: _networkId, ...counts } = event.data;
      return { kind: 'census', eventId: event.id, retracted: false, ...counts };
    }
    default:
      return event satisfies never;
  }
};

/** What a correction does to the fact it corrects: the fact before and after, for the audit. */
export const correctionOf = (
  before: MembershipFact,
  event: EventEnvelope<Extract<NetworkStreamEvent, { type: 'MembershipRecordCorrected' }>>,
): AppliedCorrection => ({
  correctionEventId: event.id,
  correctsEventId: before.eventId,
  field: event.data.correction.field,
  before,
  after: corrected(before, event.data.correction),
  recordedAt: event.recordedAt,
  ...(event.metadata.reason === undefined ? {} : { reason: event.metadata.reason }),
});

/**
 * Applies one event of a `network-{id}` stream to that network's register. Shared by the
 * memberships decider state and the `membershipRegister` projection so both read facts the same way.
 */
export const applyToNetworkRegister = (
  register: NetworkRegister,
  event: EventEnvelope<NetworkStreamEvent>,
): NetworkRegister => {
  switch (event.type) {
    case 'NetworkRegistered':
      return {
        ...register,
        networkId: event.data.networkId,
        registered: true,
        establishedOn: event.data.establishedOn,
      };
    case 'MemberJoined':
    case 'MemberCategoryChanged':
    case 'MemberLeft':
    case 'MembershipCensusReported':
      return withFact(register, factOf(event));
    case 'MembershipRecordCorrected': {
      const before = register.facts[event.data.correctsEventId];
      if (before === undefined) return register;
      const audit = correctionOf(before, event);
      return { ...withFact(register, audit.after), corrections: [...register.corrections, audit] };
    }
    case 'NetworkProfileChanged':
    case 'NetworkRecognised':
    case 'NetworkAffiliated':
    case 'SuccessStoryRecorded':
      return register;
    default:
      return event satisfies never;
  }
};

/** The member's current interval when it is an active member, else `undefined`. */
export const activeInterval = (
  register: NetworkRegister,
  organisationId: OrganisationId,
): MembershipInterval | undefined => {
  const last = register.intervals[organisationId]?.at(-1);
  return last !== undefined && last.to === undefined ? last : undefined;
};

/** The category of an interval's latest period. */
export const currentCategory = (interval: MembershipInterval): MemberCategory | undefined =>
  interval.categories.at(-1)?.category;
