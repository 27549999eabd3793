/**
 * The one place errors become what a client sees: domain refusals, stale revisions, bad input and
 * failures of the stores each get a tRPC code and a message naming the field and the reason.
 * Unexpected errors get a reference to the log line instead of their message: no stack, no SQL.
 */
import { randomUUID } from 'node:crypto';
import type { CommandFailure } from '@ledger/commands';
import { type DomainErrorCode, toValidationIssues, type ValidationIssue } from '@ledger/domain';
import { EventStoreUnavailableError } from '@ledger/event-store';
import {
  ReadStoreUnavailableError,
  ReportInputError,
  ReportUnavailableError,
  UnknownProjectionError,
} from '@ledger/read-models';
import {
  type TRPC_ERROR_CODE_KEY,
  type TRPC_ERROR_CODE_NUMBER,
  type TRPCDefaultErrorShape,
  TRPCError,
} from '@trpc/server';
import { z } from 'zod';

/** What an error adds to tRPC's `error.data`, beside `code`, `httpStatus` and `path`. */
export interface ErrorDetails {
  /** The first offending field, as a dotted path (`data.effectiveDate`). */
  readonly field?: string;
  /** Every offending field with its reason (validation errors). */
  readonly issues?: readonly ValidationIssue[];
  /** The domain's reason code for a refused command (`before_establishment`...). */
  readonly domainCode?: DomainErrorCode;
  /** A stale revision: the stream and the revision it is at now (`null`: no events yet). */
  readonly stream?: string;
  readonly currentRevision?: number | null;
  /** Seconds to wait before retrying (429, 503). */
  readonly retryAfter?: number;
  /** Unexpected errors: the reference of the log line that has the details. */
  readonly reference?: string;
}

/** Carries `ErrorDetails` on a TRPCError's `cause`. */
class Detailed extends Error {
  override readonly name = 'Detailed';
  readonly details: ErrorDetails;

  constructor(message: string, details: ErrorDetails) {
    super(message);
    this.details = details;
  }
}

export const apiError = (
  code: TRPC_ERROR_CODE_KEY,
  message: string,
  details: ErrorDetails = {},
): TRPCError => new TRPCError({ code, message, cause: new Detailed(message, details) });

