import { NetworkId, networkStream } from '@ledger/domain';
import { networkTimeline } from '@ledger/read-models';
import { z } from 'zod';
import { commandProcedure, MinPosition, readModel, revisionOf } from '../procedures.ts';
import { router, viewerProcedure } from '../trpc.ts';

export const networksRouter = router({
  /** Every event about the network in effective-date order, with member counts after each. */
  timeline: viewerProcedure
    .input(z.strictObject({ networkId: NetworkId, minPosition: MinPosition }))
    .query(({ ctx, input, signal }) =>
      readModel(
        ctx,
        { minPosition: input.minPosition, signal },
        `timeline:${input.networkId}`,
        (store) => networkTimeline(store, input.networkId),
      ),
    ),
  revision: viewerProcedure
    .input(z.strictObject({ networkId: NetworkId }))
    .query(({ ctx, input }) => revisionOf(ctx, networkStream(input.networkId))),
  register: commandProcedure('RegisterNetwork'),
  changeProfile: commandProcedure('ChangeNetworkProfile'),
  recordRecognition: commandProcedure('RecordRecognition'),
  recordAffiliation: commandProcedure('RecordAffiliation'),
});
