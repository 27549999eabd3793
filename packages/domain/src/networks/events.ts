import { z } from 'zod';
import { Address, DateQualifier, NetworkKind } from '../shared/categories.ts';
import type { EventShape } from '../shared/envelope.ts';
import { NetworkId } from '../shared/ids.ts';
import { PartialDate } from '../shared/partialDate.ts';
import { PnrrRef } from '../shared/pnrr.ts';
import { S3Ecosystem, s3EcosystemFromLabel } from '../shared/s3.ts';
import { HttpUrl, NonEmptyText } from '../shared/text.ts';

const Synergies = z
  .strictObject({
    s3Ecosystems: z
      .array(S3Ecosystem)
      .describe('Other S3 ecosystems the network declares synergies with.'),
    pnrr: z.array(PnrrRef).describe('PNRR mission components the network contributes to.'),
  })
  .describe('Synergies with other regional or national strategies (S3 and PNRR).');

const profileFields = {
  name: NonEmptyText.describe('Full name, e.g. `Associazione Fabbrica Intelligente Lombardia`.'),
  acronym: NonEmptyText.describe('Short name, e.g. `AFIL`.'),
  headquarters: z
    .array(Address)
    .describe(
      'Offices (sedi). Empty when the sources name no seat (e.g. a partnership known from an article): a seat is never inferred from whoever runs the network.',
    ),
  website: HttpUrl.describe('Official website.'),
  s3Ecosystems: z
    .array(S3Ecosystem)
    .describe('Reference S3 ecosystems (ecosistema di riferimento).'),
  technologyAreas: z
    .array(NonEmptyText)
    .describe('Technology areas (aree tecnologiche), as the sources word them.'),
  synergies: Synergies,
};

export const NetworkRegisteredData = z
  .strictObject({
    networkId: NetworkId,
    kind: NetworkKind,
    name: profileFields.name,
    acronym: profileFields.acronym.optional(),
    headquarters: profileFields.headquarters,
    website: profileFields.website.optional(),
    s3Ecosystems: profileFields.s3Ecosystems,
    technologyAreas: profileFields.technologyAreas,
    establishedOn: PartialDate.optional().describe(
      'When the network was established; memberships and other dated facts cannot precede it.',
    ),
    synergies: profileFields.synergies.optional(),
  })
  .describe('A network (technology cluster, innovation hub, partnership) enters the ledger.');
export type NetworkRegisteredData = z.infer<typeof NetworkRegisteredData>;

/** Version 1 of NetworkRegistered: a single free-text reference ecosystem. Kept to read old events. */
export const NetworkRegisteredDataV1 = NetworkRegisteredData.omit({ s3Ecosystems: true })
  .extend({
    s3Ecosystem: z
      .string({ error: 'must be the name of a Lombardy S3 ecosystem' })
      .transform((value, ctx) => {
        const code = s3EcosystemFromLabel(value);
        if (code === null) {
          ctx.addIssue({ code: 'custom', message: 'must be the name of a Lombardy S3 ecosystem' });
          return z.NEVER;
        }
        return code;
      })
      .describe('The one reference S3 ecosystem, as a code or an Italian label.'),
  })
  .describe('Version 1: one reference ecosystem (`s3Ecosystem`) instead of a list.');
export type NetworkRegisteredDataV1 = z.infer<typeof NetworkRegisteredDataV1>;

export const upcastNetworkRegisteredV1 = ({
  s3Ecosystem,
  ...rest
}: NetworkRegisteredDataV1): z.input<typeof NetworkRegisteredData> => ({
  ...rest,
  s3Ecosystems: [s3Ecosystem],
});

export const NetworkProfileChanges = z
  .strictObject({
    name: profileFields.name.optional(),
    acronym: profileFields.acronym.optional(),
    headquarters: profileFields.headquarters.optional(),
    website: profileFields.website.optional(),
    s3Ecosystems: profileFields.s3Ecosystems.optional(),
    technologyAreas: profileFields.technologyAreas.optional(),
    synergies: profileFields.synergies.optional(),
  })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
    error: 'must change at least one field',
  })
  .describe('The profile fields that change, with their new values; at least one.');
export type NetworkProfileChanges = z.infer<typeof NetworkProfileChanges>;

export const NetworkProfileChangedData = z
  .strictObject({
    networkId: NetworkId,
    effectiveDate: PartialDate.describe('When the change took effect.'),
    changes: NetworkProfileChanges,
  })
  .describe("A network's name, offices, website, ecosystems or synergies changed.");
export type NetworkProfileChangedData = z.infer<typeof NetworkProfileChangedData>;

export const RecognitionPhase = z
  .enum(['start_up', 'consolidation'])
  .describe('Phase the recognition supports: `start_up` or `consolidation`.');
export type RecognitionPhase = z.infer<typeof RecognitionPhase>;

export const NetworkRecognisedData = z
  .strictObject({
    networkId: NetworkId,
    authority: NonEmptyText.describe('Who recognised the network, e.g. `Regione Lombardia`.'),
    phase: RecognitionPhase.optional(),
    actReference: NonEmptyText.optional().describe('The act (decreto, delibera) of recognition.'),
    recognisedOn: PartialDate.describe('When the recognition was granted (see dateQualifier).'),
    dateQualifier: DateQualifier.optional().describe(
      'How recognisedOn is meant: `on` (the default when omitted) or `by`, when the source only attests the recognition no later than that date.',
    ),
  })
  .describe(
    'An authority formally recognised the network (e.g. as a regional technology cluster).',
  );
export type NetworkRecognisedData = z.infer<typeof NetworkRecognisedData>;

export const NetworkAffiliatedData = z
  .strictObject({
    networkId: NetworkId,
    internationalNetwork: NonEmptyText.describe(
      'The international network joined, e.g. `Vanguard Initiative`, `ECCP`, `EUSALP`.',
    ),
    effectiveDate: PartialDate.describe('When the affiliation started (see dateQualifier).'),
    dateQualifier: DateQualifier,
  })
  .describe('The network became part of an international network or platform.');
export type NetworkAffiliatedData = z.infer<typeof NetworkAffiliatedData>;

export type NetworkRegistered = EventShape<'NetworkRegistered', NetworkRegisteredData>;
export type NetworkProfileChanged = EventShape<'NetworkProfileChanged', NetworkProfileChangedData>;
export type NetworkRecognised = EventShape<'NetworkRecognised', NetworkRecognisedData>;
export type NetworkAffiliated = EventShape<'NetworkAffiliated', NetworkAffiliatedData>;
/** Network facts (the `network-{id}` stream also carries membership events). */
export type NetworkEvent =
  | NetworkRegistered
  | NetworkProfileChanged
  | NetworkRecognised
  | NetworkAffiliated;
