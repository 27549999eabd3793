import { search } from '@ledger/read-models';
import { z } from 'zod';
import { MinPosition, readModel } from '../procedures.ts';
import { router, viewerProcedure } from '../trpc.ts';

const SearchKind = z.enum(['network', 'organisation', 'project']);

export const searchRouter = router({
  /** Networks, organisations and projects whose names, former names, acronyms or ids contain `text`. */
  query: viewerProcedure
    .input(
      z.strictObject({
        text: z
          .string()
          .trim()
          .min(1, { error: 'must not be empty' })
          .max(200, { error: 'must be at most 200 characters' }),
        kinds: z.array(SearchKind).min(1, { error: 'must name at least one kind' }).optional(),
        limit: z
          .int({ error: 'must be a whole number' })
          .min(1, { error: 'must be between 1 and 100' })
          .max(100, { error: 'must be between 1 and 100' })
          .optional(),
        minPosition: MinPosition,
      }),
    )
    .query(({ ctx, input, signal }) =>
      readModel(
        ctx,
        { minPosition: input.minPosition, signal },
        `search:${JSON.stringify([input.text, input.kinds ?? null, input.limit ?? null])}`,
        (store) =>
          search(store, {
            text: input.text,
            ...(input.kinds === undefined ? {} : { kinds: input.kinds }),
            ...(input.limit === undefined ? {} : { limit: input.limit }),
          }),
      ),
    ),
});
