import { z } from 'zod';
import { NetworkId, OrganisationId } from './ids.ts';
import { NonEmptyText } from './text.ts';

export const MEMBER_CATEGORIES = ['company', 'research_organisation', 'other_body'] as const;

export const MemberCategory = z
  .enum(MEMBER_CATEGORIES)
  .describe(
    'Membership category as the sources count them: `company` (imprese), `research_organisation` (organismi di ricerca), `other_body` (altri enti).',
  );
export type MemberCategory = z.infer<typeof MemberCategory>;

export const MEMBER_CATEGORY_LABELS: Readonly<Record<MemberCategory, string>> = {
  company: 'Imprese',
  research_organisation: 'Organismi di ricerca',
  other_body: 'Altri enti',
};

export const OrganisationKind = z
  .enum([...MEMBER_CATEGORIES, 'public_body', 'association'])
  .describe(
    'What an organisation is: one of the member categories, or `public_body` / `association`.',
  );
export type OrganisationKind = z.infer<typeof OrganisationKind>;

export const NetworkKind = z
  .enum(['technology_cluster', 'innovation_hub', 'digital_innovation_hub', 'partnership'])
  .describe('What a network is.');
export type NetworkKind = z.infer<typeof NetworkKind>;

export const DateQualifier = z
  .enum(['on', 'by'])
  .describe(
    '`on`: the fact happened at that date; `by`: the fact is only known to be true no later than that date.',
  );
export type DateQualifier = z.infer<typeof DateQualifier>;

export const PartyRef = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('organisation'), id: OrganisationId }),
    z.strictObject({ kind: z.literal('network'), id: NetworkId }),
  ])
  .describe('A reference to an organisation or a network taking part in something.');
export type PartyRef = z.infer<typeof PartyRef>;

export const Address = z
  .strictObject({
    street: NonEmptyText.optional().describe('Street and number, e.g. `Via Stezzano, 87`.'),
    postalCode: z
      .string({ error: 'must be a postal code' })
      .regex(/^[0-9A-Z][0-9A-Z -]{1,9}$/, { error: 'must be a postal code, e.g. 24126' })
      .optional()
      .describe('Postal code (CAP), e.g. `24126`.'),
    city: NonEmptyText.describe('City, e.g. `Bergamo`.'),
    province: z
      .string({ error: 'must be a province code' })
      .regex(/^[A-Z]{2}$/, { error: 'must be a two-letter province code (sigla), e.g. BG' })
      .optional()
      .describe('Province code (sigla), e.g. `BG`.'),
  })
  .describe('A postal address.');
export type Address = z.infer<typeof Address>;
