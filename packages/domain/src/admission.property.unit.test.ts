import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admit, createLedgerState, evolveLedger, type LedgerEvent } from './admission.ts';
import { dateCode } from './admissionMemberships.ts';
import {
  admitByDeciders,
  createDeciderLedgerState,
  evolveDeciderLedger,
} from './deciderAdmission.ts';
import type { MembershipCorrection } from './memberships/events.ts';
import { type DomainEvent, streamOf } from './registry.ts';
import { datesIn } from './shared/arbitraries.ts';
import { MEMBER_CATEGORIES } from './shared/categories.ts';
import { isPartialDate } from './shared/partialDate.ts';
import { testMetadata, uuidFor } from './shared/testSupport.ts';

// The compact admission must decide exactly as the deciders do on their full state: same verdict,
// same error (code, field and wording), after any history, admitted or not.

const networks = ['afil', 'le2c'] as const;
const organisations = ['a2a', 'polimi', 'spin-off'] as const;
const projects = ['fanghi', 'bio'] as const;

// Around the foundings and the clocks below, so that every date rule is hit.
const partialDate = datesIn(2011, 2025);
const network = fc.constantFrom(...networks);
const organisation = fc.constantFrom(...organisations);
const project = fc.constantFrom(...projects);
const category = fc.constantFrom(...MEMBER_CATEGORIES);
const qualifier = fc.constantFrom('on' as const, 'by' as const);
const party = fc.oneof(
  organisation.map((id) => ({ kind: 'organisation' as const, id })),
  network.map((id) => ({ kind: 'network' as const, id })),
);
// Clocks: ordinary ones, one written in another offset, and one whose day is not YYYY-MM-DD.
const clock = fc.constantFrom(
  '2024-06-01T10:00:00Z',
  '2024-06-01T10:00:00Z',
  '2017-03-15T00:00:00Z',
  '2016-01-01T00:30:00+02:00',
  '2020-6-1T00:00:00Z',
);

const correctionOf = (date: fc.Arbitrary<string>): fc.Arbitrary<MembershipCorrection> =>
  fc.oneof(
    fc.record({ field: fc.constant('effectiveDate' as const), value: date }),
    fc.record({
      field: fc.constant('effectiveDate' as const),
      value: date,
      dateQualifier: qualifier,
    }),
    fc.record({ field: fc.constant('category' as const), value: category }),
    fc.nat(50).map((total) => ({ field: 'counts' as const, total })),
    fc.constant({ field: 'retracted' as const }),
  );

/** An event, given the facts recorded so far (a correction names one of them). */
type Step = (recorded: readonly LedgerEvent[]) => DomainEvent;

/** Membership facts of the given networks and organisations, dated among `date`. */
const membershipOf = (
  network: fc.Arbitrary<string>,
  organisation: fc.Arbitrary<string>,
  date: fc.Arbitrary<string>,
): fc.Arbitrary<Step> =>
  fc.oneof(
    fc
      .record({
        networkId: network,
        organisationId: organisation,
        category,
        effectiveDate: date,
        dateQualifier: qualifier,
      })
      .map(
        (data): Step =>
          () => ({ type: 'MemberJoined', data }),
      ),
    fc
      .record({
        networkId: network,
        organisationId: organisation,
        from: category,
        to: category,
        effectiveDate: date,
      })
      .map(
        (data): Step =>
          () => ({ type: 'MemberCategoryChanged', data }),
      ),
    fc.record({ networkId: network, organisationId: organisation, effectiveDate: date }).map(
      (data): Step =>
        () => ({ type: 'MemberLeft', data: { ...data, reason: 'withdrew' } }),
    ),
    fc.record({ networkId: network, asOf: date, total: fc.nat(50) }).map(
      (data): Step =>
        () => ({ type: 'MembershipCensusReported', data }),
    ),
    fc
      .record({
        networkId: network,
        organisationId: fc.option(organisation, { nil: undefined, freq: 4 }),
        target: fc.nat(),
        // Mostly a fact of the network, with its member named, so that corrections get judged.
        aimed: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
        correction: correctionOf(date),
      })
      .map(
        ({ networkId, organisationId, target, aimed, correction }): Step =>
          (recorded) => {
            const facts = recorded.filter(
              (event) => aimed && event.streamId === `network-${networkId}`,
            );
            const pool = facts.length > 0 ? facts : recorded;
            const named = pool[target % Math.max(1, pool.length)];
            const member =
              aimed && named !== undefined && 'organisationId' in named.data
                ? named.data.organisationId
                : organisationId;
            return {
              type: 'MembershipRecordCorrected',
              data: {
                networkId,
                ...(member === undefined ? {} : { organisationId: member }),
                correctsEventId: named?.id ?? uuidFor(999_999),
                correction,
              },
            };
          },
      ),
  );

