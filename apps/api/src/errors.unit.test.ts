import type { DomainErrorCode } from '@ledger/domain';
import { ReportInputError } from '@ledger/read-models';
import { getTRPCErrorFromUnknown, TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandFailureError, formatError, referenceOf, translateError } from './errors.ts';

const shapeOf = (error: TRPCError, input: unknown = undefined) =>
  formatError({
    shape: {
      code: -32600,
      message: error.message,
      data: { code: error.code, httpStatus: 400, path: 'x.y' },
    },
    error,
    input,
  });

describe('errors', () => {
  it('maps every domain refusal to a 4xx code, naming the field', () => {
    const codes: Record<DomainErrorCode, string> = {
      not_registered: 'NOT_FOUND',
      already_registered: 'CONFLICT',
      already_member: 'CONFLICT',
      not_member: 'UNPROCESSABLE_CONTENT',
      before_establishment: 'UNPROCESSABLE_CONTENT',
      in_the_future: 'UNPROCESSABLE_CONTENT',
      out_of_order: 'UNPROCESSABLE_CONTENT',
      no_change: 'UNPROCESSABLE_CONTENT',
      unknown_fact: 'UNPROCESSABLE_CONTENT',
      correction_mismatch: 'UNPROCESSABLE_CONTENT',
      invalid_state: 'UNPROCESSABLE_CONTENT',
    };
    for (const [code, expected] of Object.entries(codes)) {
      const error = commandFailureError({
        kind: 'rejected',
        error: {
          code: code as DomainErrorCode,
          field: 'data.x',
          reason: 'is wrong',
          message: 'data.x is wrong',
        },
      });
      expect(error.code).toBe(expected);
      expect(shapeOf(error).data).toMatchObject({ field: 'data.x', domainCode: code });
    }
  });

  it('carries the current revision of a conflict', () => {
    const error = commandFailureError({
      kind: 'conflict',
      streamId: 'network-afil',
      expectedRevision: 3,
      currentRevision: 5,
      message: 'network-afil is at revision 5, not 3',
    });
    expect(error.code).toBe('CONFLICT');
    expect(shapeOf(error)).toMatchObject({
      message: 'network-afil is at revision 5, not 3',
      data: { stream: 'network-afil', currentRevision: 5, field: 'expectedRevision' },
    });
  });

  it('turns input validation into issues with dotted fields', () => {
    const schema = z.strictObject({ data: z.strictObject({ n: z.int() }) });
    const input = { data: { n: 'x' }, actor: 'user:admin' };
    const parsed = schema.safeParse(input);
    if (parsed.success) throw new Error('expected a failure');
    const shape = shapeOf(new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error }), input);
    expect(shape.message).toBe(
      'data.n must be a number; actor is not accepted: the actor is the signed-in user',
    );
    expect(shape.data.issues).toHaveLength(2);
  });

  it('says "internal error" with a reference, never the message of an unexpected error', () => {
    const error = getTRPCErrorFromUnknown(
      new Error('SQLITE_ERROR: near "DROP": syntax error at db.ts:42'),
    );
    const shape = shapeOf(error);
    expect(shape.message).toBe(
      `internal error; the server log has the details under reference ${referenceOf(error)}`,
    );
    expect(JSON.stringify(shape)).not.toMatch(/SQLITE|DROP|db\.ts/);
  });

  it('translates report argument errors to BAD_REQUEST naming the argument', () => {
    const translated = translateError(
      getTRPCErrorFromUnknown(
        new ReportInputError('validAt', 'must be a calendar date YYYY-MM-DD, got "x"'),
      ),
    );
    expect(translated.code).toBe('BAD_REQUEST');
    expect(shapeOf(translated).data).toMatchObject({ field: 'validAt' });
  });
});
