/**
 * Property: on random admissible histories (a few networks, organisations and projects; joins,
 * leaves, category changes, censuses, corrections, fundings and completions, each admitted by the
 * domain), the valid-time report agrees on every day tried with a brute-force oracle that folds
 * the same events with the domain: members per network and category (`membersOn`), the latest
 * census dated on or before the day, and the funded projects whose period includes it.
 *
 * Each case names its records with its own prefix, so cases share one event store and one
 * in-memory read store, followed live by one projector; both start afresh every `BLOCK` cases to
 * keep the stores small.
 */
import {
  admit,
  createLedgerState,
  type DomainEvent,
  earliestDay,
  eventRegistry,
  evolveLedger,
  type LedgerEvent,
  latestDay,
  MEMBER_CATEGORIES,
  type MembershipCorrection,
  type MembershipRegisterState,
  membershipRegister,
  membersOn,
  streamOf,
  validateEvent,
} from '@ledger/domain';
import { createMemoryEventStore, type EventStore, type JsonObject } from '@ledger/event-store';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createProjector, type Projector } from '../projector.ts';
import { openReadStore, type ReadStore } from '../readStore.ts';
import { ecosystemReport } from './report.ts';

const RUNS = 10_000;
const BLOCK = 250;
const PROBES = 4;
const NOW = '2024-06-01T10:00:00Z';

