import type { z } from 'zod';
import {
  MemberCategoryChangedData,
  MemberJoinedData,
  MemberLeftData,
  MembershipCensusReportedData,
  type MembershipEvent,
  MembershipRecordCorrectedData,
} from './memberships/events.ts';
import {
  NetworkAffiliatedData,
  type NetworkEvent,
  NetworkProfileChangedData,
  NetworkRecognisedData,
  NetworkRegisteredData,
  NetworkRegisteredDataV1,
  upcastNetworkRegisteredV1,
} from './networks/events.ts';
import {
  type OrganisationEvent,
  OrganisationProfileChangedData,
  OrganisationRegisteredData,
  OrganisationRenamedData,
} from './organisations/events.ts';
import {
  ProjectCompletedData,
  type ProjectEvent,
  ProjectFundedData,
  ProjectPartnerAddedData,
  ProjectProposedData,
} from './projects/events.ts';
import type { StreamCategory } from './shared/streams.ts';
import { type SuccessStoryEvent, SuccessStoryRecordedData } from './successStories/events.ts';

/** Every domain event: a type name and its data in the current schema version. */
export type DomainEvent =
  | NetworkEvent
  | MembershipEvent
  | SuccessStoryEvent
  | OrganisationEvent
  | ProjectEvent;
export type EventType = DomainEvent['type'];
export type EventOf<T extends EventType> = Extract<DomainEvent, { readonly type: T }>;
export type EventDataOf<T extends EventType> = EventOf<T>['data'];
/** Everything stored in a `network-{id}` stream: network facts, its membership register, its stories. */
export type NetworkStreamEvent = NetworkEvent | MembershipEvent | SuccessStoryEvent;

/**
 * Lifts the data of schema version `fromVersion` to version `fromVersion + 1`. The old schema
 * validates first, so a bad old event is reported in the terms it was written in.
 */
export interface Upcaster {
  readonly fromVersion: number;
  readonly schema: z.ZodType;
  readonly upcast: (data: unknown) => z.ZodSafeParseResult<unknown>;
}

export const defineUpcaster = <S extends z.ZodType>(
  fromVersion: number,
  schema: S,
  upcast: (data: z.output<S>) => unknown,
): Upcaster => ({
  fromVersion,
  schema,
  upcast: (data) => {
    const parsed = schema.safeParse(data);
    return parsed.success ? { success: true, data: upcast(parsed.data) } : parsed;
  },
});

export interface EventTypeDefinition<T extends EventType = EventType> {
  readonly type: T;
  /** The current schema version: what writers must produce and readers get after upcasting. */
  readonly version: number;
  readonly schema: z.ZodType<EventDataOf<T>>;
  /** The stream category the event belongs to; `idField` names the data field giving the stream id. */
  readonly stream: StreamCategory;
  readonly idField: 'networkId' | 'organisationId' | 'projectId';
  /** One upcaster per past version, from version 1 up to `version - 1`. */
  readonly upcasters: readonly Upcaster[];
}

type Registry = { readonly [T in EventType]: EventTypeDefinition<T> };

const onNetwork = { stream: 'network', idField: 'networkId' } as const;
const onOrganisation = { stream: 'organisation', idField: 'organisationId' } as const;
const onProject = { stream: 'project', idField: 'projectId' } as const;

/** All event types: name → current schema version, schema (with its docs), stream and upcasters. */
export const eventRegistry: Registry = {
  NetworkRegistered: {
    type: 'NetworkRegistered',
    version: 2,
    schema: NetworkRegisteredData,
    ...onNetwork,
    upcasters: [defineUpcaster(1, NetworkRegisteredDataV1, upcastNetworkRegisteredV1)],
  },
  NetworkProfileChanged: {
    type: 'NetworkProfileChanged',
    version: 1,
    schema: NetworkProfileChangedData,
    ...onNetwork,
    upcasters: [],
  },
  NetworkRecognised: {
    type: 'NetworkRecognised',
    version: 1,
    schema: NetworkRecognisedData,
    ...onNetwork,
    upcasters: [],
  },
  NetworkAffiliated: {
    type: 'NetworkAffiliated',
    version: 1,
    schema: NetworkAffiliatedData,
    ...onNetwork,
    upcasters: [],
  },
  MemberJoined: {
    type: 'MemberJoined',
    version: 1,
    schema: MemberJoinedData,
    ...onNetwork,
    upcasters: [],
  },
  MemberCategoryChanged: {
    type: 'MemberCategoryChanged',
    version: 1,
    schema: MemberCategoryChangedData,
    ...onNetwork,
    upcasters: [],
  },
  MemberLeft: {
    type: 'MemberLeft',
    version: 1,
    schema: MemberLeftData,
    ...onNetwork,
    upcasters: [],
  },
  MembershipCensusReported: {
    type: 'MembershipCensusReported',
    version: 1,
    schema: MembershipCensusReportedData,
    ...onNetwork,
    upcasters: [],
  },
  MembershipRecordCorrected: {
    type: 'MembershipRecordCorrected',
    version: 1,
    schema: MembershipRecordCorrectedData,
    ...onNetwork,
    upcasters: [],
  },
  SuccessStoryRecorded: {
    type: 'SuccessStoryRecorded',
    version: 1,
    schema: SuccessStoryRecordedData,
    ...onNetwork,
    upcasters: [],
  },
  OrganisationRegistered: {
    type: 'OrganisationRegistered',
    version: 1,
    schema: OrganisationRegisteredData,
    ...onOrganisation,
    upcasters: [],
  },
  OrganisationRenamed: {
    type: 'OrganisationRenamed',
    version: 1,
    schema: OrganisationRenamedData,
    ...onOrganisation,
    upcasters: [],
  },
  OrganisationProfileChanged: {
    type: 'OrganisationProfileChanged',
    version: 1,
    schema: OrganisationProfileChangedData,
    ...onOrganisation,
    upcasters: [],
  },
  ProjectFunded: {
    type: 'ProjectFunded',
    version: 1,
    schema: ProjectFundedData,
    ...onProject,
    upcasters: [],
  },
  ProjectProposed: {
    type: 'ProjectProposed',
    version: 1,
    schema: ProjectProposedData,
    ...onProject,
    upcasters: [],
  },
  ProjectPartnerAdded: {
    type: 'ProjectPartnerAdded',
    version: 1,
    schema: ProjectPartnerAddedData,
    ...onProject,
    upcasters: [],
  },
  ProjectCompleted: {
    type: 'ProjectCompleted',
    version: 1,
    schema: ProjectCompletedData,
    ...onProject,
    upcasters: [],
  },
};

export const EVENT_TYPES = Object.keys(eventRegistry) as EventType[];

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventRegistry, type);

/** The stream an event belongs to, e.g. `network-afil` for a MemberJoined in AFIL. */
export const streamOf = (event: DomainEvent): string => {
  const definition = eventRegistry[event.type];
  return `${definition.stream}-${(event.data as Record<string, string>)[definition.idField]}`;
};
