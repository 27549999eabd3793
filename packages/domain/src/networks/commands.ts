import type { z } from 'zod';
import { defineCommand } from '../shared/command.ts';
import {
  NetworkAffiliatedData,
  NetworkProfileChangedData,
  NetworkRecognisedData,
  NetworkRegisteredData,
} from './events.ts';

export const RegisterNetwork = defineCommand(
  'RegisterNetwork',
  NetworkRegisteredData,
  'Register a network in the ledger.',
);
export type RegisterNetwork = z.infer<typeof RegisterNetwork>;

export const ChangeNetworkProfile = defineCommand(
  'ChangeNetworkProfile',
  NetworkProfileChangedData,
  "Change a registered network's profile from a date on.",
);
export type ChangeNetworkProfile = z.infer<typeof ChangeNetworkProfile>;

export const RecordRecognition = defineCommand(
  'RecordRecognition',
  NetworkRecognisedData,
  "Record an authority's formal recognition of a network.",
);
export type RecordRecognition = z.infer<typeof RecordRecognition>;

export const RecordAffiliation = defineCommand(
  'RecordAffiliation',
  NetworkAffiliatedData,
  "Record a network's affiliation to an international network.",
);
export type RecordAffiliation = z.infer<typeof RecordAffiliation>;

export type NetworkCommand =
  | RegisterNetwork
  | ChangeNetworkProfile
  | RecordRecognition
  | RecordAffiliation;
