import { type DomainEvent, eventRegistry, type NetworkStreamEvent } from '../registry.ts';
import { MEMBER_CATEGORIES, type MemberCategory } from '../shared/categories.ts';
import type { EventEnvelope } from '../shared/envelope.ts';
import type { NetworkId } from '../shared/ids.ts';
import {
  comparePartialDates,
  earliestDay,
  type IsoDay,
  latestDay,
  type PartialDate,
} from '../shared/partialDate.ts';
import type { Projection } from '../shared/projection.ts';
import {
  applyToNetworkRegister,
  emptyNetworkRegister,
  type MembershipInterval,
  type NetworkRegister,
} from './register.ts';

export interface MembershipRegisterState {
  readonly networks: Readonly<Record<NetworkId, NetworkRegister>>;
}

const isNetworkStreamEvent = (
  event: EventEnvelope<DomainEvent>,
): event is EventEnvelope<NetworkStreamEvent> => eventRegistry[event.type].stream === 'network';

/**
 * Per network: membership intervals (from, to, category over time) with corrections applied,
 * census points, and the audit trail of corrections (each with the fact before and after).
 */
export const membershipRegister: Projection<MembershipRegisterState> = {
  name: 'membership-register',
  version: 1,
  initialState: { networks: {} },
  apply: (state, event) => {
    if (!isNetworkStreamEvent(event)) return state;
    const { networkId } = event.data;
    const current = state.networks[networkId] ?? emptyNetworkRegister;
    const next = applyToNetworkRegister(current, event);
    return next === current ? state : { networks: { ...state.networks, [networkId]: next } };
  },
};

export interface MemberCounts {
  readonly total: number;
  readonly byCategory: Readonly<Record<MemberCategory, number>>;
}

/**
 * When an interval starts counting. An `on` join counts from the first day of its period: the
 * source places the join within that period, and "member since 2014" is read as a member in 2014.
 * A `by` join counts only from the last day of its period: the source only vouches that the
 * organisation was a member no later than that, so counting it earlier would assert more than
 * the source says. Leaves and category changes take effect from the first day of their period.
 */
const startDay = (interval: MembershipInterval): IsoDay =>
  interval.dateQualifier === 'by' ? latestDay(interval.from) : earliestDay(interval.from);

const categoryOn = (interval: MembershipInterval, day: IsoDay): MemberCategory | undefined => {
  let category = interval.categories[0]?.category;
  for (const period of interval.categories) {
    if (earliestDay(period.from) <= day) category = period.category;
  }
  return category;
};

/**
 * Members of a network on a date, by category. A partial date is read as its last day ("as of
 * the end of 2020"), like a census `asOf`. `null` when the network is not registered.
 */
export const membersOn = (
  register: MembershipRegisterState,
  networkId: NetworkId,
  date: PartialDate,
): MemberCounts | null => {
  const network = register.networks[networkId];
  if (network === undefined || !network.registered) return null;
  const day = latestDay(date);
  const byCategory: Record<MemberCategory, number> = Object.fromEntries(
    MEMBER_CATEGORIES.map((category) => [category, 0]),
  ) as Record<MemberCategory, number>;
  let total = 0;
  for (const intervals of Object.values(network.intervals)) {
    const current = intervals.find(
      (interval) =>
        startDay(interval) <= day && (interval.to === undefined || day < earliestDay(interval.to)),
    );
    const category = current === undefined ? undefined : categoryOn(current, day);
    if (category !== undefined) {
      byCategory[category] += 1;
      total += 1;
    }
  }
  return { total, byCategory };
};

/** A network's membership intervals, by member, in join-date order. */
export const membershipIntervals = (
  register: MembershipRegisterState,
  networkId: NetworkId,
): readonly MembershipInterval[] =>
  Object.values(register.networks[networkId]?.intervals ?? {})
    .flat()
    .sort(
      (a, b) =>
        comparePartialDates(a.from, b.from) || a.organisationId.localeCompare(b.organisationId),
    );
