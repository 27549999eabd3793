import type { Projection } from '../projection.ts';
import { auditTrailProjection } from './auditTrail.ts';
import { membershipRegisterProjection } from './membershipRegister.ts';
import { networkDirectoryProjection } from './networkDirectory.ts';
import { networkTimelineProjection } from './networkTimeline.ts';
import { organisationDirectoryProjection } from './organisationDirectory.ts';
import { projectsProjection } from './projects.ts';
import { successStoriesProjection } from './successStories.ts';

export {
  auditTrailProjection,
  membershipRegisterProjection,
  networkDirectoryProjection,
  networkTimelineProjection,
  organisationDirectoryProjection,
  projectsProjection,
  successStoriesProjection,
};

/** The projections reports read: the ones snapshots copy and known-at replays rebuild. */
export const reportProjections: readonly Projection[] = [
  networkDirectoryProjection,
  membershipRegisterProjection,
  projectsProjection,
];

/** Every read model the projector keeps. */
export const builtInProjections: readonly Projection[] = [
  ...reportProjections,
  organisationDirectoryProjection,
  networkTimelineProjection,
  auditTrailProjection,
  successStoriesProjection,
];