const datesIn = (from: number, to: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.integer({ min: from, max: to }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.integer({ min: 0, max: 2 }),
    )
    .map(([year, month, day, precision]) => {
      const y = String(year);
      const m = String(month).padStart(2, '0');
      const d = String(day).padStart(2, '0');
      return precision === 0 ? y : precision === 1 ? `${y}-${m}` : `${y}-${m}-${d}`;
    });
// Few years, so that dates collide and fall on both sides of foundings, leaves and censuses.
const partialDate = datesIn(2012, 2024);
const category = fc.constantFrom(...MEMBER_CATEGORIES);
const qualifier = fc.constantFrom('on' as const, 'by' as const);
const founding = fc.constantFrom('2012', '2014-06', '2016-03-01', undefined);

const correction: fc.Arbitrary<MembershipCorrection> = fc.oneof(
  fc.record({ field: fc.constant('effectiveDate' as const), value: partialDate }),
  fc.record({
    field: fc.constant('effectiveDate' as const),
    value: partialDate,
    dateQualifier: qualifier,
  }),
  fc.record({ field: fc.constant('category' as const), value: category }),
  fc.tuple(fc.nat(30), fc.nat(10)).map(([companies, others]) => ({
    field: 'counts' as const,
    total: companies + others,
    companies,
  })),
  fc.constant({ field: 'retracted' as const }),
);

/** Who a case is about, by index; the case's prefix makes the ids. */
interface Names {
  readonly network: (n: number) => string;
  readonly organisation: (n: number) => string;
  readonly project: (n: number) => string;
}

/** A candidate event, given the case's names and the events admitted so far. */
type Candidate = (names: Names, admitted: readonly LedgerEvent[]) => DomainEvent;

const candidateOf = (networks: number, organisations: number): fc.Arbitrary<Candidate> => {
  const network = fc.nat(networks - 1);
  const organisation = fc.nat(organisations - 1);
  const project = fc.nat(2);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .record({ n: network, o: organisation, category, effectiveDate: partialDate, qualifier })
        .map(
          ({ n, o, category, effectiveDate, qualifier }): Candidate =>
            (names) => ({
              type: 'MemberJoined',
              data: {
                networkId: names.network(n),
                organisationId: names.organisation(o),
                category,
                effectiveDate,
                dateQualifier: qualifier,
              },
            }),
        ),
    },
    {
      weight: 2,
      arbitrary: fc.record({ n: network, o: organisation, effectiveDate: partialDate }).map(
        ({ n, o, effectiveDate }): Candidate =>
          (names) => ({
            type: 'MemberLeft',
            data: {
              networkId: names.network(n),
              organisationId: names.organisation(o),
              effectiveDate,
              reason: 'withdrew',
            },
          }),
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ n: network, o: organisation, from: category, to: category, date: partialDate })
        .map(
          ({ n, o, from, to, date }): Candidate =>
            (names) => ({
              type: 'MemberCategoryChanged',
              data: {
                networkId: names.network(n),
                organisationId: names.organisation(o),
                from,
                to,
                effectiveDate: date,
              },
            }),
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ n: network, asOf: partialDate, total: fc.nat(40), companies: fc.nat(40) })
        .map(
          ({ n, asOf, total, companies }): Candidate =>
            (names) => ({
              type: 'MembershipCensusReported',
              data: {
                networkId: names.network(n),
                asOf,
                total: Math.max(total, companies),
                companies,
              },
            }),
        ),
    },
    {
      weight: 3,
      arbitrary: fc.record({ target: fc.nat(), correction }).map(
        ({ target, correction }): Candidate =>
          (names, admitted) => {
            const facts = admitted.filter(
              (event) =>
                event.type === 'MemberJoined' ||
                event.type === 'MemberLeft' ||
                event.type === 'MemberCategoryChanged' ||
                event.type === 'MembershipCensusReported',
            );
            const fact = facts[target % Math.max(1, facts.length)];
            const data = (fact?.data ?? { networkId: names.network(0) }) as {
              networkId: string;
              organisationId?: string;
            };
            return {
              type: 'MembershipRecordCorrected',
              data: {
                networkId: data.networkId,
                ...(data.organisationId === undefined
                  ? {}
                  : { organisationId: data.organisationId }),
                correctsEventId: fact?.id ?? '00000000-0000-4000-8000-00000000ffff',
                correction,
              },
            };
          },
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          p: project,
          on: fc.uniqueArray(network, { minLength: 1, maxLength: networks }),
          fundedOn: partialDate,
          startDate: fc.option(partialDate, { nil: undefined }),
          endDate: fc.option(partialDate, { nil: undefined }),
        })
        .map(
          ({ p, on, fundedOn, startDate, endDate }): Candidate =>
            (names) => ({
              type: 'ProjectFunded',
              data: {
                projectId: names.project(p),
                title: `Project ${p}`,
                partners: [],
                networks: on.map(names.network),
                s3Ecosystems: [],
                pnrr: [],
                fundedOn,
                dateQualifier: 'on',
                ...(startDate === undefined ? {} : { startDate }),
                ...(endDate === undefined ? {} : { endDate }),
              },
            }),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.record({ p: project, completedOn: partialDate }).map(
        ({ p, completedOn }): Candidate =>
          (names) => ({
            type: 'ProjectCompleted',
            data: { projectId: names.project(p), completedOn },
          }),
      ),
    },
  );
};

const history = fc
  .record({
    networks: fc.integer({ min: 1, max: 3 }),
    organisations: fc.integer({ min: 1, max: 5 }),
  })
  .chain(({ networks, organisations }) =>
    fc.record({
      networks: fc.array(founding, { minLength: networks, maxLength: networks }),
      organisations: fc.constant(organisations),
      candidates: fc.array(candidateOf(networks, organisations), { minLength: 1, maxLength: 15 }),
      // Days at random, and days next to the dates of the history (where counts change).
      days: fc.array(fc.tuple(fc.nat(), fc.nat(2), datesIn(2011, 2025)), {
        minLength: PROBES,
        maxLength: PROBES,
      }),
    }),
  );

let ids = 0;
const nextId = (): string => `00000000-0000-4000-8000-${(++ids).toString(16).padStart(12, '0')}`;

const metadataOf = (event: DomainEvent) => ({
  actor: 'test',
  source: { document: 'property test' },
  schemaVersion: eventRegistry[event.type].version,
});

