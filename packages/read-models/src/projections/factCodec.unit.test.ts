import type { MembershipFact } from '@ledger/domain';
import { describe, expect, it } from 'vitest';
import { decodeFact, encodeFact } from './factCodec.ts';

const ID = '00000000-0000-4000-8000-000000000001';

describe('stored membership facts', () => {
  it.each<MembershipFact>([
    {
      kind: 'join',
      eventId: ID,
      organisationId: 'acme',
      category: 'company',
      effectiveDate: '2014',
      dateQualifier: 'by',
      retracted: false,
    },
    {
      kind: 'category_change',
      eventId: ID,
      organisationId: 'acme',
      from: 'research_organisation',
      to: 'company',
      effectiveDate: '2019-03',
      retracted: true,
    },
    {
      kind: 'leave',
      eventId: ID,
      organisationId: 'acme',
      effectiveDate: '2020-01-31',
      reason: 'merged',
      retracted: false,
    },
    { kind: 'census', eventId: ID, asOf: '2022', total: 700, approximate: true, retracted: false },
    {
      kind: 'census',
      eventId: ID,
      asOf: '2022-12-31',
      total: 10,
      companies: 5,
      researchOrganisations: 3,
      otherBodies: 2,
      retracted: true,
    },
  ])('round-trips a $kind fact', (fact) => {
    const organisationId = fact.kind === 'census' ? null : fact.organisationId;
    expect(decodeFact(ID, organisationId, encodeFact(fact))).toEqual(fact);
    expect(encodeFact(fact)).not.toContain(ID);
  });
});
