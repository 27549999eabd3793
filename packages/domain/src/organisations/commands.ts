import type { z } from 'zod';
import { defineCommand } from '../shared/command.ts';
import {
  OrganisationProfileChangedData,
  OrganisationRegisteredData,
  OrganisationRenamedData,
} from './events.ts';

export const RegisterOrganisation = defineCommand(
  'RegisterOrganisation',
  OrganisationRegisteredData,
  'Register an organisation in the ledger.',
);
export type RegisterOrganisation = z.infer<typeof RegisterOrganisation>;

export const RenameOrganisation = defineCommand(
  'RenameOrganisation',
  OrganisationRenamedData,
  'Record that an organisation changed its name.',
);
export type RenameOrganisation = z.infer<typeof RenameOrganisation>;

export const ChangeOrganisationProfile = defineCommand(
  'ChangeOrganisationProfile',
  OrganisationProfileChangedData,
  "Change an organisation's kind, seat or website from a date on.",
);
export type ChangeOrganisationProfile = z.infer<typeof ChangeOrganisationProfile>;

export type OrganisationCommand =
  | RegisterOrganisation
  | RenameOrganisation
  | ChangeOrganisationProfile;
