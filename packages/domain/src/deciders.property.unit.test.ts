/**
 * Property: random command sequences over a few networks and organisations, decided by the
 * network and membership deciders on the state evolved from the events they accepted, never
 * break the register's invariants: no leave without an earlier join in the same interval, no
 * interval ending before it starts or overlapping the next, no negative count on any day, and a
 * refused command changes nothing and says why with a typed domain error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent } from './codec.ts';
import type { MembershipCommand } from './memberships/commands.ts';
import { decideMembershipCommand, evolveMembership } from './memberships/decider.ts';
import type { MembershipCorrection } from './memberships/events.ts';
import { type MembershipRegisterState, membersOn } from './memberships/projection.ts';
import {
  activeInterval,
  emptyNetworkRegister,
  type MembershipInterval,
  type NetworkRegister,
} from './memberships/register.ts';
import type { NetworkCommand } from './networks/commands.ts';
import {
  decideNetworkCommand,
  evolveNetwork,
  initialNetworkState,
  type NetworkState,
} from './networks/decider.ts';
import { eventRegistry, type NetworkStreamEvent } from './registry.ts';
import { datesIn } from './shared/arbitraries.ts';
import { MEMBER_CATEGORIES } from './shared/categories.ts';
import type { EventEnvelope } from './shared/envelope.ts';
import type { DomainError, DomainErrorCode } from './shared/errors.ts';
import { earliestDay, isBefore, latestDay } from './shared/partialDate.ts';
import type { Result } from './shared/result.ts';
import { envelopes, testMetadata, uuidFor } from './shared/testSupport.ts';

const RUNS = 10_000;
const now = '2024-06-01T10:00:00Z';
const networks = ['afil', 'le2c'] as const;

const ERROR_CODES: readonly DomainErrorCode[] = [
  'already_registered',
  'not_registered',
  'already_member',
  'not_member',
  'before_establishment',
  'in_the_future',
  'out_of_order',
  'no_change',
  'unknown_fact',
  'correction_mismatch',
  'invalid_state',
];

// Around the foundings and `now`, so that date refusals happen too; few years, so that dates collide.
const partialDate = datesIn(2012, 2025);
const network = fc.constantFrom(...networks);
// Mostly two members, so that leaves, changes and corrections find someone to apply to.
const organisation = fc.oneof(
  { arbitrary: fc.constantFrom('a2a' as const, 'polimi' as const), weight: 5 },
  { arbitrary: fc.constant('spin-off' as const), weight: 1 },
);
const category = fc.constantFrom(...MEMBER_CATEGORIES);
const qualifier = fc.constantFrom('on' as const, 'by' as const);
const founding = fc.constantFrom('2014', '2012-06', '2016-03-01', undefined);

const correction: fc.Arbitrary<MembershipCorrection> = fc.oneof(
  fc.record({ field: fc.constant('effectiveDate' as const), value: partialDate }),
  fc.record({
    field: fc.constant('effectiveDate' as const),
    value: partialDate,
    dateQualifier: qualifier,
  }),
  fc.record({ field: fc.constant('category' as const), value: category }),
  fc.tuple(fc.nat(40), fc.nat(20)).map(([companies, others]) => ({
    field: 'counts' as const,
    total: companies + others,
    companies,
  })),
  fc.constant({ field: 'retracted' as const }),
);

type Command = NetworkCommand | MembershipCommand;

/** A step; a correction names its target by index into the events recorded so far. */
type Step =
  | { readonly command: Command }
  | {
      readonly networkId: string;
      readonly target: number;
      readonly named: boolean;
      readonly correction: MembershipCorrection;
    };