/** Domain refusals: a record that is missing, a fact that already holds, or a rule the command breaks. */
const DOMAIN_CODES: Readonly<Record<DomainErrorCode, TRPC_ERROR_CODE_KEY>> = {
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

export const commandFailureError = (failure: CommandFailure): TRPCError => {
  switch (failure.kind) {
    case 'conflict':
      return apiError('CONFLICT', failure.message, {
        field: 'expectedRevision',
        stream: failure.streamId,
        currentRevision: failure.currentRevision,
      });
    case 'rejected':
      return apiError(DOMAIN_CODES[failure.error.code], failure.error.message, {
        field: failure.error.field,
        domainCode: failure.error.code,
        issues: [{ field: failure.error.field, reason: failure.error.reason }],
      });
    case 'invalid':
      return apiError('BAD_REQUEST', issuesMessage(failure.issues), {
        ...(failure.issues[0] === undefined ? {} : { field: failure.issues[0].field }),
        issues: failure.issues,
      });
    default:
      return failure satisfies never;
  }
};

/** Fields the server sets itself: a request naming them is told why, not just that they are unknown. */
const SERVER_SET: Readonly<Record<string, string>> = {
  actor: 'is not accepted: the actor is the signed-in user',
  'metadata.actor': 'is not accepted: the actor is the signed-in user',
  metadata: 'is not accepted: metadata is built from the signed-in user and the source',
  now: 'is not accepted: the time of a command is the server clock',
  recordedAt: 'is not accepted: the store sets when a fact was recorded',
  position: 'is not accepted: the store sets log positions',
};

const MAX_ISSUES = 20;

const issuesMessage = (issues: readonly ValidationIssue[]): string => {
  const shown = issues.slice(0, 5).map((issue) => `${issue.field} ${issue.reason}`);
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
  return `${shown.join('; ')}${more}`;
};

const inputIssues = (error: z.ZodError, input: unknown): ValidationIssue[] =>
  toValidationIssues(error, input).map((issue) =>
    issue.reason === 'is not a known field' && SERVER_SET[issue.field] !== undefined
      ? { field: issue.field, reason: SERVER_SET[issue.field] as string }
      : issue,
  );

/**
 * Errors of the libraries the procedures call, in the API's terms. Anything not recognised stays
 * an internal error.
 */
export const translateError = (error: TRPCError): TRPCError => {
  const { cause } = error;
  if (cause instanceof ReportInputError) {
    return apiError('BAD_REQUEST', cause.message, {
      field: cause.field,
      issues: [{ field: cause.field, reason: cause.reason }],
    });
  }
  if (cause instanceof UnknownProjectionError) return apiError('BAD_REQUEST', cause.message);
  if (cause instanceof ReportUnavailableError) {
    return apiError('SERVICE_UNAVAILABLE', 'the read models are not built yet; retry shortly', {
      retryAfter: 5,
    });
  }
  if (cause instanceof EventStoreUnavailableError || cause instanceof ReadStoreUnavailableError) {
    return apiError('SERVICE_UNAVAILABLE', 'a store is unavailable; retry shortly', {
      retryAfter: 5,
    });
  }
  return error;
};

/** Seconds the client should wait before retrying, when the error says. */
export const retryAfterOf = (error: TRPCError): number | undefined =>
  error.cause instanceof Detailed ? error.cause.details.retryAfter : undefined;

const references = new WeakMap<object, string>();

/** The reference an unexpected error is logged and reported under (the same for both). */
export const referenceOf = (error: TRPCError): string => {
  let reference = references.get(error);
  if (reference === undefined) {
    reference = randomUUID();
    references.set(error, reference);
  }
  return reference;
};

export const isUnexpected = (error: TRPCError): boolean =>
  error.code === 'INTERNAL_SERVER_ERROR' && !(error.cause instanceof Detailed);

export interface ApiErrorData extends ErrorDetails {
  readonly code: TRPC_ERROR_CODE_KEY;
  readonly httpStatus: number;
  readonly path?: string;
}

/** What every error looks like on the wire. */
export interface ApiErrorShape {
  readonly code: TRPC_ERROR_CODE_NUMBER;
  readonly message: string;
  readonly data: ApiErrorData;
}

/** tRPC's `errorFormatter`: the shape every error takes on the wire. */
export const formatError = ({
  shape,
  error,
  input,
}: {
  readonly shape: TRPCDefaultErrorShape;
  readonly error: TRPCError;
  readonly input: unknown;
}): ApiErrorShape => {
  const base = {
    code: shape.data.code,
    httpStatus: shape.data.httpStatus,
    ...(shape.data.path === undefined ? {} : { path: shape.data.path }),
  };
  const { cause } = error;
  if (cause instanceof z.ZodError) {
    const all = inputIssues(cause, input);
    // Bounded: a list of a million bad items must not come back as a million issues.
    const issues = all.slice(0, MAX_ISSUES);
    return {
      code: shape.code,
      message: issuesMessage(all),
      data: {
        ...base,
        ...(issues[0] === undefined ? {} : { field: issues[0].field }),
        issues,
      } satisfies ApiErrorData,
    };
  }
  if (cause instanceof Detailed) {
    return {
      code: shape.code,
      message: error.message,
      data: { ...base, ...cause.details } satisfies ApiErrorData,
    };
  }
  if (isUnexpected(error)) {
    const reference = referenceOf(error);
    return {
      code: shape.code,
      message: `internal error; the server log has the details under reference ${reference}`,
      data: { ...base, reference } satisfies ApiErrorData,
    };
  }
  // tRPC's own errors (unknown procedure, wrong method, bad JSON) and ours without details.
  return { code: shape.code, message: error.message, data: base satisfies ApiErrorData };
};
