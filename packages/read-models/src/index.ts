// The one public entry of @ledger/read-models.

export { type Decoded, decode } from './apply.ts';
export {
  type NetworkView,
  networkList,
  networkOf,
  type SearchHit,
  type SearchKind,
  type SearchOptions,
  search,
} from './browse.ts';
export { readModelDigests } from './digest.ts';
export {
  checkProjectionSet,
  defineProjection,
  type Projection,
  type ProjectionTx,
  type Row,
  type TableSpec,
} from './projection.ts';
export {
  auditTrailProjection,
  builtInProjections,
  membershipRegisterProjection,
  networkDirectoryProjection,
  networkTimelineProjection,
  organisationDirectoryProjection,
  projectsProjection,
  reportProjections,
  successStoriesProjection,
} from './projections/index.ts';
export {
  type BuildProgress,
  type BuildSummary,
  createProjector,
  type LogEntry,
  type Logger,
  type Projector,
  type ProjectorOptions,
  type RebuildResult,
  rebuildProjections,
  UnknownProjectionError,
} from './projector.ts';
export {
  type AuditEntry,
  type AuditRecord,
  auditTrail,
  type MembershipRegisterView,
  membershipRegisterOf,
  networkTimeline,
  type OrganisationView,
  organisationOf,
  type ProjectView,
  projectList,
  type RegisterCensus,
  type RegisterCorrection,
  type RegisterInterval,
  type RegisterPeriod,
  type SuccessStoryView,
  successStoriesOf,
  type TimelineEntry,
} from './queries.ts';
export {
  type BuildKind,
  type Checkpoint,
  NO_POSITION,
  openReadStore,
  type ProjectionError,
  ReadStore,
  type ReadStoreOptions,
  ReadStoreUnavailableError,
  readStoreFile,
} from './readStore.ts';
export { canonicalJson, contentHash } from './reports/canonical.ts';
export {
  checkFormat,
  checkKnownAt,
  checkValidDate,
  EARLIEST_KNOWN_AT,
  REPORT_FORMATS,
  type ReportFormat,
  ReportInputError,
  SUPPORTED_DATES,
} from './reports/inputs.ts';
export {
  knownAtSource,
  liveSource,
  type ReportSource,
  ReportUnavailableError,
} from './reports/knownAt.ts';
export {
  type CategoryChange,
  type DiffOptions,
  type EcosystemDiff,
  type EcosystemReport,
  ecosystemDiff,
  ecosystemReport,
  type NetworkDiff,
  type NetworkReport,
  type ReportOptions,
  type ReportTotals,
  renderDiff,
  renderReport,
} from './reports/report.ts';
export type { ActiveProject, CensusOnDate, MemberCounts } from './reports/validTime.ts';
export { listSnapshots, type SnapshotInfo, takeSnapshot } from './snapshots.ts';
export {
  LAG_COUNT_LIMIT,
  type Lag,
  type ProjectionStatus,
  type ProjectorStatus,
  projectorStatus,
  writeHeartbeat,
} from './status.ts';
