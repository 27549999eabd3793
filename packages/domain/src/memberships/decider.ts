import { checkFactDate } from '../shared/dateRules.ts';
import { type DomainError, domainError } from '../shared/errors.ts';
import type { NetworkId } from '../shared/ids.ts';
import { isBefore, type PartialDate } from '../shared/partialDate.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type {
  ChangeMemberCategory,
  CorrectMembershipRecord,
  MembershipCommand,
  RecordJoin,
  RecordLeave,
  ReportCensus,
} from './commands.ts';
import type {
  MemberCategoryChanged,
  MemberJoined,
  MemberLeft,
  MembershipCensusReported,
  MembershipCorrection,
  MembershipEvent,
  MembershipRecordCorrected,
} from './events.ts';
import {
  activeInterval,
  applyToNetworkRegister,
  currentCategory,
  emptyNetworkRegister,
  type MemberFact,
  type MembershipFact,
  type MembershipInterval,
  type NetworkRegister,
} from './register.ts';

/** The membership deciders' state: the network's register, evolved from its `network-{id}` stream. */
export type MembershipState = NetworkRegister;

export const initialMembershipState: MembershipState = emptyNetworkRegister;

/** Evolves from every event of the `network-{id}` stream (NetworkRegistered gives the founding date). */
export const evolveMembership = applyToNetworkRegister;

const requireNetwork = (state: MembershipState, networkId: NetworkId): DomainError | null =>
  state.registered
    ? null
    : domainError(
        'not_registered',
        'data.networkId',
        `names network "${networkId}", which is not registered`,
      );

const FACT_NAMES: Readonly<Record<MembershipFact['kind'], string>> = {
  join: 'a join',
  category_change: 'a category change',
  leave: 'a leave',
  census: 'a census',
};

export const decideRecordJoin = (
  command: RecordJoin,
  state: MembershipState,
): Result<MemberJoined[], DomainError> => {
  const { data, now } = command;
  const refused =
    requireNetwork(state, data.networkId) ??
    (activeInterval(state, data.organisationId) === undefined
      ? null
      : domainError(
          'already_member',
          'data.organisationId',
          `names "${data.organisationId}", already an active member of "${data.networkId}"`,
        )) ??
    checkFactDate('data.effectiveDate', data.effectiveDate, now, state.establishedOn);
  if (refused !== null) return err(refused);
  const previous = state.intervals[data.organisationId]?.at(-1);
  if (previous?.to !== undefined && isBefore(data.effectiveDate, previous.to)) {
    return err(
      domainError(
        'out_of_order',
        'data.effectiveDate',
        `must not be before the member's previous leave (${previous.to})`,
      ),
    );
  }
  return ok([{ type: 'MemberJoined', data }]);
};

const requireActive = (
  state: MembershipState,
  networkId: NetworkId,
  organisationId: string,
): Result<MembershipInterval, DomainError> => {
  const missing = requireNetwork(state, networkId);
  if (missing !== null) return err(missing);
  const interval = activeInterval(state, organisationId);
  return interval === undefined
    ? err(
        domainError(
          'not_member',
          'data.organisationId',
          `names "${organisationId}", which is not an active member of "${networkId}"`,
        ),
      )
    : ok(interval);
};

/** The latest start a new dated fact of the interval must not precede: its join or latest category. */
const checkNotBeforeInterval = (
  field: string,
  date: PartialDate,
  interval: MembershipInterval,
): DomainError | null => {
  if (isBefore(date, interval.from)) {
    return domainError(
      'out_of_order',
      field,
      `must not be before the member joined (${interval.from})`,
    );
  }
  const latest = interval.categories.at(-1);
  if (latest !== undefined && isBefore(date, latest.from)) {
    return domainError(
      'out_of_order',
      field,
      `must not be before the member's current category took effect (${latest.from})`,
    );
  }
  return null;
};

export const decideChangeMemberCategory = (
  command: ChangeMemberCategory,
  state: MembershipState,
): Result<MemberCategoryChanged[], DomainError> => {
  const { data, now } = command;
  const active = requireActive(state, data.networkId, data.organisationId);
  if (!active.ok) return active;
  const from = currentCategory(active.value);
  if (from === undefined || from === data.to) {
    return err(
      domainError(
        'no_change',
        'data.to',
        `must differ from the member's current category (${String(from)})`,
      ),
    );
  }
  const refused =
    checkFactDate('data.effectiveDate', data.effectiveDate, now, state.establishedOn) ??
    checkNotBeforeInterval('data.effectiveDate', data.effectiveDate, active.value);
  if (refused !== null) return err(refused);
  return ok([
    {
      type: 'MemberCategoryChanged',
      data: {
        networkId: data.networkId,
        organisationId: data.organisationId,
        from,
        to: data.to,
        effectiveDate: data.effectiveDate,
      },
    },
  ]);
};

