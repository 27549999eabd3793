/**
 * Test support: a real API server on a fresh data directory, on the embedded store or on the
 * EventStoreDB adapter over the gRPC double, and tRPC clients signed in with each role.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { lombardyEvents } from '@ledger/lombardy-dataset';
import {
  createTRPCClient,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import { EventSource } from 'eventsource';
// The double lives with the adapter it was built for; it is test code of that package.
import { startEsdbServerDouble } from '../../../packages/event-store/test/esdb/esdbServerDouble.ts';
import { type RunningApi, startApi } from '../src/app.ts';
import type { Role } from '../src/auth/roles.ts';
import type { ApiConfig } from '../src/env.ts';
import { createLogger } from '../src/log.ts';
import type { AppRouter } from '../src/root.ts';

export type StoreKind = 'embedded' | 'esdb';
export const STORE_KINDS: readonly StoreKind[] = ['embedded', 'esdb'];

export const ADMIN = { username: 'admin', password: 'first-admin-password' } as const;
export const PASSWORD = 'a-long-enough-password';

export type Client = TRPCClient<AppRouter>;

export interface TestApi {
  readonly api: RunningApi;
  readonly url: string;
  readonly dataDir: string;
  /** Every log line the server wrote. */
  readonly logs: string[];
  /** A client with no session. */
  readonly anonymous: Client;
  /** Signed-in clients, one per role (the admin is the first admin). */
  readonly as: Readonly<Record<Role, Client>>;
  readonly tokens: Readonly<Record<Role, string>>;
  client(token?: string): Client;
  signIn(username: string, password: string): Promise<string>;
  /** Every event of the log, in order. */
  events(): Promise<RecordedEvent[]>;
  /** Resolves when the read models include the whole log. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

export const testConfig = (dataDir: string, overrides: Partial<ApiConfig> = {}): ApiConfig => ({
  store: undefined,
  dataDir,
  host: '127.0.0.1',
  port: 0,
  bodyLimit: 1024 * 1024,
  timeoutMs: 15_000,
  readWaitMs: 5_000,
  shutdownGraceMs: 5_000,
  sessionTtlMs: 60 * 60_000,
  signInFailures: 5,
  signInWindowMs: 60_000,
  kdfCost: 14,
  maxSubscriptions: 50,
  projector: 'inline',
  firstAdmin: ADMIN,
  logLevel: 'debug',
  ...overrides,
});

export const createClient = (url: string, token?: string): Client => {
  const authorization: Record<string, string> =
    token === undefined ? {} : { authorization: `Bearer ${token}` };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input: string | URL | Request, init?: RequestInit) =>
              fetch(input, { ...init, headers: { ...init?.headers, ...authorization } }),
          }),
        }),
        false: httpLink({ url: `${url}/trpc`, headers: () => authorization }),
      }),
    ],
  });
};

/** Appends the curated Lombardy dataset, stream by stream, as an importer would. */
export async function seedLombardy(store: EventStore): Promise<void> {
  for (const event of lombardyEvents) {
    await store.appendToStream(event.stream, [
      {
        id: event.id,
        type: event.type,
        data: event.data as never,
        metadata: event.metadata as never,
      },
    ]);
  }
}

export async function readAllEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

export async function startTestApi(
  kind: StoreKind,
  options: { readonly seed?: boolean; readonly config?: Partial<ApiConfig> } = {},
): Promise<TestApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-api-test-'));
  const double = kind === 'esdb' ? await startEsdbServerDouble() : undefined;
  const logs: string[] = [];
  const config = testConfig(dataDir, {
    ...(double === undefined ? {} : { store: double.connectionString }),
    ...options.config,
  });
  const api = await startApi({ config, log: createLogger('debug', (line) => logs.push(line)) });
  const { eventStore } = api.services;
  if (options.seed === true) await seedLombardy(eventStore);

  const signIn = async (username: string, password: string): Promise<string> =>
    (await createClient(api.url).auth.signIn.mutate({ username, password })).token;

  const adminToken = await signIn(ADMIN.username, ADMIN.password);
  const admin = createClient(api.url, adminToken);
  const tokens: Record<Role, string> = {
    admin: adminToken,
    viewer: '',
    editor: '',
    auditor: '',
  };
  for (const role of ['viewer', 'editor', 'auditor'] as const) {
    await admin.admin.users.create.mutate({ username: `${role}-1`, role, password: PASSWORD });
    tokens[role] = await signIn(`${role}-1`, PASSWORD);
  }
  const as = {
    admin,
    viewer: createClient(api.url, tokens.viewer),
    editor: createClient(api.url, tokens.editor),
    auditor: createClient(api.url, tokens.auditor),
  };

  const caughtUp = async () => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const head = await eventStore.headPosition();
      const { position } = api.services.readSide.position();
      if (head === null ? api.services.readSide.ready() : position !== null && position >= head)
        return;
      if (Date.now() > deadline) throw new Error(`read models stuck at ${position}, head ${head}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  return {
    api,
    url: api.url,
    dataDir,
    logs,
    anonymous: createClient(api.url),
    as,
    tokens,
    client: (token) => createClient(api.url, token),
    signIn,
    events: () => readAllEvents(eventStore),
    caughtUp,
    close: async () => {
      await api.close();
      await double?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
