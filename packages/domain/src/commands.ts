import {
  ChangeMemberCategory,
  CorrectMembershipRecord,
  type MembershipCommand,
  RecordJoin,
  RecordLeave,
  ReportCensus,
} from './memberships/commands.ts';
import {
  ChangeNetworkProfile,
  type NetworkCommand,
  RecordAffiliation,
  RecordRecognition,
  RegisterNetwork,
} from './networks/commands.ts';
import {
  ChangeOrganisationProfile,
  type OrganisationCommand,
  RegisterOrganisation,
  RenameOrganisation,
} from './organisations/commands.ts';
import {
  AddProjectPartner,
  CompleteProject,
  type ProjectCommand,
  RecordProjectFunding,
  RecordProjectProposal,
} from './projects/commands.ts';
import { toValidationIssues, type ValidationIssue } from './shared/issues.ts';
import { RecordSuccessStory, type SuccessStoryCommand } from './successStories/commands.ts';

export type Command =
  | NetworkCommand
  | MembershipCommand
  | SuccessStoryCommand
  | OrganisationCommand
  | ProjectCommand;
export type CommandType = Command['type'];

/** All command schemas by type name. */
export const commandSchemas = {
  RegisterNetwork,
  ChangeNetworkProfile,
  RecordRecognition,
  RecordAffiliation,
  RecordJoin,
  ChangeMemberCategory,
  RecordLeave,
  ReportCensus,
  CorrectMembershipRecord,
  RecordSuccessStory,
  RegisterOrganisation,
  RenameOrganisation,
  ChangeOrganisationProfile,
  RecordProjectFunding,
  RecordProjectProposal,
  AddProjectPartner,
  CompleteProject,
} as const satisfies { readonly [T in CommandType]: unknown };

export type CommandParseResult =
  | { readonly ok: true; readonly command: Command }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Validates untrusted input (an API body, an importer's row) as a command; fields are dotted paths. */
export const parseCommand = (input: unknown): CommandParseResult => {
  const type = (input as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(commandSchemas, type)) {
    return {
      ok: false,
      issues: [
        {
          field: 'type',
          reason:
            typeof type === 'string'
              ? `must be a known command type, not "${type}"`
              : 'is required',
        },
      ],
    };
  }
  const parsed = commandSchemas[type as CommandType].safeParse(input);
  return parsed.success
    ? { ok: true, command: parsed.data as Command }
    : { ok: false, issues: toValidationIssues(parsed.error, input) };
};
