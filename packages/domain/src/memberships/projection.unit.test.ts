import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../registry.ts';
import { envelopes } from '../shared/testSupport.ts';
import type { MembershipCommand } from './commands.ts';
import { membershipIntervals, membershipRegister, membersOn } from './projection.ts';
import { NetworkStream } from './testRunner.ts';

const now = '2024-06-01T10:00:00Z';
const networkId = 'afil';

const join = (
  organisationId: string,
  effectiveDate: string,
  category: 'company' | 'research_organisation' | 'other_body',
  dateQualifier: 'on' | 'by' = 'on',
): MembershipCommand => ({
  type: 'RecordJoin',
  now,
  data: { networkId, organisationId, category, effectiveDate, dateQualifier },
});

const replay = (stream: NetworkStream) =>
  stream.events.reduce(membershipRegister.apply, membershipRegister.initialState);

const counts = (total: number, company: number, research: number, other: number) => ({
  total,
  byCategory: { company, research_organisation: research, other_body: other },
});

describe('membershipRegister', () => {
  it('builds intervals with categories over time and answers membersOn by interval', () => {
    const stream = new NetworkStream();
    stream.record(join('politecnico-di-milano', '2014-03', 'research_organisation'));
    stream.record(join('a2a-ambiente', '2015', 'company'));
    stream.record(join('spin-off', '2016-06', 'research_organisation'));
    stream.record({
      type: 'ChangeMemberCategory',
      now,
      data: { networkId, organisationId: 'spin-off', to: 'company', effectiveDate: '2018-01' },
    });
    stream.record({
      type: 'RecordLeave',
      now,
      data: {
        networkId,
        organisationId: 'a2a-ambiente',
        effectiveDate: '2019-07',
        reason: 'withdrew',
      },
    });
    const register = replay(stream);

    expect(membershipIntervals(register, networkId)).toMatchObject([
      { organisationId: 'politecnico-di-milano', from: '2014-03' },
      { organisationId: 'a2a-ambiente', from: '2015', to: '2019-07', leaveReason: 'withdrew' },
      {
        organisationId: 'spin-off',
        from: '2016-06',
        categories: [
          { from: '2016-06', category: 'research_organisation' },
          { from: '2018-01', category: 'company' },
        ],
      },
    ]);
    expect(membersOn(register, networkId, '2014-02')).toEqual(counts(0, 0, 0, 0));
    expect(membersOn(register, networkId, '2014-03-01')).toEqual(counts(1, 0, 1, 0));
    expect(membersOn(register, networkId, '2017')).toEqual(counts(3, 1, 2, 0));
    expect(membersOn(register, networkId, '2018-02-01')).toEqual(counts(3, 2, 1, 0));
    expect(membersOn(register, networkId, '2019-06-30')).toEqual(counts(3, 2, 1, 0));
    expect(membersOn(register, networkId, '2019-07-01')).toEqual(counts(2, 1, 1, 0));
    expect(membersOn(register, 'le2c', '2019')).toBeNull();
  });

  it('counts a "by" join only from the end of its period', () => {
    const stream = new NetworkStream();
    stream.record(join('a2a-ambiente', '2016', 'company', 'by'));
    stream.record(join('politecnico-di-milano', '2016', 'research_organisation', 'on'));
    const register = replay(stream);
    expect(membersOn(register, networkId, '2016-01-01')).toEqual(counts(1, 0, 1, 0));
    expect(membersOn(register, networkId, '2016-12-30')).toEqual(counts(1, 0, 1, 0));
    expect(membersOn(register, networkId, '2016-12-31')).toEqual(counts(2, 1, 1, 0));
    expect(membersOn(register, networkId, '2016')).toEqual(counts(2, 1, 1, 0));
  });

  it('applies corrections: a moved join moves the interval, a retracted fact disappears, the audit keeps both', () => {
    const stream = new NetworkStream();
    const joined = stream.record(join('politecnico-di-milano', '2018', 'company'));
    const wrong = stream.record(join('a2a-ambiente', '2015', 'company'));
    const counted = stream.record({
      type: 'ReportCensus',
      now,
      data: { networkId, asOf: '2022', total: 700, approximate: true },
    });
    stream.record({
      type: 'CorrectMembershipRecord',
      now,
      data: {
        networkId,
        correctsEventId: joined,
        correction: { field: 'effectiveDate', value: '2014-05' },
      },
    });
    stream.record({
      type: 'CorrectMembershipRecord',
      now,
      data: {
        networkId,
        correctsEventId: joined,
        correction: { field: 'category', value: 'research_organisation' },
      },
    });
    stream.record({
      type: 'CorrectMembershipRecord',
      now,
      data: { networkId, correctsEventId: wrong, correction: { field: 'retracted' } },
    });
    stream.record({
      type: 'CorrectMembershipRecord',
      now,
      data: { networkId, correctsEventId: counted, correction: { field: 'counts', total: 690 } },
    });
    const register = replay(stream);
    const afil = register.networks[networkId];

    expect(membershipIntervals(register, networkId)).toMatchObject([
      {
        organisationId: 'politecnico-di-milano',
        from: '2014-05',
        categories: [{ category: 'research_organisation' }],
      },
    ]);
    expect(membersOn(register, networkId, '2016')).toEqual(counts(1, 0, 1, 0));
    expect(afil?.census).toEqual([
      { kind: 'census', eventId: counted, asOf: '2022', total: 690, retracted: false },
    ]);
    expect(
      afil?.corrections.map(({ correctsEventId, field, before, after }) => ({
        correctsEventId,
        field,
        before,
        after,
      })),
    ).toMatchObject([
      {
        correctsEventId: joined,
        field: 'effectiveDate',
        before: { effectiveDate: '2018' },
        after: { effectiveDate: '2014-05' },
      },
      {
        correctsEventId: joined,
        field: 'category',
        before: { category: 'company' },
        after: { category: 'research_organisation' },
      },
      {
        correctsEventId: wrong,
        field: 'retracted',
        before: { organisationId: 'a2a-ambiente', retracted: false },
        after: { retracted: true },
      },
      {
        correctsEventId: counted,
        field: 'counts',
        before: { total: 700, approximate: true },
        after: { total: 690 },
      },
    ]);
  });

  it('is replayable: the same log gives the same state, and other streams leave it untouched', () => {
    const stream = new NetworkStream();
    stream.record(join('politecnico-di-milano', '2014', 'research_organisation'));
    const other: DomainEvent[] = [
      {
        type: 'OrganisationRegistered',
        data: {
          organisationId: 'a2a-ambiente',
          kind: 'company',
          name: 'A2A Ambiente',
          country: 'IT',
        },
      },
    ];
    const once = replay(stream);
    const withOther = envelopes(other, 100).reduce(membershipRegister.apply, once);
    expect(withOther).toBe(once);
    expect(replay(stream)).toEqual(once);
  });
});