const registration = (networkId: string, establishedOn: string | undefined): Command => ({
  type: 'RegisterNetwork',
  now,
  data: {
    networkId,
    kind: 'technology_cluster',
    name: `Cluster ${networkId}`,
    headquarters: [],
    s3Ecosystems: [],
    technologyAreas: [],
    ...(establishedOn === undefined ? {} : { establishedOn }),
  },
});

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc
      .record({ networkId: network, establishedOn: founding })
      .map(({ networkId, establishedOn }) => ({ command: registration(networkId, establishedOn) })),
    weight: 1,
  },
  {
    arbitrary: fc
      .record({
        networkId: network,
        organisationId: organisation,
        category,
        effectiveDate: partialDate,
        dateQualifier: qualifier,
      })
      .map((data) => ({ command: { type: 'RecordJoin' as const, now, data } })),
    weight: 4,
  },
  {
    arbitrary: fc
      .record({ networkId: network, organisationId: organisation, effectiveDate: partialDate })
      .map((data) => ({
        command: { type: 'RecordLeave' as const, now, data: { ...data, reason: 'withdrew' } },
      })),
    weight: 3,
  },
  {
    arbitrary: fc
      .record({
        networkId: network,
        organisationId: organisation,
        to: category,
        effectiveDate: partialDate,
      })
      .map((data) => ({ command: { type: 'ChangeMemberCategory' as const, now, data } })),
    weight: 2,
  },
  {
    arbitrary: fc
      .record({ networkId: network, asOf: partialDate, total: fc.nat(60) })
      .map((data) => ({ command: { type: 'ReportCensus' as const, now, data } })),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      networkId: network,
      target: fc.nat(),
      named: fc.boolean(),
      correction,
    }),
    weight: 3,
  },
);

/** One network's stream as the deciders read it: the network state and its membership register. */
interface Stream {
  network: NetworkState;
  register: NetworkRegister;
  readonly events: EventEnvelope<NetworkStreamEvent>[];
}

const newStream = (): Stream => ({
  network: initialNetworkState,
  register: emptyNetworkRegister,
  events: [],
});

/** Turns a correction step into a command aimed at one of the facts recorded so far (or none). */
const commandOf = (next: Step, world: ReadonlyMap<string, Stream>): Command => {
  if ('command' in next) return next.command;
  const recorded = [...world.values()].flatMap((stream) => stream.events);
  // Mostly a membership fact of the network named; sometimes any event of any network, or none.
  const own = (world.get(next.networkId)?.events ?? []).filter(
    (event) => event.type !== 'NetworkRegistered',
  );
  const pool = own.length > 0 && next.target % 5 !== 0 ? own : recorded;
  const target = pool[next.target % Math.max(1, pool.length)];
  const member =
    next.named && target !== undefined && 'organisationId' in target.data
      ? target.data.organisationId
      : undefined;
  return {
    type: 'CorrectMembershipRecord',
    now,
    data: {
      networkId: next.networkId,
      ...(member === undefined ? {} : { organisationId: member }),
      correctsEventId: target?.id ?? uuidFor(999_999),
      correction: next.correction,
    },
  };
};

const decide = (command: Command, stream: Stream): Result<NetworkStreamEvent[], DomainError> => {
  switch (command.type) {
    case 'RegisterNetwork':
    case 'ChangeNetworkProfile':
    case 'RecordRecognition':
    case 'RecordAffiliation':
      return decideNetworkCommand(command, stream.network);
    case 'RecordJoin':
    case 'RecordLeave':
    case 'ChangeMemberCategory':
    case 'ReportCensus':
    case 'CorrectMembershipRecord':
      return decideMembershipCommand(command, stream.register);
    default:
      return command satisfies never;
  }
};

const expectTypedError = (error: DomainError): void => {
  expect(ERROR_CODES).toContain(error.code);
  expect(error.field).toMatch(/^data\.[a-zA-Z.]+$/);
  expect(error.reason.length).toBeGreaterThan(0);
  expect(error.message).toBe(`${error.field} ${error.reason}`);
};

/** The first day an interval counts on and the day it stops counting, as `membersOn` reads them. */
const daysOf = (interval: MembershipInterval): { start: string; end: string | undefined } => ({
  start: interval.dateQualifier === 'by' ? latestDay(interval.from) : earliestDay(interval.from),
  end: interval.to === undefined ? undefined : earliestDay(interval.to),
});

