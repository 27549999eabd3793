import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../codec.ts';
import { eventRegistry } from '../registry.ts';
import { MEMBER_CATEGORIES } from '../shared/categories.ts';
import { isBefore } from '../shared/partialDate.ts';
import { testMetadata } from '../shared/testSupport.ts';
import type { MembershipCommand } from './commands.ts';
import type { MembershipCorrection } from './events.ts';
import { membershipRegister, membersOn } from './projection.ts';
import { NetworkStream } from './testRunner.ts';

const now = '2024-06-01T10:00:00Z';
const networkId = 'afil';
const organisations = ['a2a-ambiente', 'politecnico-di-milano', 'spin-off'] as const;

// Years around the founding (2014) and `now` (2024), at every precision, so that refusals happen too.
const partialDate = fc
  .tuple(
    fc.integer({ min: 2012, max: 2025 }),
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
const organisation = fc.constantFrom(...organisations);
const category = fc.constantFrom(...MEMBER_CATEGORIES);
const qualifier = fc.constantFrom('on' as const, 'by' as const);
const counts = fc
  .tuple(fc.nat(300), fc.nat(100), fc.nat(100))
  .map(([companies, researchOrganisations, otherBodies]) => ({
    total: companies + researchOrganisations + otherBodies,
    companies,
    researchOrganisations,
    otherBodies,
  }));

const correction: fc.Arbitrary<MembershipCorrection> = fc.oneof(
  fc.record({ field: fc.constant('effectiveDate' as const), value: partialDate }),
  fc.record({
    field: fc.constant('effectiveDate' as const),
    value: partialDate,
    dateQualifier: qualifier,
  }),
  fc.record({ field: fc.constant('category' as const), value: category }),
  counts.map((figures) => ({ field: 'counts' as const, ...figures })),
  fc.constant({ field: 'retracted' as const }),
);

/** A step names its correction target by index into the ids recorded so far. */
type Step =
  | { readonly command: MembershipCommand }
  | { readonly target: number; readonly correction: MembershipCorrection };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc
    .record({
      organisationId: organisation,
      category,
      effectiveDate: partialDate,
      dateQualifier: qualifier,
    })
    .map((data) => ({
      command: { type: 'RecordJoin' as const, now, data: { networkId, ...data } },
    })),
  fc.record({ organisationId: organisation, effectiveDate: partialDate }).map((data) => ({
    command: {
      type: 'RecordLeave' as const,
      now,
      data: { networkId, ...data, reason: 'withdrew' },
    },
  })),
  fc
    .record({ organisationId: organisation, to: category, effectiveDate: partialDate })
    .map((data) => ({
      command: { type: 'ChangeMemberCategory' as const, now, data: { networkId, ...data } },
    })),
  fc.tuple(partialDate, counts).map(([asOf, figures]) => ({
    command: { type: 'ReportCensus' as const, now, data: { networkId, asOf, ...figures } },
  })),
  fc.record({ target: fc.nat(40), correction }),
);

const probeDates = [
  '2013',
  '2014',
  '2015-06',
  '2016-12-31',
  '2018',
  '2020-02-29',
  '2022',
  '2024-06-01',
];

describe('membership deciders (property)', () => {
  it('never record a leave before its join, overlapping memberships or negative counts', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 60 }), (steps) => {
        const stream = new NetworkStream();
        const recorded: string[] = [];
        for (const next of steps) {
          const command: MembershipCommand =
            'command' in next
              ? next.command
              : {
                  type: 'CorrectMembershipRecord',
                  now,
                  data: {
                    networkId,
                    correctsEventId: stream.events[next.target % stream.events.length]?.id ?? '',
                    correction: next.correction,
                  },
                };
          const outcome = stream.run(command);
          if (!('code' in outcome)) recorded.push(...outcome.ids);
        }

        for (const event of stream.events) {
          const metadata = { ...testMetadata, schemaVersion: eventRegistry[event.type].version };
          expect(validateEvent({ type: event.type, data: event.data, metadata }).ok).toBe(true);
        }
        for (const intervals of Object.values(stream.state.intervals)) {
          intervals.forEach((interval, index) => {
            if (interval.to !== undefined) expect(isBefore(interval.to, interval.from)).toBe(false);
            for (const period of interval.categories)
              expect(isBefore(period.from, interval.from)).toBe(false);
            const next = intervals[index + 1];
            if (next !== undefined) {
              expect(interval.to).toBeDefined();
              expect(isBefore(next.from, interval.to ?? next.from)).toBe(false);
            }
          });
        }
        for (const point of stream.state.census) expect(point.total).toBeGreaterThanOrEqual(0);

        const register = stream.events.reduce(
          membershipRegister.apply,
          membershipRegister.initialState,
        );
        expect(register.networks[networkId]).toEqual(stream.state);
        for (const date of probeDates) {
          const members = membersOn(register, networkId, date);
          expect(members).not.toBeNull();
          const byCategory = Object.values(members?.byCategory ?? {});
          for (const count of byCategory) expect(count).toBeGreaterThanOrEqual(0);
          expect(byCategory.reduce((a, b) => a + b, 0)).toBe(members?.total);
          expect(members?.total).toBeLessThanOrEqual(organisations.length);
        }
        expect(recorded.length).toBe(stream.events.length - 1);
      }),
      { numRuns: 100 },
    );
  });
});