const registry: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ networkId: network, establishedOn: fc.option(partialDate, { nil: undefined }) }).map(
    ({ networkId, establishedOn }): Step =>
      () => ({
        type: 'NetworkRegistered',
        data: {
          networkId,
          kind: 'technology_cluster',
          name: `Cluster ${networkId}`,
          headquarters: [{ city: 'Milano' }],
          s3Ecosystems: [],
          technologyAreas: [],
          ...(establishedOn === undefined ? {} : { establishedOn }),
        },
      }),
  ),
  fc
    .record({
      networkId: network,
      internationalNetwork: fc.constantFrom('ECCP', 'EUSALP'),
      effectiveDate: partialDate,
      dateQualifier: qualifier,
    })
    .map(
      (data): Step =>
        () => ({ type: 'NetworkAffiliated', data }),
    ),
  fc
    .record({
      networkId: network,
      authority: fc.constantFrom('Regione Lombardia', 'MUR'),
      phase: fc.constantFrom('start_up' as const, 'consolidation' as const),
      recognisedOn: partialDate,
      dateQualifier: qualifier,
    })
    .map(
      (data): Step =>
        () => ({ type: 'NetworkRecognised', data }),
    ),
  fc.record({ networkId: network, effectiveDate: partialDate }).map(
    (data): Step =>
      () => ({
        type: 'NetworkProfileChanged',
        data: { ...data, changes: { name: 'Renamed cluster' } },
      }),
  ),
  organisation.map(
    (organisationId): Step =>
      () => ({
        type: 'OrganisationRegistered',
        data: { organisationId, kind: 'company', name: organisationId, country: 'IT' },
      }),
  ),
  fc
    .record({
      organisationId: organisation,
      name: fc.constantFrom('Alpha', 'Beta'),
      effectiveDate: partialDate,
    })
    .map(
      (data): Step =>
        () => ({ type: 'OrganisationRenamed', data }),
    ),
  fc.record({ organisationId: organisation, effectiveDate: partialDate }).map(
    (data): Step =>
      () => ({
        type: 'OrganisationProfileChanged',
        data: { ...data, changes: { city: 'Bergamo' } },
      }),
  ),
  fc
    .record({
      projectId: project,
      partners: fc.array(party, { maxLength: 2 }),
      networks: fc.array(network, { maxLength: 2 }),
      startDate: fc.option(partialDate, { nil: undefined }),
      fundedOn: partialDate,
    })
    .map(
      ({ projectId, partners, networks, startDate, fundedOn }): Step =>
        () => ({
          type: 'ProjectFunded',
          data: {
            projectId,
            title: projectId,
            partners: partners.map((partner) => ({ party: partner })),
            networks,
            s3Ecosystems: [],
            pnrr: [],
            ...(startDate === undefined ? {} : { startDate }),
            fundedOn,
            dateQualifier: 'on',
          },
        }),
    ),
  fc.record({ projectId: project, proposedOn: partialDate, lead: party }).map(
    ({ projectId, proposedOn, lead }): Step =>
      () => ({
        type: 'ProjectProposed',
        data: {
          projectId,
          title: projectId,
          lead,
          partners: [],
          networks: [],
          s3Ecosystems: [],
          pnrr: [],
          proposedOn,
          dateQualifier: 'on',
        },
      }),
  ),
  fc.record({ projectId: project, partner: party, effectiveDate: partialDate }).map(
    (data): Step =>
      () => ({ type: 'ProjectPartnerAdded', data }),
  ),
  fc.record({ projectId: project, completedOn: partialDate }).map(
    (data): Step =>
      () => ({ type: 'ProjectCompleted', data }),
  ),
);

/** Both networks and two of the organisations registered first, so that most facts can land. */
const prelude = fc
  .tuple(fc.constantFrom('2012', '2014-06', undefined), fc.constantFrom('2013-03-01', undefined))
  .map(([afilFounded, le2cFounded]): DomainEvent[] => [
    ...networks.map(
      (networkId, index): DomainEvent => ({
        type: 'NetworkRegistered',
        data: {
          networkId,
          kind: 'technology_cluster',
          name: `Cluster ${networkId}`,
          headquarters: [],
          s3Ecosystems: [],
          technologyAreas: [],
          ...([afilFounded, le2cFounded][index] === undefined
            ? {}
            : { establishedOn: [afilFounded, le2cFounded][index] }),
        },
      }),
    ),
    ...organisations.slice(0, 2).map(
      (organisationId): DomainEvent => ({
        type: 'OrganisationRegistered',
        data: { organisationId, kind: 'company', name: organisationId, country: 'IT' },
      }),
    ),
  ]);