const expectSoundRegister = (register: NetworkRegister, probes: readonly string[]): void => {
  for (const [organisationId, intervals] of Object.entries(register.intervals)) {
    const order = register.factOrder[organisationId] ?? [];
    intervals.forEach((interval, index) => {
      // The join that opened the interval is a standing join of this member.
      const join = register.facts[interval.joinEventId];
      expect(join).toMatchObject({ kind: 'join', organisationId, retracted: false });
      expect(join?.kind === 'join' && join.effectiveDate).toBe(interval.from);
      // No interval ends before it starts, and its leave came after its join, in the same episode.
      expect(interval.to === undefined).toBe(interval.leaveEventId === undefined);
      if (interval.to !== undefined && interval.leaveEventId !== undefined) {
        expect(isBefore(interval.to, interval.from)).toBe(false);
        const leave = register.facts[interval.leaveEventId];
        expect(leave).toMatchObject({ kind: 'leave', organisationId, retracted: false });
        expect(leave?.kind === 'leave' && leave.effectiveDate).toBe(interval.to);
        expect(order.indexOf(interval.leaveEventId)).toBeGreaterThan(
          order.indexOf(interval.joinEventId),
        );
      }
      for (const period of interval.categories) {
        expect(isBefore(period.from, interval.from)).toBe(false);
        if (interval.to !== undefined) expect(isBefore(interval.to, period.from)).toBe(false);
      }
      // Only the latest interval may be open, and the next one starts no earlier than this one ends.
      const next = intervals[index + 1];
      if (next !== undefined) {
        expect(interval.to).toBeDefined();
        expect(isBefore(next.from, interval.to ?? next.from)).toBe(false);
      }
    });
  }
  for (const point of register.census) {
    expect(point.total).toBeGreaterThanOrEqual(0);
    for (const count of [point.companies, point.researchOrganisations, point.otherBodies]) {
      if (count !== undefined) expect(count).toBeGreaterThanOrEqual(0);
    }
  }
  const state: MembershipRegisterState = {
    networks: register.networkId === undefined ? {} : { [register.networkId]: register },
  };
  for (const probe of probes) {
    const members =
      register.networkId === undefined ? null : membersOn(state, register.networkId, probe);
    expect(members === null).toBe(!register.registered);
    if (members === null) continue;
    const counts = Object.values(members.byCategory);
    for (const count of counts) expect(count).toBeGreaterThanOrEqual(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(members.total);
    // A member is counted once on any day it belongs, even where two of its intervals share days
    // (a rejoin dated "2019" after a leave in "2019-02": partial dates of different precision).
    const day = latestDay(probe);
    const belonging = Object.values(register.intervals).filter((intervals) =>
      intervals.some((interval) => {
        const { start, end } = daysOf(interval);
        return start <= day && (end === undefined || day < end);
      }),
    );
    expect(members.total).toBe(belonging.length);
  }
};

describe('network and membership deciders (property)', () => {
  it('keep every interval sound and every count non-negative; a refusal changes nothing', () => {
    fc.assert(
      fc.property(
        founding,
        fc.option(founding, { freq: 4 }),
        fc.array(step, { minLength: 1, maxLength: 11 }),
        fc.array(partialDate, { minLength: 3, maxLength: 3 }),
        (afilFounded, le2cFounded, steps, probes) => {
          const world = new Map<string, Stream>(networks.map((id) => [id, newStream()]));
          let position = 0;
          // Sequences start on registered networks (mostly both), so that most commands can land.
          const prelude: Step[] = [{ command: registration('afil', afilFounded) }];
          if (le2cFounded !== null) prelude.push({ command: registration('le2c', le2cFounded) });
          for (const next of [...prelude, ...steps]) {
            const command = commandOf(next, world);
            const stream = world.get(command.data.networkId) as Stream;
            const before = JSON.stringify({ network: stream.network, register: stream.register });
            const decided = decide(command, stream);
            if (!decided.ok) {
              expectTypedError(decided.error);
              expect(JSON.stringify({ network: stream.network, register: stream.register })).toBe(
                before,
              );
              continue;
            }
            if (command.type === 'RecordLeave') {
              // Accepted only for an active member, on or after the day it joined.
              const active = activeInterval(stream.register, command.data.organisationId);
              expect(active).toBeDefined();
              expect(isBefore(command.data.effectiveDate, active?.from ?? '0000')).toBe(false);
            }
            const recorded = envelopes(decided.value, position + 1);
            position += recorded.length;
            for (const event of recorded) {
              const metadata = {
                ...testMetadata,
                schemaVersion: eventRegistry[event.type].version,
              };
              expect(validateEvent({ type: event.type, data: event.data, metadata }).ok).toBe(true);
              stream.network = evolveNetwork(stream.network, event);
              stream.register = evolveMembership(stream.register, event);
              stream.events.push(event);
            }
            if (command.type === 'RecordLeave') {
              const last = stream.register.intervals[command.data.organisationId]?.at(-1);
              expect(last?.to).toBe(command.data.effectiveDate);
              expect(last?.leaveEventId).toBe(recorded[0]?.id);
            }
            for (const each of world.values()) expectSoundRegister(each.register, probes);
          }
          // The state evolved step by step is the fold of the stream from scratch.
          for (const each of world.values()) {
            expect(each.events.reduce(evolveMembership, emptyNetworkRegister)).toEqual(
              each.register,
            );
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);
});
