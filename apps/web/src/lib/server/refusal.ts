/** An API refusal as the web reads it: tRPC's error data with the API's details (errors.ts there). */
import type { AppRouter } from '@ledger/api';
import { TRPCClientError } from '@trpc/client';

/** What the API said when it refused a call. */
export interface Refusal {
  readonly code: string;
  readonly httpStatus: number;
  readonly message: string;
  readonly field: string | undefined;
  readonly issues: readonly { readonly field: string; readonly reason: string }[];
  readonly currentRevision: number | null | undefined;
}

/** The refusal carried by an API error, or null for anything else (the API is down, a bug). */
export const refusalOf = (caught: unknown): Refusal | null => {
  if (!(caught instanceof TRPCClientError)) return null;
  const data = (caught as TRPCClientError<AppRouter>).data;
  if (data === undefined || data === null) return null;
  return {
    code: data.code,
    httpStatus: data.httpStatus,
    message: caught.message,
    field: data.field,
    issues: data.issues ?? [],
    currentRevision: data.currentRevision,
  };
};
