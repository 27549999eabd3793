/**
 * The router's procedures, enumerated from the router itself, and a way to call any of them by
 * path through a tRPC client.
 */
import type { TRPCClientError } from '@trpc/client';
import { type AppRouter, appRouter } from '../src/root.ts';
import type { ProcedureMeta } from '../src/trpc.ts';
import type { Client } from './support.ts';

export interface ProcedureInfo {
  readonly path: string;
  readonly type: 'query' | 'mutation' | 'subscription';
  readonly role: ProcedureMeta['role'] | undefined;
}

interface AnyProcedureDef {
  readonly _def: { readonly type: ProcedureInfo['type']; readonly meta?: ProcedureMeta };
}

export const allProcedures = (): ProcedureInfo[] =>
  Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedureDef>)
    .map(([path, procedure]) => ({
      path,
      type: procedure._def.type,
      role: procedure._def.meta?.role,
    }))
    .sort((a, b) => a.path.localeCompare(b.path));

interface Callable {
  query(input: unknown): Promise<unknown>;
  mutate(input: unknown): Promise<unknown>;
  subscribe(
    input: unknown,
    handlers: {
      onData(data: unknown): void;
      onError(error: TRPCClientError<AppRouter>): void;
      onStarted?(): void;
    },
  ): { unsubscribe(): void };
}

const at = (client: Client, path: string): Callable =>
  path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], client) as Callable;

/** Calls a procedure by path; a subscription resolves with its first item or rejects with its error. */
export const callByPath = (
  client: Client,
  procedure: Pick<ProcedureInfo, 'path' | 'type'>,
  input: unknown,
): Promise<unknown> => {
  const target = at(client, procedure.path);
  switch (procedure.type) {
    case 'query':
      return target.query(input);
    case 'mutation':
      return target.mutate(input);
    case 'subscription':
      return new Promise((resolve, reject) => {
        const subscription = target.subscribe(input, {
          onData: (data) => {
            subscription.unsubscribe();
            resolve(data);
          },
          onError: (error) => {
            subscription.unsubscribe();
            reject(error);
          },
        });
      });
    default:
      return procedure.type satisfies never;
  }
};
