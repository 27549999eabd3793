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

describe('evolveMembershipRecords', () => {
  it('keeps facts of distinct ids apart, and a repeated id replaces the fact it names', () => {
    const records: MembershipRecords = { members: new Map(), censuses: new Map() };
    const [first, left, again] = envelopes<NetworkStreamEvent>([
      joined('2016'),
      {
        type: 'MemberLeft',
        data: {
          networkId: 'afil',
          organisationId: 'a2a',
          effectiveDate: '2018',
          reason: 'withdrew',
        },
      },
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
});
