import { describe, expect, it } from 'vitest';
import {
  dateCode,
  evolveMembershipRecords,
  type MembershipRecords,
} from './admissionMemberships.ts';
import type { NetworkStreamEvent } from './registry.ts';
import { envelopes, uuidFor } from './shared/testSupport.ts';

const joined = (effectiveDate: string): NetworkStreamEvent => ({
  type: 'MemberJoined',
  data: {
    networkId: 'afil',
    organisationId: 'a2a',
    category: 'company',
    effectiveDate,
    dateQualifier: 'on',
  },
});

const left2018: NetworkStreamEvent = {
  type: 'MemberLeft',
  data: { networkId: 'afil', organisationId: 'a2a', effectiveDate: '2018', reason: 'withdrew' },
};

const emptyRecords = (): MembershipRecords => ({ members: new Map(), censuses: new Map() });

describe('evolveMembershipRecords', () => {
  it('keeps facts of distinct ids apart, and a repeated id replaces the fact it names', () => {
    const records = emptyRecords();
    const [first, left, again] = envelopes<NetworkStreamEvent>([
      joined('2016'),
      left2018,
      joined('2020'),
    ]);
    if (first === undefined || left === undefined || again === undefined) throw new Error('setup');
    evolveMembershipRecords(records, first);
    evolveMembershipRecords(records, left);
    const member = records.members.get('a2a');
    expect(member?.ids).toEqual([uuidFor(1), uuidFor(2)]);
    expect([member?.from, member?.to]).toEqual([dateCode('2016'), dateCode('2018')]);
    // The same id again (a store that holds an event twice): the join it names is replaced.
    const before = member?.facts[0];
    evolveMembershipRecords(records, { ...again, id: uuidFor(1) });
    expect(member?.ids).toEqual([uuidFor(1), uuidFor(2)]);
    expect(member?.facts[0]).not.toBe(before);
    expect(member?.from).toBe(dateCode('2020'));
    evolveMembershipRecords(records, again);
    expect(member?.ids).toEqual([uuidFor(1), uuidFor(2), uuidFor(3)]);
  });

  it('tells apart ids whose keys collide, and corrects the fact the correction names', () => {
    const records = emptyRecords();
    const [join, leave, correction] = envelopes<NetworkStreamEvent>([
      joined('2016'),
      left2018,
      {
        type: 'MembershipRecordCorrected',
        data: {
          networkId: 'afil',
          organisationId: 'a2a',
          correctsEventId: 'BB',
          correction: { field: 'effectiveDate', value: '2019' },
        },
      },
    ]);
    if (join === undefined || leave === undefined || correction === undefined) {
      throw new Error('setup');
    }
    // "Aa" and "BB" share a key (31 × 65 + 97 = 31 × 66 + 66): only the ids tell them apart.
    evolveMembershipRecords(records, { ...join, id: 'Aa' });
    evolveMembershipRecords(records, { ...leave, id: 'BB' });
    const member = records.members.get('a2a');
    expect(member?.ids).toEqual(['Aa', 'BB']);
    const joinFact = member?.facts[0];
    evolveMembershipRecords(records, correction);
    expect(member?.facts[0]).toBe(joinFact);
    expect([member?.from, member?.to]).toEqual([dateCode('2016'), dateCode('2019')]);
  });
});
