import {
  type Command,
  type DomainEvent,
  networkStream,
  organisationStream,
  type PartyRef,
  projectStream,
} from '@ledger/domain';

/** The stream a command decides on: its consistency boundary (memberships live in their network's). */
export const streamOfCommand = (command: Command): string => {
  switch (command.type) {
    case 'RegisterNetwork':
    case 'ChangeNetworkProfile':
    case 'RecordRecognition':
    case 'RecordAffiliation':
    case 'RecordJoin':
    case 'ChangeMemberCategory':
    case 'RecordLeave':
    case 'ReportCensus':
    case 'CorrectMembershipRecord':
    case 'RecordSuccessStory':
      return networkStream(command.data.networkId);
    case 'RegisterOrganisation':
    case 'RenameOrganisation':
    case 'ChangeOrganisationProfile':
      return organisationStream(command.data.organisationId);
    case 'RecordProjectFunding':
    case 'RecordProjectProposal':
    case 'AddProjectPartner':
    case 'CompleteProject':
      return projectStream(command.data.projectId);
    default:
      return command satisfies never;
  }
};

const partyStream = (party: PartyRef): string =>
  party.kind === 'organisation' ? organisationStream(party.id) : networkStream(party.id);

/**
 * The other streams whose state admitting the event reads: the records it names must exist. The
 * domain's admission decides what "exists" means; this only says where to look.
 */
export const referencedStreams = (event: DomainEvent): string[] => {
  switch (event.type) {
    case 'MemberJoined':
    case 'MemberCategoryChanged':
    case 'MemberLeft':
      return [organisationStream(event.data.organisationId)];
    case 'ProjectFunded':
    case 'ProjectProposed': {
      const { lead, partners, networks } = event.data;
      return [
        ...new Set([
          ...(lead === undefined ? [] : [partyStream(lead)]),
          ...partners.map((partner) => partyStream(partner.party)),
          ...networks.map(networkStream),
        ]),
      ];
    }
    case 'ProjectPartnerAdded':
      return [partyStream(event.data.partner)];
    case 'SuccessStoryRecorded':
      return [...new Set(event.data.relatedProjects ?? [])].map(projectStream);
    case 'NetworkRegistered':
    case 'NetworkProfileChanged':
    case 'NetworkRecognised':
    case 'NetworkAffiliated':
    case 'MembershipCensusReported':
    case 'MembershipRecordCorrected':
    case 'OrganisationRegistered':
    case 'OrganisationRenamed':
    case 'OrganisationProfileChanged':
    case 'ProjectCompleted':
      return [];
    default:
      return event satisfies never;
  }
};
