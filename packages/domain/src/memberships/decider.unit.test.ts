import { describe, expect, it } from 'vitest';
import type { MemberCategory } from '../shared/categories.ts';
import type { DomainError } from '../shared/errors.ts';
import { uuidFor } from '../shared/testSupport.ts';
import type { MembershipCommand } from './commands.ts';
import { decideRecordJoin, initialMembershipState } from './decider.ts';
import type { MembershipCorrection } from './events.ts';
import { activeInterval } from './register.ts';
import { NetworkStream } from './testRunner.ts';

const now = '2024-06-01T10:00:00Z';
const networkId = 'afil';
const polimi = 'politecnico-di-milano';

const join = (
  organisationId: string,
  effectiveDate: string,
  category: MemberCategory = 'research_organisation',
): MembershipCommand => ({
  type: 'RecordJoin',
  now,
  data: { networkId, organisationId, category, effectiveDate, dateQualifier: 'on' },
});
const leave = (organisationId: string, effectiveDate: string): MembershipCommand => ({
  type: 'RecordLeave',
  now,
  data: { networkId, organisationId, effectiveDate, reason: 'withdrew' },
});
const changeCategory = (
  organisationId: string,
  effectiveDate: string,
  to: MemberCategory = 'company',
): MembershipCommand => ({
  type: 'ChangeMemberCategory',
  now,
  data: { networkId, organisationId, to, effectiveDate },
});
const correct = (
  correctsEventId: string,
  correction: MembershipCorrection,
  organisationId?: string,
): MembershipCommand => ({
  type: 'CorrectMembershipRecord',
  now,
  data: {
    networkId,
    correctsEventId,
    correction,
    ...(organisationId === undefined ? {} : { organisationId }),
  },
});
const census = (asOf: string, total: number): MembershipCommand => ({
  type: 'ReportCensus',
  now,
  data: { networkId, asOf, total },
});

const refusal = (outcome: { ids: string[] } | DomainError) => ('code' in outcome ? outcome : null);

describe('RecordJoin', () => {
  it('records a join and makes the organisation an active member', () => {
    const stream = new NetworkStream();
    stream.record(join(polimi, '2014-03'));
    expect(activeInterval(stream.state, polimi)).toMatchObject({
      from: '2014-03',
      categories: [{ category: 'research_organisation' }],
    });
  });

  it('refuses a join on an unregistered network', () => {
    const result = decideRecordJoin(
      join(polimi, '2015') as Extract<MembershipCommand, { type: 'RecordJoin' }>,
      initialMembershipState,
    );
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'not_registered',
      field: 'data.networkId',
    });
  });

  it('refuses a join while the organisation is already an active member', () => {
    const stream = new NetworkStream();
    stream.record(join(polimi, '2014'));
    expect(refusal(stream.run(join(polimi, '2016')))).toMatchObject({
      code: 'already_member',
      field: 'data.organisationId',
      message:
        'data.organisationId names "politecnico-di-milano", already an active member of "afil"',
    });
  });

  it('refuses a join before the network existed, judged on whole periods', () => {
    const stream = new NetworkStream();
    expect(refusal(stream.run(join(polimi, '2013-12')))).toMatchObject({
      code: 'before_establishment',
      field: 'data.effectiveDate',
      reason: 'must not be before the network was established (2013-12 is before 2014)',
    });
    expect(refusal(stream.run(join(polimi, '2014-01-01')))).toBeNull();
  });

  it('refuses a join in the future', () => {
    const stream = new NetworkStream();
    expect(refusal(stream.run(join(polimi, '2024-06-02')))).toMatchObject({
      code: 'in_the_future',
      field: 'data.effectiveDate',
    });
  });

  it('accepts a rejoin after a leave, but not dated before that leave', () => {
    const stream = new NetworkStream();
    stream.record(join(polimi, '2014'));
    stream.record(leave(polimi, '2018-06'));
    expect(refusal(stream.run(join(polimi, '2017')))).toMatchObject({
      code: 'out_of_order',
      field: 'data.effectiveDate',
    });
    expect(refusal(stream.run(join(polimi, '2020')))).toBeNull();
    expect(stream.state.intervals[polimi]).toHaveLength(2);
  });
});

