import { tracked } from '@trpc/server';
import { z } from 'zod';
import { type Change, changeOf } from '../changes.ts';
import { apiError } from '../errors.ts';
import { router, viewerProcedure } from '../trpc.ts';

const Position = z
  .int({ error: 'must be a log position' })
  .min(0, { error: 'must be a log position' });

export const liveRouter = router({
  /**
   * Server-sent events: every event recorded after `after` (default: from now on), with the
   * records it changes. Each is tracked by its log position, so a reconnecting client resumes
   * where it stopped.
   */
  changes: viewerProcedure
    .input(
      z
        .strictObject({
          after: Position.optional(),
          lastEventId: z
            .string()
            .regex(/^\d{1,16}$/, { error: 'must be the id of an event this stream sent' })
            .nullish(),
        })
        .optional(),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const { subscriptions, config, eventStore, shutdown } = ctx.services;
      if (subscriptions.count >= config.maxSubscriptions) {
        throw apiError('TOO_MANY_REQUESTS', 'too many live streams are open; retry later', {
          retryAfter: 5,
        });
      }
      const leave = subscriptions.enter();
      const stop = signal === undefined ? shutdown : AbortSignal.any([signal, shutdown]);
      const resume = input?.lastEventId;
      const subscription = eventStore.subscribeToAll({
        after: resume === undefined || resume === null ? (input?.after ?? 'end') : Number(resume),
      });
      const close = () => void subscription.close();
      stop.addEventListener('abort', close, { once: true });
      try {
        for await (const recorded of subscription) {
          const change: Change = changeOf(recorded);
          yield tracked(String(recorded.position), change);
        }
      } finally {
        stop.removeEventListener('abort', close);
        await subscription.close();
        leave();
      }
    }),
});
