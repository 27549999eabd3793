/**
 * A compact stored form of the domain's membership facts: a JSON array of the fields in a fixed
 * order, without the event id and organisation, which are columns beside it. The register holds
 * one fact per membership event, so its size is most of a snapshot's.
 */
import type { MembershipFact } from '@ledger/domain';

type Stored =
  | [kind: 'join', category: string, effectiveDate: string, qualifier: string, retracted: 0 | 1]
  | [kind: 'category_change', from: string, to: string, effectiveDate: string, retracted: 0 | 1]
  | [kind: 'leave', effectiveDate: string, reason: string, retracted: 0 | 1]
  | [
      kind: 'census',
      asOf: string,
      total: number,
      companies: number | null,
      research: number | null,
      other: number | null,
      approximate: boolean | null,
      retracted: 0 | 1,
    ];

const flag = (retracted: boolean): 0 | 1 => (retracted ? 1 : 0);

export function encodeFact(fact: MembershipFact): string {
  let stored: Stored;
  switch (fact.kind) {
    case 'join':
      stored = [
        'join',
        fact.category,
        fact.effectiveDate,
        fact.dateQualifier,
        flag(fact.retracted),
      ];
      break;
    case 'category_change':
      stored = ['category_change', fact.from, fact.to, fact.effectiveDate, flag(fact.retracted)];
      break;
    case 'leave':
      stored = ['leave', fact.effectiveDate, fact.reason, flag(fact.retracted)];
      break;
    case 'census':
      stored = [
        'census',
        fact.asOf,
        fact.total,
        fact.companies ?? null,
        fact.researchOrganisations ?? null,
        fact.otherBodies ?? null,
        fact.approximate ?? null,
        flag(fact.retracted),
      ];
      break;
    default:
      return fact satisfies never;
  }
  return JSON.stringify(stored);
}

/** The fact back, as the domain's register holds it. */
export function decodeFact(
  eventId: string,
  organisationId: string | null,
  text: string,
): MembershipFact {
  const stored = JSON.parse(text) as Stored;
  switch (stored[0]) {
    case 'join':
      return {
        kind: 'join',
        eventId,
        organisationId: organisationId ?? '',
        category: stored[1] as Extract<MembershipFact, { kind: 'join' }>['category'],
        effectiveDate: stored[2],
        dateQualifier: stored[3] as 'on' | 'by',
        retracted: stored[4] === 1,
      };
    case 'category_change':
      return {
        kind: 'category_change',
        eventId,
        organisationId: organisationId ?? '',
        from: stored[1] as Extract<MembershipFact, { kind: 'category_change' }>['from'],
        to: stored[2] as Extract<MembershipFact, { kind: 'category_change' }>['to'],
        effectiveDate: stored[3],
        retracted: stored[4] === 1,
      };
    case 'leave':
      return {
        kind: 'leave',
        eventId,
        organisationId: organisationId ?? '',
        effectiveDate: stored[1],
        reason: stored[2],
        retracted: stored[3] === 1,
      };
    case 'census': {
      const [, asOf, total, companies, research, other, approximate, retracted] = stored;
      return {
        kind: 'census',
        eventId,
        asOf,
        total,
        ...(companies === null ? {} : { companies }),
        ...(research === null ? {} : { researchOrganisations: research }),
        ...(other === null ? {} : { otherBodies: other }),
        ...(approximate === null ? {} : { approximate }),
        retracted: retracted === 1,
      };
    }
    default:
      return stored satisfies never;
  }
}
