/**
 * tRPC setup: the request context, the error formatter, and the base procedures. Every procedure
 * starts from exactly one of them and so declares its role in `meta.role`; the role check runs
 * before the input is even parsed, so a caller without the role learns nothing from validation.
 */
import type { IncomingMessage } from 'node:http';
import type { CommandHandler } from '@ledger/commands';
import type { EventStore } from '@ledger/event-store';
import type { ReadStore } from '@ledger/read-models';
import { initTRPC, TRPCError } from '@trpc/server';
import type { SignInLimiter } from './auth/limiter.ts';
import type { PasswordHasher } from './auth/passwords.ts';
import { grants, type Role } from './auth/roles.ts';
import type { Identity, UserStore } from './auth/users.ts';
import type { ApiConfig } from './env.ts';
import { formatError, translateError } from './errors.ts';
import type { Logger } from './log.ts';
import type { ReadSide } from './readSide.ts';

/** Counts work in progress: requests shutdown waits for, live streams the limit applies to. */
export class Inflight {
  #count = 0;
  #idle: (() => void)[] = [];

  get count(): number {
    return this.#count;
  }

  enter(): () => void {
    this.#count++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#count--;
      if (this.#count === 0) for (const resolve of this.#idle.splice(0)) resolve();
    };
  }

  idle(): Promise<void> {
    return this.#count === 0
      ? Promise.resolve()
      : new Promise((resolve) => this.#idle.push(resolve));
  }
}

/** Everything the procedures use, created once per server. */
export interface Services {
  readonly config: ApiConfig;
  readonly log: Logger;
  readonly eventStore: EventStore;
  readonly commands: CommandHandler;
  readonly readSide: ReadSide;
  /** A read store connection procedures may write through (rebuild requests). */
  readonly readStore: ReadStore;
  readonly users: UserStore;
  readonly hasher: PasswordHasher;
  readonly limiter: SignInLimiter;
  readonly clock: () => Date;
  /** Open live-update streams. */
  readonly subscriptions: Inflight;
  /** Aborts when the server shuts down: live streams end on it. */
  readonly shutdown: AbortSignal;
}

export interface Context {
  readonly services: Services;
  readonly identity: Identity | null;
  readonly requestId: string;
  /** The client's address, for sign-in throttling. */
  readonly address: string;
}

export interface ProcedureMeta {
  /** Who may call the procedure; `public` for sign-in only. */
  readonly role: Role | 'public';
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/;

/** The context of one request: the caller's identity comes from its bearer token, nothing else. */
export const createContext = (
  services: Services,
  req: IncomingMessage,
  requestId: string,
): Context => {
  const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
  return {
    services,
    identity: token === undefined ? null : services.users.resolve(token),
    requestId,
    address: req.socket.remoteAddress ?? 'unknown',
  };
};

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    isDev: false,
    errorFormatter: formatError,
    sse: {
      ping: { enabled: true, intervalMs: 10_000 },
      client: { reconnectAfterInactivityMs: 15_000 },
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Queries in progress with their deadlines, swept by one timer rather than a timer each. */
const deadlines = new Set<{ readonly at: number; readonly expire: () => void }>();
const SWEEP_MS = 50;
let sweeper: NodeJS.Timeout | undefined;

const sweep = () => {
  const now = performance.now();
  for (const deadline of deadlines) {
    if (deadline.at <= now) {
      deadlines.delete(deadline);
      deadline.expire();
    }
  }
  sweeper = deadlines.size === 0 ? undefined : setTimeout(sweep, SWEEP_MS).unref();
};

/**
 * Runs the rest of a call: library errors become API errors, and a query is bounded by the
 * configured timeout. (A mutation is not: stopping it half way would leave its outcome unknown.)
 * Each base procedure is one middleware, role check included: every layer costs on every call.
 */
const bounded = async <R extends { readonly ok: boolean }>(
  ctx: Context,
  type: string,
  next: () => Promise<R>,
): Promise<R> => {
  const run = async () => {
    const result = await next();
    if (result.ok) return result;
    const failed = result as R & { readonly error: TRPCError };
    return { ...failed, error: translateError(failed.error) };
  };
  if (type !== 'query') return run();
  const { timeoutMs } = ctx.services.config;
  return new Promise<R>((resolve, reject) => {
    const deadline = {
      at: performance.now() + timeoutMs,
      expire: () =>
        reject(
          new TRPCError({ code: 'TIMEOUT', message: `the query took longer than ${timeoutMs} ms` }),
        ),
    };
    deadlines.add(deadline);
    if (sweeper === undefined) sweeper = setTimeout(sweep, SWEEP_MS).unref();
    run().then(
      (result) => {
        deadlines.delete(deadline);
        resolve(result);
      },
      (error: unknown) => {
        deadlines.delete(deadline);
        reject(error);
      },
    );
  });
};

export const publicProcedure = t.procedure
  .meta({ role: 'public' })
  .use(({ ctx, type, next }) => bounded(ctx, type, () => next()));

const withRole = (role: Role) =>
  t.procedure.meta({ role }).use(({ ctx, type, next }) => {
    const { identity } = ctx;
    if (identity === null) {
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: 'sign in first: the request has no valid session token (Authorization: Bearer …)',
      });
    }
    if (!grants(identity.role, role)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `this needs the ${role} role; ${identity.username} has the ${identity.role} role`,
      });
    }
    return bounded(ctx, type, () => next({ ctx: { identity } }));
  });

export const viewerProcedure = withRole('viewer');
export const editorProcedure = withRole('editor');
export const auditorProcedure = withRole('auditor');
export const adminProcedure = withRole('admin');
