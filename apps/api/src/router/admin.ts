import { createProjector, projectorStatus } from '@ledger/read-models';
import { z } from 'zod';
import { NewPassword, Username } from '../auth/credentials.ts';
import { ROLES } from '../auth/roles.ts';
import { type User, UsernameTakenError } from '../auth/users.ts';
import { apiError } from '../errors.ts';
import { adminProcedure, type Context, router } from '../trpc.ts';

const Role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

const found = (user: User | undefined, username: string): User => {
  if (user === undefined) {
    throw apiError('NOT_FOUND', `username names "${username}", who is not a user`, {
      field: 'username',
    });
  }
  return user;
};

/** Refuses a change that would leave nobody able to administer the installation. */
const keepAnAdmin = (ctx: Context, username: string): void => {
  const admins = ctx.services.users
    .list()
    .filter((user) => user.role === 'admin' && !user.disabled && user.username !== username);
  if (admins.length === 0) {
    throw apiError(
      'PRECONDITION_FAILED',
      `${username} is the last enabled admin; make another admin first`,
      {
        field: 'username',
      },
    );
  }
};

const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => ctx.services.users.list()),
  create: adminProcedure
    .input(z.strictObject({ username: Username, role: Role, password: NewPassword }))
    .mutation(async ({ ctx, input }) => {
      const hash = await ctx.services.hasher.hash(input.password);
      try {
        const user = ctx.services.users.create(input.username, input.role, hash);
        ctx.services.log.info('user created', {
          username: user.username,
          role: user.role,
          by: ctx.identity.username,
        });
        return user;
      } catch (error) {
        if (error instanceof UsernameTakenError) {
          throw apiError('CONFLICT', `username "${input.username}" is taken`, {
            field: 'username',
          });
        }
        throw error;
      }
    }),
  /** The user's sessions end: the new role applies from their next sign-in. */
  setRole: adminProcedure
    .input(z.strictObject({ username: Username, role: Role }))
    .mutation(({ ctx, input }) => {
      if (input.role !== 'admin') keepAnAdmin(ctx, input.username);
      const user = found(ctx.services.users.setRole(input.username, input.role), input.username);
      ctx.services.log.info('role changed', {
        username: user.username,
        role: user.role,
        by: ctx.identity.username,
      });
      return user;
    }),
  setDisabled: adminProcedure
    .input(
      z.strictObject({
        username: Username,
        disabled: z.boolean({ error: 'must be true or false' }),
      }),
    )
    .mutation(({ ctx, input }) => {
      if (input.disabled) keepAnAdmin(ctx, input.username);
      const user = found(
        ctx.services.users.setDisabled(input.username, input.disabled),
        input.username,
      );
      ctx.services.log.info(input.disabled ? 'user disabled' : 'user enabled', {
        username: user.username,
        by: ctx.identity.username,
      });
      return user;
    }),
  resetPassword: adminProcedure
    .input(z.strictObject({ username: Username, password: NewPassword }))
    .mutation(async ({ ctx, input }) => {
      const hash = await ctx.services.hasher.hash(input.password);
      const user = found(ctx.services.users.setPassword(input.username, hash), input.username);
      ctx.services.log.info('password reset', {
        username: user.username,
        by: ctx.identity.username,
      });
      return user;
    }),
});

export const adminRouter = router({
  users: usersRouter,
  /** Where each read model stands against the log, and what the API serves. */
  status: adminProcedure.query(async ({ ctx }) => {
    const { readSide, readStore, eventStore, config } = ctx.services;
    return {
      store: config.store === undefined ? ('embedded' as const) : ('eventstoredb' as const),
      projector: config.projector,
      readModels: readSide.position(),
      projections: await projectorStatus({ readStore, eventStore }),
    };
  }),
  /** Rebuilds the named read models (all when none is named) beside the live ones, then swaps them in. */
  rebuild: adminProcedure
    .input(
      z
        .strictObject({
          projections: z
            .array(z.string().max(100), { error: 'must be a list of projection names' })
            .max(20)
            .optional(),
        })
        .optional(),
    )
    .mutation(({ ctx, input }) => {
      const { readStore, eventStore, log } = ctx.services;
      const requested = createProjector({ readStore, eventStore }).requestRebuild(
        input?.projections ?? [],
      );
      log.info('rebuild requested', { projections: requested, by: ctx.identity.username });
      return { requested };
    }),
});
