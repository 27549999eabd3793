import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allProcedures, callByPath } from '../test/procedures.ts';
import { startTestApi, type TestApi } from '../test/support.ts';
import { grants, ROLES } from './auth/roles.ts';

const procedures = allProcedures();

describe('every procedure declares its role and refuses callers below it', () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi('embedded');
  });
  afterAll(() => t.close());

  it('enumerates the whole router, each procedure with a known role', () => {
    expect(procedures.length).toBeGreaterThan(40);
    for (const procedure of procedures) {
      expect([...ROLES, 'public'], procedure.path).toContain(procedure.role);
    }
    expect(
      procedures.filter((procedure) => procedure.role === 'public').map((p) => p.path),
    ).toEqual(['auth.signIn']);
  });

  const expectRefused = async (
    promise: Promise<unknown>,
    code: 'UNAUTHORIZED' | 'FORBIDDEN',
    path: string,
  ) => {
    const error = await promise.then(
      () => new Error(`${path} answered instead of refusing`),
      (caught: unknown) => caught,
    );
    expect(error, path).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<never>).data, path).toMatchObject({
      code,
      httpStatus: code === 'UNAUTHORIZED' ? 401 : 403,
    });
  };

  it.each(procedures.filter((procedure) => procedure.role !== 'public'))(
    '$path ($role) refuses anonymous callers and callers without the role',
    async (procedure) => {
      const required = procedure.role;
      if (required === undefined || required === 'public') throw new Error('unreachable');
      await expectRefused(
        callByPath(t.anonymous, procedure, undefined),
        'UNAUTHORIZED',
        procedure.path,
      );
      // A forged or expired token is no session either.
      await expectRefused(
        callByPath(t.client('x'.repeat(43)), procedure, undefined),
        'UNAUTHORIZED',
        procedure.path,
      );
      for (const role of ROLES.filter((held) => !grants(held, required))) {
        await expectRefused(
          callByPath(t.as[role], procedure, undefined),
          'FORBIDDEN',
          `${procedure.path} as ${role}`,
        );
      }
    },
  );

  it('the role check comes before input validation: a refused caller learns nothing of the schema', async () => {
    const error = await t.as.viewer.organisations.register
      .mutate({ data: { organisationId: 'BAD' } } as never)
      .catch((caught: unknown) => caught);
    expect((error as TRPCClientError<never>).data).toMatchObject({ code: 'FORBIDDEN' });
    expect((error as Error).message).not.toMatch(/organisationId/);
  });
});
