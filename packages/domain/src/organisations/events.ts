import { z } from 'zod';
import { OrganisationKind } from '../shared/categories.ts';
import type { EventShape } from '../shared/envelope.ts';
import { OrganisationId } from '../shared/ids.ts';
import { PartialDate } from '../shared/partialDate.ts';
import { HttpUrl, NonEmptyText } from '../shared/text.ts';

const fields = {
  kind: OrganisationKind,
  city: NonEmptyText.describe('City of the registered office, e.g. `Milano`.'),
  province: z
    .string({ error: 'must be a province code' })
    .regex(/^[A-Z]{2}$/, { error: 'must be a two-letter province code (sigla), e.g. MI' })
    .describe('Province code (sigla), e.g. `MI`.'),
  country: z
    .string({ error: 'must be a country code' })
    .regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166 alpha-2 country code, e.g. IT' })
    .describe('ISO 3166-1 alpha-2 country code.'),
  website: HttpUrl.describe('Official website.'),
};

export const OrganisationRegisteredData = z
  .strictObject({
    organisationId: OrganisationId,
    kind: fields.kind,
    name: NonEmptyText.describe('Name, e.g. `Politecnico di Milano`.'),
    city: fields.city.optional(),
    province: fields.province.optional(),
    country: fields.country
      .default('IT')
      .describe('ISO 3166-1 alpha-2 country code; `IT` when omitted.'),
    website: fields.website.optional(),
  })
  .describe('An organisation (company, research organisation, public body...) enters the ledger.');
export type OrganisationRegisteredData = z.infer<typeof OrganisationRegisteredData>;

export const OrganisationRenamedData = z
  .strictObject({
    organisationId: OrganisationId,
    name: NonEmptyText.describe('The new name.'),
    effectiveDate: PartialDate.describe('When the new name took effect.'),
  })
  .describe('An organisation changed its name.');
export type OrganisationRenamedData = z.infer<typeof OrganisationRenamedData>;

export const OrganisationProfileChanges = z
  .strictObject({
    kind: fields.kind.optional(),
    city: fields.city.optional(),
    province: fields.province.optional(),
    country: fields.country.optional(),
    website: fields.website.optional(),
  })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
    error: 'must change at least one field',
  })
  .describe('The profile fields that change, with their new values; at least one.');
export type OrganisationProfileChanges = z.infer<typeof OrganisationProfileChanges>;

export const OrganisationProfileChangedData = z
  .strictObject({
    organisationId: OrganisationId,
    effectiveDate: PartialDate.describe('When the change took effect.'),
    changes: OrganisationProfileChanges,
  })
  .describe("An organisation's kind, seat or website changed.");
export type OrganisationProfileChangedData = z.infer<typeof OrganisationProfileChangedData>;

export type OrganisationRegistered = EventShape<
  'OrganisationRegistered',
  OrganisationRegisteredData
>;
export type OrganisationRenamed = EventShape<'OrganisationRenamed', OrganisationRenamedData>;
export type OrganisationProfileChanged = EventShape<
  'OrganisationProfileChanged',
  OrganisationProfileChangedData
>;
export type OrganisationEvent =
  | OrganisationRegistered
  | OrganisationRenamed
  | OrganisationProfileChanged;