/** Admits the candidates in order; returns the recorded history (registrations first). */
const admitted = (
  names: Names,
  networks: readonly (string | undefined)[],
  organisations: number,
  candidates: readonly Candidate[],
): LedgerEvent[] => {
  const state = createLedgerState();
  const recorded: LedgerEvent[] = [];
  const prelude: DomainEvent[] = [
    ...networks.map(
      (establishedOn, n): DomainEvent => ({
        type: 'NetworkRegistered',
        data: {
          networkId: names.network(n),
          kind: 'technology_cluster',
          name: `Network ${n}`,
          headquarters: [],
          s3Ecosystems: [],
          technologyAreas: [],
          ...(establishedOn === undefined ? {} : { establishedOn }),
        },
      }),
    ),
    ...Array.from(
      { length: organisations },
      (_, o): DomainEvent => ({
        type: 'OrganisationRegistered',
        data: {
          organisationId: names.organisation(o),
          kind: 'company',
          name: `Organisation ${o}`,
          country: 'IT',
        },
      }),
    ),
  ];
  const envelope = (event: DomainEvent): LedgerEvent =>
    ({
      ...event,
      id: nextId(),
      streamId: streamOf(event),
      revision: 0,
      position: recorded.length + 1,
      recordedAt: NOW,
      metadata: metadataOf(event),
    }) as LedgerEvent;
  for (const event of prelude) {
    const recordedEvent = envelope(event);
    expect(admit(state, recordedEvent, NOW).ok).toBe(true);
    evolveLedger(state, recordedEvent);
    recorded.push(recordedEvent);
  }
  // Admissible: valid by its schema (as the importer and the API check first), then admitted.
  for (const candidate of candidates) {
    const event = envelope(candidate(names, recorded));
    const valid = validateEvent({ type: event.type, data: event.data, metadata: event.metadata });
    if (valid.ok && admit(state, event, NOW).ok) {
      evolveLedger(state, event);
      recorded.push(event);
    }
  }
  return recorded;
};

interface Expected {
  readonly members: { total: number; companies: number; research: number; other: number };
  readonly census: { date: string; total: number; eventId: string } | null;
  readonly projects: readonly string[];
}

/** The oracle: each network of the history on `day`, from the events folded by the domain. */
const oracle = (events: readonly LedgerEvent[], day: string): Map<string, Expected> => {
  const register = events.reduce<MembershipRegisterState>(
    membershipRegister.apply,
    membershipRegister.initialState,
  );
  const projects = new Map<string, { start: string; end: string | undefined; on: string[] }>();
  const ends = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'ProjectFunded') {
      const { projectId, startDate, endDate, fundedOn, networks } = event.data;
      projects.set(projectId, {
        start: earliestDay(startDate ?? fundedOn),
        end: endDate === undefined ? undefined : latestDay(endDate),
        on: [...networks],
      });
    }
    if (event.type === 'ProjectCompleted') {
      ends.set(event.data.projectId, latestDay(event.data.completedOn));
    }
  }
  const expected = new Map<string, Expected>();
  for (const [networkId, network] of Object.entries(register.networks)) {
    const members = membersOn(register, networkId, day);
    // The latest census on or before the day; of two on the same day, the later recorded.
    let census: Expected['census'] = null;
    let censusDay = '';
    for (const point of network.census) {
      const asOf = latestDay(point.asOf);
      if (asOf <= day && asOf >= censusDay) {
        census = { date: point.asOf, total: point.total, eventId: point.eventId };
        censusDay = asOf;
      }
    }
    const active = [...projects.entries()]
      .filter(([projectId, project]) => {
        const end = ends.get(projectId) ?? project.end;
        return (
          project.on.includes(networkId) &&
          project.start <= day &&
          (end === undefined || end >= day)
        );
      })
      .map(([projectId]) => projectId)
      .sort();
    expected.set(networkId, {
      members: {
        total: members?.total ?? 0,
        companies: members?.byCategory.company ?? 0,
        research: members?.byCategory.research_organisation ?? 0,
        other: members?.byCategory.other_body ?? 0,
      },
      census,
      projects: active,
    });
  }
  return expected;
};