export const decideRecordLeave = (
  command: RecordLeave,
  state: MembershipState,
): Result<MemberLeft[], DomainError> => {
  const { data, now } = command;
  const active = requireActive(state, data.networkId, data.organisationId);
  if (!active.ok) return active;
  const refused =
    checkFactDate('data.effectiveDate', data.effectiveDate, now, state.establishedOn) ??
    checkNotBeforeInterval('data.effectiveDate', data.effectiveDate, active.value);
  return refused === null ? ok([{ type: 'MemberLeft', data }]) : err(refused);
};

export const decideReportCensus = (
  command: ReportCensus,
  state: MembershipState,
): Result<MembershipCensusReported[], DomainError> => {
  const { data, now } = command;
  const refused =
    requireNetwork(state, data.networkId) ??
    checkFactDate('data.asOf', data.asOf, now, state.establishedOn);
  return refused === null ? ok([{ type: 'MembershipCensusReported', data }]) : err(refused);
};

interface Located {
  readonly intervals: readonly MembershipInterval[];
  readonly index: number;
}

/** Finds the interval a member fact belongs to; `null` when its episode was retracted. */
const locate = (state: MembershipState, fact: MemberFact): Located | null => {
  const intervals = state.intervals[fact.organisationId] ?? [];
  const index = intervals.findIndex(
    (interval) =>
      interval.joinEventId === fact.eventId ||
      interval.leaveEventId === fact.eventId ||
      interval.categories.some((period) => period.eventId === fact.eventId),
  );
  return index === -1 ? null : { intervals, index };
};

const FIELD = 'data.correction.value';

/** Where a corrected date may fall given the neighbouring facts of the same member. */
const checkCorrectedDate = (
  fact: MemberFact,
  value: PartialDate,
  { intervals, index }: Located,
): DomainError | null => {
  const interval = intervals[index];
  if (interval === undefined) return null;
  const laterPeriods = interval.categories.filter(
    (period) => period.eventId !== interval.joinEventId,
  );
  switch (fact.kind) {
    case 'join': {
      const previousLeave = intervals[index - 1]?.to;
      if (previousLeave !== undefined && isBefore(value, previousLeave)) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be before the member's previous leave (${previousLeave})`,
        );
      }
      const change = laterPeriods.find((period) => isBefore(period.from, value));
      if (change !== undefined) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be after the member's category change of ${change.from}`,
        );
      }
      if (interval.to !== undefined && isBefore(interval.to, value)) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be after the member left (${interval.to})`,
        );
      }
      return null;
    }
    case 'category_change':
      if (isBefore(value, interval.from)) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be before the member joined (${interval.from})`,
        );
      }
      if (interval.to !== undefined && isBefore(interval.to, value)) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be after the member left (${interval.to})`,
        );
      }
      return null;
    case 'leave': {
      if (isBefore(value, interval.from)) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be before the member joined (${interval.from})`,
        );
      }
      const change = laterPeriods.find((period) => isBefore(value, period.from));
      if (change !== undefined) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be before the member's category change of ${change.from}`,
        );
      }
      const rejoin = intervals[index + 1]?.from;
      if (rejoin !== undefined && isBefore(rejoin, value)) {
        return domainError(
          'out_of_order',
          FIELD,
          `must not be after the member joined again (${rejoin})`,
        );
      }
      return null;
    }
    default:
      return fact satisfies never;
  }
};

