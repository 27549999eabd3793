import { NetworkId, ProjectId, projectStream } from '@ledger/domain';
import { projectList } from '@ledger/read-models';
import { z } from 'zod';
import { commandProcedure, MinPosition, readModel, revisionOf } from '../procedures.ts';
import { router, viewerProcedure } from '../trpc.ts';

export const projectsRouter = router({
  /** Projects by id, optionally only those reported under one network. */
  list: viewerProcedure
    .input(z.strictObject({ networkId: NetworkId.optional(), minPosition: MinPosition }).optional())
    .query(({ ctx, input, signal }) =>
      readModel(
        ctx,
        { minPosition: input?.minPosition, signal },
        `projects:${input?.networkId ?? '*'}`,
        (store) =>
          projectList(store, input?.networkId === undefined ? {} : { networkId: input.networkId }),
      ),
    ),
  revision: viewerProcedure
    .input(z.strictObject({ projectId: ProjectId }))
    .query(({ ctx, input }) => revisionOf(ctx, projectStream(input.projectId))),
  recordFunding: commandProcedure('RecordProjectFunding'),
  recordProposal: commandProcedure('RecordProjectProposal'),
  addPartner: commandProcedure('AddProjectPartner'),
  complete: commandProcedure('CompleteProject'),
});