describe('RecordLeave', () => {
  it('records a leave of an active member', () => {
    const stream = new NetworkStream();
    stream.record(join(polimi, '2014'));
    expect(refusal(stream.run(leave(polimi, '2019')))).toBeNull();
    expect(activeInterval(stream.state, polimi)).toBeUndefined();
  });

  it('refuses a leave of an organisation that never joined, or a second leave', () => {
    const stream = new NetworkStream();
    expect(refusal(stream.run(leave(polimi, '2019')))).toMatchObject({
      code: 'not_member',
      field: 'data.organisationId',
    });
    stream.record(join(polimi, '2014'));
    stream.record(leave(polimi, '2019'));
    expect(refusal(stream.run(leave(polimi, '2020')))).toMatchObject({ code: 'not_member' });
  });

  it('refuses a leave before the join, but accepts one overlapping it', () => {
    const stream = new NetworkStream();
    stream.record(join(polimi, '2016-05'));
    expect(refusal(stream.run(leave(polimi, '2016-04')))).toMatchObject({
      code: 'out_of_order',
      reason: 'must not be before the member joined (2016-05)',
    });
    expect(refusal(stream.run(leave(polimi, '2016')))).toBeNull();
  });
});

describe('ChangeMemberCategory', () => {
  it('changes the category of an active member', () => {
    const stream = new NetworkStream();
    stream.record(join(polimi, '2014'));
    stream.record(changeCategory(polimi, '2018'));
    expect(stream.events.at(-1)).toMatchObject({
      type: 'MemberCategoryChanged',
      data: { from: 'research_organisation', to: 'company', effectiveDate: '2018' },
    });
  });

  it('refuses a change for a non-member, to the same category, or before the current category', () => {
    const stream = new NetworkStream();
    expect(refusal(stream.run(changeCategory(polimi, '2018')))).toMatchObject({
      code: 'not_member',
    });
    stream.record(join(polimi, '2016', 'company'));
    expect(refusal(stream.run(changeCategory(polimi, '2018')))).toMatchObject({
      code: 'no_change',
      field: 'data.to',
    });
    expect(refusal(stream.run(changeCategory(polimi, '2015', 'other_body')))).toMatchObject({
      code: 'out_of_order',
    });
  });
});

describe('ReportCensus', () => {
  it('records a census, refusing one before the network existed', () => {
    const stream = new NetworkStream();
    expect(refusal(stream.run(census('2022', 120)))).toBeNull();
    expect(refusal(stream.run(census('2010', 3)))).toMatchObject({
      code: 'before_establishment',
      field: 'data.asOf',
    });
    expect(stream.state.census).toHaveLength(1);
  });
});

