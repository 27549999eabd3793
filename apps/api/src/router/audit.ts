import { NetworkId, OrganisationId, ProjectId } from '@ledger/domain';
import { exportRecord } from '@ledger/event-store';
import { auditTrail, readModelDigests } from '@ledger/read-models';
import { z } from 'zod';
import { verifyLog } from '../integrity.ts';
import { MinPosition, readModel } from '../procedures.ts';
import { auditorProcedure, router } from '../trpc.ts';

const AuditRecord = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('network'), id: NetworkId }),
  z.strictObject({ kind: z.literal('organisation'), id: OrganisationId }),
  z.strictObject({ kind: z.literal('project'), id: ProjectId }),
  z.strictObject({
    kind: z.literal('membership'),
    networkId: NetworkId,
    organisationId: OrganisationId,
  }),
]);

export const auditRouter = router({
  /** Every event that touched a record, in log order, with who recorded it, when, why and from what. */
  trail: auditorProcedure
    .input(z.strictObject({ record: AuditRecord, minPosition: MinPosition }))
    .query(({ ctx, input, signal }) =>
      readModel(
        ctx,
        { minPosition: input.minPosition, signal },
        `audit:${JSON.stringify(input.record)}`,
        (store) => auditTrail(store, input.record),
      ),
    ),
  /** A page of the log in the interchange format, with positions; `next` continues it. */
  exportEvents: auditorProcedure
    .input(
      z
        .strictObject({
          after: z
            .int({ error: 'must be a log position' })
            .min(0, { error: 'must be a log position' })
            .optional(),
          limit: z
            .int({ error: 'must be a whole number from 1 to 1000' })
            .min(1, { error: 'must be a whole number from 1 to 1000' })
            .max(1_000, { error: 'must be a whole number from 1 to 1000' })
            .default(500),
        })
        .optional(),
    )
    .query(async ({ ctx, input }) => {
      const limit = input?.limit ?? 500;
      const events = [];
      for await (const event of ctx.services.eventStore.readAll({
        after: input?.after ?? 'start',
        maxCount: limit,
      })) {
        events.push(exportRecord(event));
      }
      return { events, next: events.length === limit ? (events.at(-1)?.position ?? null) : null };
    }),
  /**
   * A digest of each live read model's content, and a log position they include at least: two
   * stores built from the same log give the same digests (compare with a rebuild, or a replica).
   */
  digests: auditorProcedure.query(({ ctx }) => {
    const { readSide } = ctx.services;
    const { position } = readSide.position();
    return { position, digests: readModelDigests(readSide.store) };
  }),
  /** Checks the whole log: decoding, positions, revisions, and the domain's admission of every fact. */
  verify: auditorProcedure.query(({ ctx, signal }) => verifyLog(ctx.services.eventStore, signal)),
});