const dayBefore = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The days a case is checked on: boundaries of its own dates, or any day. */
const probeDays = (
  events: readonly LedgerEvent[],
  picks: readonly (readonly [number, number, string])[],
): string[] => {
  const dates = events.flatMap((event) =>
    Object.entries(event.data)
      .filter(([key, value]) => typeof value === 'string' && /(Date|On|asOf)$/.test(key))
      .map(([, value]) => value as string),
  );
  return picks.map(([index, edge, random]) => {
    const date =
      dates.length > 0 && index % 3 !== 0 ? (dates[index % dates.length] as string) : random;
    return edge === 0
      ? earliestDay(date)
      : edge === 1
        ? latestDay(date)
        : dayBefore(earliestDay(date));
  });
};

interface Stores {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly projector: Projector;
}

const openStores = async (): Promise<Stores> => {
  const eventStore = createMemoryEventStore({ clock: () => new Date(NOW) });
  const readStore = openReadStore({ file: ':memory:', scratch: true });
  const projector = createProjector({ readStore, eventStore, snapshotEvery: 0, flushMs: 0 });
  projector.prepare();
  await projector.build();
  return { eventStore, readStore, projector };
};

const closeStores = async (stores: Stores): Promise<void> => {
  stores.readStore.close();
  await stores.eventStore.close();
};

describe('valid-time report against a brute-force fold of the events (property)', () => {
  let stores: Stores | undefined;
  afterAll(async () => {
    if (stores !== undefined) await closeStores(stores);
  });

  it('agrees on members by category, census and active projects on every day tried', async () => {
    let run = 0;
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(history, async ({ networks, organisations, candidates, days }) => {
        if (stores === undefined || run % BLOCK === 0) {
          if (stores !== undefined) await closeStores(stores);
          stores = await openStores();
        }
        const prefix = `c${++run}`;
        const names: Names = {
          network: (n) => `${prefix}-net-${n}`,
          organisation: (o) => `${prefix}-org-${o}`,
          project: (p) => `${prefix}-prj-${p}`,
        };
        const events = admitted(names, networks, organisations, candidates);
        for (const event of events) {
          await stores.eventStore.appendToStream(event.streamId, [
            {
              id: event.id,
              type: event.type,
              data: event.data as unknown as JsonObject,
              metadata: event.metadata as unknown as JsonObject,
            },
          ]);
        }
        await stores.projector.catchUp();
        for (const day of probeDays(events, days)) {
          const report = await ecosystemReport({ readStore: stores.readStore, validAt: day });
          const reported = new Map(
            report.networks
              .filter((network) => network.id.startsWith(`${prefix}-`))
              .map((network) => [network.id, network]),
          );
          for (const [networkId, expected] of oracle(events, day)) {
            const network = reported.get(networkId);
            if (network === undefined) {
              // A network not yet in existence on the day has no members nor census then.
              expect({
                day,
                networkId,
                members: expected.members.total,
                census: expected.census,
              }).toEqual({ day, networkId, members: 0, census: null });
              continue;
            }
            checked++;
            expect({
              day,
              networkId,
              members: network.members,
              census:
                network.census === null
                  ? null
                  : {
                      date: network.census.date,
                      total: network.census.total,
                      eventId: network.census.eventId,
                    },
              projects: network.projects.map((project) => project.id).sort(),
            }).toEqual({ day, networkId, ...expected });
          }
        }
      }),
      { numRuns: RUNS },
    );
    // Most checks are on networks the report lists, not on the absent ones.
    expect(checked).toBeGreaterThan(RUNS);
  }, 600_000);
});
