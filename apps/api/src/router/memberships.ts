import { NetworkId } from '@ledger/domain';
import { membershipRegisterOf } from '@ledger/read-models';
import { z } from 'zod';
import { commandProcedure, MinPosition, readModel } from '../procedures.ts';
import { router, viewerProcedure } from '../trpc.ts';

/** Memberships live in their network's stream: commands take the network's revision. */
export const membershipsRouter = router({
  /** The network's membership register: intervals by category, censuses, corrections. */
  register: viewerProcedure
    .input(z.strictObject({ networkId: NetworkId, minPosition: MinPosition }))
    .query(({ ctx, input, signal }) =>
      readModel(
        ctx,
        { minPosition: input.minPosition, signal },
        `register:${input.networkId}`,
        (store) => membershipRegisterOf(store, input.networkId),
      ),
    ),
  recordJoin: commandProcedure('RecordJoin'),
  changeCategory: commandProcedure('ChangeMemberCategory'),
  recordLeave: commandProcedure('RecordLeave'),
  reportCensus: commandProcedure('ReportCensus'),
  correctRecord: commandProcedure('CorrectMembershipRecord'),
});
