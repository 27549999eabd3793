// The one public entry of @ledger/api: the router's type is the front end's contract.

export { type ApiOptions, type RunningApi, startApi } from './app.ts';
export { ROLES, type Role } from './auth/roles.ts';
export type { Change, ChangedRecord } from './changes.ts';
export { type ApiConfig, readEnv } from './env.ts';
export type { ApiErrorData } from './errors.ts';
export type { IntegrityReport } from './integrity.ts';
export { type AppRouter, appRouter } from './root.ts';
