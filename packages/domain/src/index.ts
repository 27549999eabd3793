// The one public entry of @ledger/domain.

export * from './admission.ts';
export {
  type CatalogEntry,
  type CatalogField,
  type CatalogVersion,
  type EventCatalog,
  eventCatalog,
} from './catalog.ts';
export {
  checkMetadata,
  type MetadataCheck,
  parseStoredEvent,
  type StoredEvent,
  type UnvalidatedEvent,
  type ValidatedEvent,
  type ValidationResult,
  validateEvent,
  validateEventWithCheckedMetadata,
} from './codec.ts';
export {
  type Command,
  type CommandParseResult,
  type CommandType,
  commandSchemas,
  parseCommand,
} from './commands.ts';
export * from './memberships/commands.ts';
export * from './memberships/decider.ts';
export * from './memberships/events.ts';
export * from './memberships/projection.ts';
export {
  type AppliedCorrection,
  activeInterval,
  applyToNetworkRegister,
  type CategoryPeriod,
  type CensusPoint,
  correctionOf,
  currentCategory,
  emptyNetworkRegister,
  factOf,
  intervalsOf,
  type MemberFact,
  type MembershipFact,
  type MembershipFactKind,
  type MembershipInterval,
  type NetworkRegister,
} from './memberships/register.ts';
export * from './networks/commands.ts';
export * from './networks/decider.ts';
export * from './networks/directory.ts';
export * from './networks/events.ts';
export * from './organisations/commands.ts';
export * from './organisations/decider.ts';
export * from './organisations/events.ts';
export * from './projects/commands.ts';
export * from './projects/decider.ts';
export * from './projects/events.ts';
export {
  type DomainEvent,
  defineUpcaster,
  EVENT_TYPES,
  type EventDataOf,
  type EventOf,
  type EventType,
  type EventTypeDefinition,
  eventRegistry,
  isEventType,
  type NetworkStreamEvent,
  streamOf,
  type Upcaster,
} from './registry.ts';
export {
  Address,
  DateQualifier,
  MEMBER_CATEGORIES,
  MEMBER_CATEGORY_LABELS,
  MemberCategory,
  NetworkKind,
  OrganisationKind,
  PartyRef,
} from './shared/categories.ts';
export type { EventEnvelope, EventShape } from './shared/envelope.ts';
export { type DomainError, type DomainErrorCode, domainError } from './shared/errors.ts';
export {
  EventId,
  isSlug,
  NetworkId,
  OrganisationId,
  ProjectId,
  SLUG_REASON,
  StoryId,
} from './shared/ids.ts';
export type { ValidationIssue } from './shared/issues.ts';
export { toValidationIssues } from './shared/issues.ts';
export { EventMetadata } from './shared/metadata.ts';
export {
  comparePartialDates,
  dayOf,
  earliestDay,
  type IsoDay,
  isAfter,
  isBefore,
  isInFuture,
  isPartialDate,
  latestDay,
  overlaps,
  PARTIAL_DATE_REASON,
  PartialDate,
  type Precision,
  precisionOf,
} from './shared/partialDate.ts';
export { PNRR_MISSIONS, type PnrrMission, PnrrRef, pnrrLabels } from './shared/pnrr.ts';
export type { Projection } from './shared/projection.ts';
export { err, ok, type Result } from './shared/result.ts';
export {
  S3_ECOSYSTEM_LABELS,
  S3_ECOSYSTEMS,
  S3Ecosystem,
  s3EcosystemFromLabel,
} from './shared/s3.ts';
export { Source } from './shared/source.ts';
export {
  networkStream,
  organisationStream,
  parseStreamId,
  projectStream,
  STREAM_CATEGORIES,
  type StreamCategory,
} from './shared/streams.ts';
export { HTTP_URL_REASON, HttpUrl } from './shared/text.ts';
export { IsoTimestamp } from './shared/time.ts';
export * from './successStories/commands.ts';
export * from './successStories/decider.ts';
export * from './successStories/events.ts';
