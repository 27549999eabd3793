/**
 * The one place the API reads its environment. Everything else gets an `ApiConfig`.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATA_DIR, resolveDataDir } from '@ledger/event-store';
import { z } from 'zod';
import { NewPassword, Username } from './auth/credentials.ts';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const Env = z.object({
  LEDGER_STORE: z.string().trim().optional(),
  LEDGER_DATA_DIR: z
    .string()
    .trim()
    .min(1, { error: 'must name a directory when set' })
    .default(DEFAULT_DATA_DIR),
  LEDGER_API_HOST: z
    .string()
    .trim()
    .min(1, { error: 'must name an interface' })
    .default('127.0.0.1'),
  LEDGER_API_PORT: whole(0, 65_535).default(4000),
  LEDGER_API_BODY_LIMIT: whole(1_024, 64 * 1024 * 1024).default(1024 * 1024),
  LEDGER_API_TIMEOUT_MS: whole(100, 600_000).default(15_000),
  LEDGER_API_READ_WAIT_MS: whole(0, 600_000).default(5_000),
  LEDGER_API_SHUTDOWN_GRACE_MS: whole(0, 600_000).default(10_000),
  LEDGER_API_SESSION_TTL_MINUTES: whole(1, 60 * 24 * 90).default(12 * 60),
  LEDGER_API_SIGNIN_FAILURES: whole(1, 1_000).default(5),
  LEDGER_API_SIGNIN_WINDOW_SECONDS: whole(1, 86_400).default(15 * 60),
  LEDGER_API_KDF_COST: whole(14, 20).default(15),
  LEDGER_API_MAX_SUBSCRIPTIONS: whole(0, 100_000).default(200),
  LEDGER_API_PROJECTOR: z
    .enum(['inline', 'external'], { error: 'must be "inline" or "external"' })
    .default('inline'),
  LEDGER_ADMIN_USERNAME: Username.default('admin'),
  LEDGER_ADMIN_PASSWORD: NewPassword.optional(),
  LEDGER_LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
});

export interface ApiConfig {
  /** `LEDGER_STORE`: `undefined` for the embedded file, else an EventStoreDB connection string. */
  readonly store: string | undefined;
  /** Absolute directory of every local file: the embedded log, read models, users. */
  readonly dataDir: string;
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Largest request body, in bytes. */
  readonly bodyLimit: number;
  /** Longest a request may take: receiving it, and answering a query. */
  readonly timeoutMs: number;
  /** Longest a query waits for the read models to reach the position it asks for. */
  readonly readWaitMs: number;
  /** On shutdown, how long accepted requests get to finish before connections are cut. */
  readonly shutdownGraceMs: number;
  readonly sessionTtlMs: number;
  /** Failed sign-ins allowed per user name (and, tenfold, per client address) in the window. */
  readonly signInFailures: number;
  readonly signInWindowMs: number;
  /** scrypt cost: N = 2^kdfCost (15 is 32 MiB per hash). */
  readonly kdfCost: number;
  readonly maxSubscriptions: number;
  /** `inline`: the API keeps the read models up to date itself; `external`: a projector service does. */
  readonly projector: 'inline' | 'external';
  readonly firstAdmin: { readonly username: string; readonly password: string | undefined };
  readonly logLevel: LogLevel;
}

export class EnvError extends Error {
  override readonly name = 'EnvError';
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** Reads and checks the configuration; a relative `LEDGER_DATA_DIR` is taken from the workspace root. */
export const readEnv = (
  source: Readonly<Record<string, string | undefined>> = process.env,
): ApiConfig => {
  // An empty variable means "not set", as in a shell's `VAR= command`.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues
        .map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`)
        .join('; '),
    );
  }
  const env = parsed.data;
  return {
    store: env.LEDGER_STORE === undefined || env.LEDGER_STORE === '' ? undefined : env.LEDGER_STORE,
    dataDir: resolveDataDir(env.LEDGER_DATA_DIR, HERE),
    host: env.LEDGER_API_HOST,
    port: env.LEDGER_API_PORT,
    bodyLimit: env.LEDGER_API_BODY_LIMIT,
    timeoutMs: env.LEDGER_API_TIMEOUT_MS,
    readWaitMs: env.LEDGER_API_READ_WAIT_MS,
    shutdownGraceMs: env.LEDGER_API_SHUTDOWN_GRACE_MS,
    sessionTtlMs: env.LEDGER_API_SESSION_TTL_MINUTES * 60_000,
    signInFailures: env.LEDGER_API_SIGNIN_FAILURES,
    signInWindowMs: env.LEDGER_API_SIGNIN_WINDOW_SECONDS * 1_000,
    kdfCost: env.LEDGER_API_KDF_COST,
    maxSubscriptions: env.LEDGER_API_MAX_SUBSCRIPTIONS,
    projector: env.LEDGER_API_PROJECTOR,
    firstAdmin: { username: env.LEDGER_ADMIN_USERNAME, password: env.LEDGER_ADMIN_PASSWORD },
    logLevel: env.LEDGER_LOG_LEVEL,
  };
};