describe('CorrectMembershipRecord', () => {
  it('corrects a join date, filling in the member', () => {
    const stream = new NetworkStream();
    const joined = stream.record(join(polimi, '2015'));
    stream.record(
      correct(joined, { field: 'effectiveDate', value: '2014-09', dateQualifier: 'by' }),
    );
    expect(stream.events.at(-1)?.data).toEqual({
      networkId,
      organisationId: polimi,
      correctsEventId: joined,
      correction: { field: 'effectiveDate', value: '2014-09', dateQualifier: 'by' },
    });
    expect(activeInterval(stream.state, polimi)).toMatchObject({
      from: '2014-09',
      dateQualifier: 'by',
    });
  });

  it('refuses a correction naming no event of the stream', () => {
    const stream = new NetworkStream();
    expect(refusal(stream.run(correct(uuidFor(999), { field: 'retracted' })))).toMatchObject({
      code: 'unknown_fact',
      field: 'data.correctsEventId',
    });
    // The network's own registration is not a correctable membership fact.
    expect(refusal(stream.run(correct(uuidFor(1), { field: 'retracted' })))).toMatchObject({
      code: 'unknown_fact',
    });
  });

  it('refuses a correction that does not fit the kind of fact', () => {
    const stream = new NetworkStream();
    const joined = stream.record(join(polimi, '2015'));
    const left = stream.record(leave(polimi, '2019'));
    const counted = stream.record(census('2022', 40));
    expect(refusal(stream.run(correct(joined, { field: 'counts', total: 3 })))).toMatchObject({
      code: 'correction_mismatch',
      field: 'data.correction.field',
      reason: '"counts" corrects only a census, not a join',
    });
    expect(
      refusal(stream.run(correct(left, { field: 'category', value: 'company' }))),
    ).toMatchObject({ code: 'correction_mismatch' });
    expect(
      refusal(stream.run(correct(counted, { field: 'category', value: 'company' }))),
    ).toMatchObject({ code: 'correction_mismatch' });
    expect(
      refusal(
        stream.run(correct(left, { field: 'effectiveDate', value: '2018', dateQualifier: 'by' })),
      ),
    ).toMatchObject({
      code: 'correction_mismatch',
      field: 'data.correction.dateQualifier',
    });
    expect(refusal(stream.run(correct(counted, { field: 'retracted' }, polimi)))).toMatchObject({
      code: 'correction_mismatch',
      field: 'data.organisationId',
    });
    expect(
      refusal(stream.run(correct(joined, { field: 'retracted' }, 'a2a-ambiente'))),
    ).toMatchObject({
      code: 'correction_mismatch',
      field: 'data.organisationId',
    });
    expect(refusal(stream.run(correct(counted, { field: 'counts', total: 42 })))).toBeNull();
  });

  it('refuses a corrected date that would put a leave before its join', () => {
    const stream = new NetworkStream();
    const joined = stream.record(join(polimi, '2015'));
    const left = stream.record(leave(polimi, '2019'));
    expect(
      refusal(stream.run(correct(joined, { field: 'effectiveDate', value: '2020' }))),
    ).toMatchObject({
      code: 'out_of_order',
      field: 'data.correction.value',
      reason: 'must not be after the member left (2019)',
    });
    expect(
      refusal(stream.run(correct(left, { field: 'effectiveDate', value: '2014' }))),
    ).toMatchObject({ code: 'out_of_order' });
    expect(
      refusal(stream.run(correct(left, { field: 'effectiveDate', value: '2030' }))),
    ).toMatchObject({ code: 'in_the_future' });
    expect(
      refusal(stream.run(correct(left, { field: 'effectiveDate', value: '2019' }))),
    ).toMatchObject({ code: 'no_change' });
  });

  it('refuses correcting a retracted fact, and retracting a leave followed by a rejoin', () => {
    const stream = new NetworkStream();
    const joined = stream.record(join(polimi, '2015'));
    const left = stream.record(leave(polimi, '2017'));
    stream.record(join(polimi, '2019'));
    expect(refusal(stream.run(correct(left, { field: 'retracted' })))).toMatchObject({
      code: 'invalid_state',
    });
    stream.record(correct(joined, { field: 'retracted' }));
    expect(refusal(stream.run(correct(joined, { field: 'retracted' })))).toMatchObject({
      code: 'unknown_fact',
      reason: 'names a fact that was already retracted',
    });
    expect(
      refusal(stream.run(correct(left, { field: 'effectiveDate', value: '2016' }))),
    ).toMatchObject({
      code: 'unknown_fact',
      reason: 'names a fact whose join was retracted',
    });
  });

  it('lets a retracted join free the organisation to join again', () => {
    const stream = new NetworkStream();
    const joined = stream.record(join(polimi, '2015'));
    stream.record(correct(joined, { field: 'retracted' }));
    expect(activeInterval(stream.state, polimi)).toBeUndefined();
    expect(refusal(stream.run(join(polimi, '2016')))).toBeNull();
  });
});
