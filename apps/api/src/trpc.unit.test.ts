import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import type { ApiConfig } from './env.ts';
import {
  type Context,
  createCallerFactory,
  editorProcedure,
  publicProcedure,
  router,
  type Services,
  viewerProcedure,
} from './trpc.ts';

const context = (role: 'viewer' | 'editor' | null, timeoutMs = 50): Context => ({
  services: { config: { timeoutMs } as ApiConfig } as Services,
  identity: role === null ? null : { userId: 1, username: `${role}-1`, role, sessionHash: 'h' },
  requestId: 'r',
  address: '127.0.0.1',
});

const testRouter = router({
  slow: viewerProcedure.query(
    () => new Promise((resolve) => setTimeout(() => resolve('late'), 500)),
  ),
  slowWrite: editorProcedure.mutation(
    () => new Promise((resolve) => setTimeout(() => resolve('done'), 100)),
  ),
  open: publicProcedure.query(() => 'open'),
});
const caller = createCallerFactory(testRouter);

describe('base procedures', () => {
  it('bounds queries by the configured timeout', async () => {
    await expect(caller(context('viewer')).slow()).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'the query took longer than 50 ms',
    });
  });

  it('lets a mutation finish: stopping it half way would leave its outcome unknown', async () => {
    expect(await caller(context('editor')).slowWrite()).toBe('done');
  });

  it('checks the role before anything else', async () => {
    await expect(caller(context(null)).slow()).rejects.toBeInstanceOf(TRPCError);
    await expect(caller(context('viewer')).slowWrite()).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await caller(context(null)).open()).toBe('open');
  });
});
