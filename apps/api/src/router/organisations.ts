import { OrganisationId, organisationStream } from '@ledger/domain';
import { organisationOf } from '@ledger/read-models';
import { z } from 'zod';
import { commandProcedure, MinPosition, orNotFound, readModel, revisionOf } from '../procedures.ts';
import { router, viewerProcedure } from '../trpc.ts';

export const organisationsRouter = router({
  /** An organisation with its names over time and its ties to networks and projects. */
  get: viewerProcedure
    .input(z.strictObject({ organisationId: OrganisationId, minPosition: MinPosition }))
    .query(async ({ ctx, input, signal }) =>
      orNotFound(
        await readModel(
          ctx,
          { minPosition: input.minPosition, signal },
          `organisation:${input.organisationId}`,
          (store) => organisationOf(store, input.organisationId),
        ),
        'organisationId',
        input.organisationId,
      ),
    ),
  revision: viewerProcedure
    .input(z.strictObject({ organisationId: OrganisationId }))
    .query(({ ctx, input }) => revisionOf(ctx, organisationStream(input.organisationId))),
  register: commandProcedure('RegisterOrganisation'),
  rename: commandProcedure('RenameOrganisation'),
  changeProfile: commandProcedure('ChangeOrganisationProfile'),
});
