import { NetworkId, networkStream } from '@ledger/domain';
import { networkList, networkOf, networkTimeline, successStoriesOf } from '@ledger/read-models';
import { z } from 'zod';
import { commandProcedure, MinPosition, orNotFound, readModel, revisionOf } from '../procedures.ts';
import { router, viewerProcedure } from '../trpc.ts';

export const networksRouter = router({
  /** Every network with its profile, recognitions and affiliations, by name. */
  list: viewerProcedure
    .input(z.strictObject({ minPosition: MinPosition }).optional())
    .query(({ ctx, input, signal }) =>
      readModel(ctx, { minPosition: input?.minPosition, signal }, 'networks', networkList),
    ),
  /** One network's profile, recognitions, affiliations and names over time. */
  get: viewerProcedure
    .input(z.strictObject({ networkId: NetworkId, minPosition: MinPosition }))
    .query(async ({ ctx, input, signal }) =>
      orNotFound(
        await readModel(
          ctx,
          { minPosition: input.minPosition, signal },
          `network:${input.networkId}`,
          (store) => networkOf(store, input.networkId),
        ),
        'networkId',
        input.networkId,
      ),
    ),
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
  /** The network's success stories, earliest first, each with its citation. */
  successStories: viewerProcedure
    .input(z.strictObject({ networkId: NetworkId, minPosition: MinPosition }))
    .query(({ ctx, input, signal }) =>
      readModel(
        ctx,
        { minPosition: input.minPosition, signal },
        `stories:${input.networkId}`,
        (store) => successStoriesOf(store, input.networkId),
      ),
    ),
  revision: viewerProcedure
    .input(z.strictObject({ networkId: NetworkId }))
    .query(({ ctx, input }) => revisionOf(ctx, networkStream(input.networkId))),
  register: commandProcedure('RegisterNetwork'),
  changeProfile: commandProcedure('ChangeNetworkProfile'),
  recordRecognition: commandProcedure('RecordRecognition'),
  recordAffiliation: commandProcedure('RecordAffiliation'),
  recordSuccessStory: commandProcedure('RecordSuccessStory'),
});