const checkCorrection = (
  state: MembershipState,
  fact: MembershipFact,
  correction: MembershipCorrection,
  now: string,
): DomainError | null => {
  const located = fact.kind === 'census' ? null : locate(state, fact);
  if (fact.kind !== 'census' && located === null) {
    return domainError(
      'unknown_fact',
      'data.correctsEventId',
      'names a fact whose join was retracted',
    );
  }
  const mismatch = (kinds: string) =>
    domainError(
      'correction_mismatch',
      'data.correction.field',
      `"${correction.field}" corrects only ${kinds}, not ${FACT_NAMES[fact.kind]}`,
    );
  switch (correction.field) {
    case 'effectiveDate': {
      if (correction.dateQualifier !== undefined && fact.kind !== 'join') {
        return domainError(
          'correction_mismatch',
          'data.correction.dateQualifier',
          `applies only to a join, not to ${FACT_NAMES[fact.kind]}`,
        );
      }
      const current = fact.kind === 'census' ? fact.asOf : fact.effectiveDate;
      const qualifierUnchanged =
        fact.kind !== 'join' ||
        correction.dateQualifier === undefined ||
        correction.dateQualifier === fact.dateQualifier;
      if (current === correction.value && qualifierUnchanged) {
        return domainError('no_change', FIELD, `must differ from the date recorded (${current})`);
      }
      return (
        checkFactDate(FIELD, correction.value, now, state.establishedOn) ??
        (fact.kind === 'census' || located === null
          ? null
          : checkCorrectedDate(fact, correction.value, located))
      );
    }
    case 'category': {
      if (fact.kind !== 'join' && fact.kind !== 'category_change') {
        return mismatch('a join or a category change');
      }
      const recorded = fact.kind === 'join' ? fact.category : fact.to;
      if (correction.value === recorded) {
        return domainError(
          'no_change',
          FIELD,
          `must differ from the category recorded (${recorded})`,
        );
      }
      if (fact.kind === 'category_change' && correction.value === fact.from) {
        return domainError(
          'no_change',
          FIELD,
          `must differ from the category before the change (${fact.from})`,
        );
      }
      return null;
    }
    case 'counts':
      return fact.kind === 'census' ? null : mismatch('a census');
    case 'retracted':
      if (
        fact.kind === 'leave' &&
        located !== null &&
        located.index < located.intervals.length - 1
      ) {
        return domainError(
          'invalid_state',
          'data.correctsEventId',
          'names a leave followed by a later join: retract or correct that join first',
        );
      }
      return null;
    default:
      return correction satisfies never;
  }
};

export const decideCorrectMembershipRecord = (
  command: CorrectMembershipRecord,
  state: MembershipState,
): Result<MembershipRecordCorrected[], DomainError> => {
  const { data, now } = command;
  const missing = requireNetwork(state, data.networkId);
  if (missing !== null) return err(missing);
  const fact = state.facts[data.correctsEventId];
  if (fact === undefined) {
    return err(
      domainError(
        'unknown_fact',
        'data.correctsEventId',
        `names no join, category change, leave or census of network "${data.networkId}"`,
      ),
    );
  }
  if (fact.retracted) {
    return err(
      domainError(
        'unknown_fact',
        'data.correctsEventId',
        'names a fact that was already retracted',
      ),
    );
  }
  if (fact.kind === 'census' && data.organisationId !== undefined) {
    return err(
      domainError(
        'correction_mismatch',
        'data.organisationId',
        'must be absent: the corrected fact is a census',
      ),
    );
  }
  if (
    fact.kind !== 'census' &&
    data.organisationId !== undefined &&
    data.organisationId !== fact.organisationId
  ) {
    return err(
      domainError(
        'correction_mismatch',
        'data.organisationId',
        `must be "${fact.organisationId}", the member the corrected fact is about`,
      ),
    );
  }
  const refused = checkCorrection(state, fact, data.correction, now);
  if (refused !== null) return err(refused);
  return ok([
    {
      type: 'MembershipRecordCorrected',
      data: {
        networkId: data.networkId,
        ...(fact.kind === 'census' ? {} : { organisationId: fact.organisationId }),
        correctsEventId: data.correctsEventId,
        correction: data.correction,
      },
    },
  ]);
};

/** Routes any membership command to its decider. */
export const decideMembershipCommand = (
  command: MembershipCommand,
  state: MembershipState,
): Result<MembershipEvent[], DomainError> => {
  switch (command.type) {
    case 'RecordJoin':
      return decideRecordJoin(command, state);
    case 'ChangeMemberCategory':
      return decideChangeMemberCategory(command, state);
    case 'RecordLeave':
      return decideRecordLeave(command, state);
    case 'ReportCensus':
      return decideReportCensus(command, state);
    case 'CorrectMembershipRecord':
      return decideCorrectMembershipRecord(command, state);
    default:
      return command satisfies never;
  }
};