/** Histories after the prelude: `steps`, each judged at one of the clocks. */
const historyOf = (steps: fc.Arbitrary<Step>, maxLength: number) =>
  fc.record({
    prelude,
    steps: fc.array(
      fc.record({
        step: steps,
        now: clock,
        // A store may hold facts admission would refuse (written by other tools), even ids
        // repeated: such facts are folded regardless.
        foldAnyway: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
        sameIdAs: fc.option(fc.nat(), { nil: undefined, freq: 50 }),
      }),
      { minLength: 1, maxLength, size: 'max' },
    ),
  });

const outcome = (result: ReturnType<typeof admit>) => (result.ok ? 'admitted' : result.error);

const agreesOnEveryFact = ({
  prelude,
  steps,
}: {
  prelude: DomainEvent[];
  steps: { step: Step; now: string; foldAnyway: boolean; sameIdAs: number | undefined }[];
}): void => {
  const compact = createLedgerState();
  const reference = createDeciderLedgerState();
  const recorded: LedgerEvent[] = [];
  const record = (event: DomainEvent, id: string): LedgerEvent =>
    ({
      ...event,
      id,
      streamId: streamOf(event),
      revision: 0,
      position: recorded.length + 1,
      recordedAt: '2024-06-01T10:00:00.000Z',
      metadata: testMetadata,
    }) as LedgerEvent;
  for (const event of prelude) {
    const envelope = record(event, uuidFor(recorded.length + 1));
    evolveLedger(compact, envelope);
    evolveDeciderLedger(reference, envelope);
    recorded.push(envelope);
  }
  for (const [index, { step, now, foldAnyway, sameIdAs }] of steps.entries()) {
    const repeated = sameIdAs === undefined ? undefined : recorded[sameIdAs % recorded.length]?.id;
    const envelope = record(step(recorded), repeated ?? uuidFor(1_000 + index));
    const decided = outcome(admitByDeciders(reference, envelope, now));
    expect(outcome(admit(compact, envelope, now))).toEqual(decided);
    if (decided === 'admitted' || foldAnyway) {
      evolveLedger(compact, envelope);
      evolveDeciderLedger(reference, envelope);
      recorded.push(envelope);
    }
  }
};

describe('compact admission', () => {
  it('agrees with the deciders on their full state, fact after fact', () => {
    const steps = fc.oneof(
      { arbitrary: membershipOf(network, organisation, partialDate), weight: 6 },
      { arbitrary: registry, weight: 1 },
    );
    fc.assert(fc.property(historyOf(steps, 150), agreesOnEveryFact), { numRuns: 1_000 });
  });

  it('agrees on long histories of one member: episodes, changes and corrections', () => {
    const steps = membershipOf(fc.constant('afil'), fc.constant('a2a'), datesIn(2014, 2019));
    fc.assert(fc.property(historyOf(steps, 200), agreesOnEveryFact), { numRuns: 500 });
  });

  it('reads a date as valid exactly when partialDate.ts does, calendar quirks included', () => {
    const year = fc.oneof(
      fc.integer({ min: 0, max: 9999 }),
      fc.constantFrom(0, 4, 100, 1900, 2000),
    );
    const text = fc
      .tuple(year, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.nat(3))
      .map(([y, m, d, shape]) => {
        const date = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        return shape === 0
          ? date.slice(0, 4)
          : shape === 1
            ? date.slice(0, 7)
            : shape === 2
              ? date
              : `${date}x`;
      });
    // Date.UTC reads years 0 to 99 as 1900 to 1999: 0000-02-29 is no date to partialDate.ts.
    const leapDays = fc.constantFrom(
      '0000-02-29',
      '0004-02-29',
      '0100-02-29',
      '1900-02-29',
      '2000-02-29',
      '2024-02-29',
    );
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ maxLength: 10 }), leapDays), (value) => {
        const readable = (() => {
          try {
            dateCode(value);
            return true;
          } catch {
            return false;
          }
        })();
        expect(readable).toBe(isPartialDate(value));
      }),
      { numRuns: 5_000 },
    );
  });
});
