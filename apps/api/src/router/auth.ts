import { z } from 'zod';
import { GivenPassword, NewPassword, Username } from '../auth/credentials.ts';
import { forgetFirstAdminPassword } from '../auth/firstAdmin.ts';
import { apiError } from '../errors.ts';
import { publicProcedure, router, viewerProcedure } from '../trpc.ts';

const WRONG = 'the user name or the password is wrong, or the user is disabled';

export const authRouter = router({
  /** Exchanges a user name and password for a session token (send it as `Authorization: Bearer`). */
  signIn: publicProcedure
    .input(z.strictObject({ username: Username, password: GivenPassword }))
    .mutation(async ({ ctx, input }) => {
      const { users, hasher, limiter, config, log } = ctx.services;
      const wait = limiter.retryAfterMs(input.username, ctx.address);
      if (wait > 0) {
        const retryAfter = Math.ceil(wait / 1_000);
        log.warn('sign-in throttled', { username: input.username, address: ctx.address });
        throw apiError(
          'TOO_MANY_REQUESTS',
          `too many failed sign-ins; try again in ${retryAfter} s`,
          { retryAfter },
        );
      }
      const user = users.find(input.username);
      const matches = await hasher.verify(input.password, user?.passwordHash);
      if (user === undefined || !matches || user.disabled) {
        limiter.failed(input.username, ctx.address);
        log.warn('sign-in refused', { username: input.username, address: ctx.address });
        throw apiError('UNAUTHORIZED', WRONG);
      }
      limiter.succeeded(input.username);
      const session = users.createSession(user.id, config.sessionTtlMs);
      log.info('signed in', { username: user.username, role: user.role });
      return {
        token: session.token,
        expiresAt: session.expiresAt,
        user: { username: user.username, role: user.role },
      };
    }),

  signOut: viewerProcedure.mutation(({ ctx }) => {
    ctx.services.users.endSession(ctx.identity.sessionHash);
    return { signedOut: true as const };
  }),

  me: viewerProcedure.query(({ ctx }) => ({
    username: ctx.identity.username,
    role: ctx.identity.role,
  })),

  /** Every session of the user ends, this one included: sign in again with the new password. */
  changePassword: viewerProcedure
    .input(z.strictObject({ currentPassword: GivenPassword, newPassword: NewPassword }))
    .mutation(async ({ ctx, input }) => {
      const { users, hasher, config } = ctx.services;
      const user = users.find(ctx.identity.username);
      if (user === undefined || !(await hasher.verify(input.currentPassword, user.passwordHash))) {
        throw apiError('FORBIDDEN', 'currentPassword is wrong', { field: 'currentPassword' });
      }
      users.setPassword(user.username, await hasher.hash(input.newPassword));
      if (user.role === 'admin') forgetFirstAdminPassword(config.dataDir);
      return { changed: true as const };
    }),
});
