/**
 * The HTTP server: tRPC under `/trpc`, `/health` and `/ready` beside it, body limit, timeouts,
 * one structured log line per request, and a graceful shutdown.
 *
 * Single (unbatched) queries and mutations are answered by a thin path built from tRPC's public
 * primitives (a procedure called as tRPC's handler calls it, `getTRPCErrorShape`), with the same wire format as tRPC's own
 * handler. That handler turns each request into a Fetch `Request` and streams the answer back,
 * which costs several times the work of the query itself; batches, subscriptions (SSE) and
 * anything unusual still go through it.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AnyTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  type TRPCError,
  transformTRPCResponse,
} from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { apiError, isUnexpected, referenceOf, retryAfterOf } from './errors.ts';
import type { AppRouter } from './root.ts';
import { type Context, createContext, Inflight, type Services } from './trpc.ts';

const TRPC_PREFIX = '/trpc/';
const MAX_BATCH = 10;
/** A caller's own request id is kept (for tracing across services) when it is this harmless. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

export interface HttpServer {
  readonly server: http.Server;
  readonly url: string;
  /**
   * Stops taking requests (new ones get 503), ends live streams, lets accepted requests finish
   * within the grace period, then cuts what is left.
   */
  shutdown(): Promise<void>;
}

export interface HttpServerOptions {
  readonly services: Services;
  readonly router: AppRouter;
  /** Aborted by `shutdown()`: the live streams listen to it. */
  readonly shutdownController: AbortController;
}

const send = (
  res: http.ServerResponse,
  status: number,
  body: Buffer,
  headers: Readonly<Record<string, string>>,
): void => {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': body.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
};

const json = (
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void => send(res, status, Buffer.from(JSON.stringify(body)), headers);

class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
}

const readBody = (req: http.IncomingMessage, limit: number): Promise<string> =>
  new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });

/** A request's path and query string, split without building a URL object for each request. */
interface Target {
  readonly pathname: string;
  readonly search: string;
}

const targetOf = (raw: string): Target => {
  const mark = raw.indexOf('?');
  return mark === -1
    ? { pathname: raw, search: '' }
    : { pathname: raw.slice(0, mark), search: raw.slice(mark + 1) };
};

const isJson = (req: http.IncomingMessage): boolean =>
  (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase() === 'application/json';

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { services, router, shutdownController } = options;
  /** Request ids: this server's random prefix and a counter. */
  const BOOT = randomUUID().slice(0, 8);
  let served = 0;
  const { config, log } = services;
  const procedures = router._def.procedures as unknown as Readonly<
    Record<string, AnyTRPCProcedure>
  >;
  const trpcConfig = router._def._config;
  const requests = new Inflight();
  const requestIds = new WeakMap<http.IncomingMessage, string>();
  let stopping = false;

  const contextOf = (req: http.IncomingMessage): Context =>
    createContext(services, req, requestIds.get(req) ?? `${BOOT}-internal`);

  const onError = (opts: {
    error: TRPCError;
    path: string | undefined;
    ctx: Context | undefined;
  }) => {
    const fields = { requestId: opts.ctx?.requestId, path: opts.path, code: opts.error.code };
    if (isUnexpected(opts.error)) {
      const cause = opts.error.cause ?? opts.error;
      log.error('unexpected error', {
        ...fields,
        reference: referenceOf(opts.error),
        error: { name: cause.name, message: cause.message, stack: cause.stack },
      });
    } else {
      log.debug('request refused', { ...fields, message: opts.error.message });
    }
  };

  const headersFor = (errors: readonly TRPCError[]): Record<string, string> => {
    const retryAfter = errors.map(retryAfterOf).find((seconds) => seconds !== undefined);
    return {
      'cache-control': 'no-store',
      ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
    };
  };

  const trpcHandler = createHTTPHandler({
    router,
    basePath: TRPC_PREFIX,
    maxBodySize: config.bodyLimit,
    maxBatchSize: MAX_BATCH,
    createContext: ({ req }) => contextOf(req),
    onError,
    responseMeta: ({ errors }) => ({ headers: headersFor(errors) }),
  });

  /** A tRPC error answered without going through tRPC's handler (oversized body, shutdown). */
  const trpcError = (
    res: http.ServerResponse,
    error: TRPCError,
    path: string | undefined,
    headers: Readonly<Record<string, string>> = {},
  ): void => {
    const shape = getTRPCErrorShape({
      config: trpcConfig,
      error,
      type: 'unknown',
      path,
      input: undefined,
      ctx: undefined,
    });
    json(res, shape.data.httpStatus, transformTRPCResponse(trpcConfig, { error: shape }), {
      ...headersFor([error]),
      ...headers,
    });
  };

  /**
   * The encoded answer of a result. Read-model results come from a cache that hands every caller
   * the same (never mutated) object, so its bytes are kept beside it and reused.
   */
  const encoded = new WeakMap<object, Buffer>();
  const encode = (data: unknown): Buffer => {
    const known = typeof data === 'object' && data !== null ? encoded.get(data) : undefined;
    if (known !== undefined) return known;
    const body = Buffer.from(
      JSON.stringify(transformTRPCResponse(trpcConfig, { result: { data } })),
    );
    if (typeof data === 'object' && data !== null) encoded.set(data, body);
    return body;
  };

  const single = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    procedure: AnyTRPCProcedure,
    rawInput: string | null,
  ): Promise<void> => {
    const type = procedure._def.type;
    let input: unknown;
    let ctx: Context | undefined;
    const abort = new AbortController();
    const onClose = () => {
      if (!res.writableEnded) abort.abort();
    };
    res.once('close', onClose);
    try {
      try {
        input = rawInput === null || rawInput === '' ? undefined : JSON.parse(rawInput);
      } catch {
        throw apiError('PARSE_ERROR', 'the input is not valid JSON');
      }
      ctx = contextOf(req);
      const data = await procedure({
        path,
        getRawInput: async () => input,
        ctx,
        type,
        signal: abort.signal,
        batchIndex: 0,
      });
      send(res, 200, encode(data), { vary: 'trpc-accept, accept' });
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      onError({ error, path, ctx });
      const shape = getTRPCErrorShape({ config: trpcConfig, error, type, path, input, ctx });
      json(res, shape.data.httpStatus, transformTRPCResponse(trpcConfig, { error: shape }), {
        vary: 'trpc-accept, accept',
        ...headersFor([error]),
      });
    } finally {
      res.off('close', onClose);
    }
  };

  const trpc = async (req: http.IncomingMessage, res: http.ServerResponse, target: Target) => {
    const path = target.pathname.slice(TRPC_PREFIX.length);
    const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    const type = procedure?._def.type;
    const query = target.search === '' ? undefined : new URLSearchParams(target.search);
    const plain =
      query?.has('batch') !== true &&
      req.headers['trpc-accept'] === undefined &&
      !(req.headers.accept ?? '').includes('application/jsonl');
    if (plain && procedure !== undefined && type === 'query' && req.method === 'GET') {
      await single(req, res, path, procedure, query?.get('input') ?? null);
      return;
    }
    if (
      plain &&
      procedure !== undefined &&
      type === 'mutation' &&
      req.method === 'POST' &&
      isJson(req)
    ) {
      let body: string;
      try {
        body = await readBody(req, config.bodyLimit);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        trpcError(
          res,
          apiError(
            'PAYLOAD_TOO_LARGE',
            `the request body is larger than ${config.bodyLimit} bytes`,
          ),
          path,
          { connection: 'close' },
        );
        return;
      }
      await single(req, res, path, procedure, body);
      return;
    }
    trpcHandler(req, res);
  };

  const readiness = async () => {
    const reasons: string[] = [];
    if (stopping) reasons.push('the server is shutting down');
    let head: number | null = null;
    try {
      head = await Promise.race([
        services.eventStore.headPosition(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('timeout')), 2_000).unref(),
        ),
      ]);
    } catch {
      reasons.push('the event store does not answer');
    }
    const read = services.readSide.position();
    if (!services.readSide.ready()) reasons.push('the read models are not built yet');
    return {
      status: reasons.length === 0 ? ('ready' as const) : ('not_ready' as const),
      reasons,
      log: { head },
      readModels: { position: read.position },
    };
  };

  const server = http.createServer(
    {
      noDelay: true,
      requestTimeout: config.timeoutMs,
      headersTimeout: Math.min(config.timeoutMs, 60_000),
      // How often the request timeout is checked; Node's 30 s default would stretch short timeouts.
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(config.timeoutMs / 4))),
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      const started = performance.now();
      const given = req.headers['x-request-id'];
      const requestId =
        typeof given === 'string' && REQUEST_ID.test(given)
          ? given
          : `${BOOT}-${(++served).toString(36)}`;
      requestIds.set(req, requestId);
      const done = requests.enter();
      const url = targetOf(req.url ?? '/');
      res.setHeader('x-request-id', requestId);
      res.once('close', () => {
        done();
        log.info('request', {
          requestId,
          method: req.method,
          path: url.pathname,
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
        });
      });
      const fail = (error: unknown) => {
        log.error('unexpected error', {
          requestId,
          path: url.pathname,
          error:
            error instanceof Error
              ? { name: error.name, message: error.message, stack: error.stack }
              : String(error),
        });
        if (!res.headersSent) json(res, 500, { error: 'internal error', requestId });
        else res.destroy();
      };
      if (stopping) {
        const message = 'the server is shutting down; retry on another instance or shortly';
        if (url.pathname.startsWith(TRPC_PREFIX)) {
          trpcError(res, apiError('SERVICE_UNAVAILABLE', message, { retryAfter: 5 }), undefined, {
            connection: 'close',
          });
        } else {
          json(res, 503, { status: 'shutting_down' }, { connection: 'close', 'retry-after': '5' });
        }
        return;
      }
      if (url.pathname === '/health') {
        json(res, 200, { status: 'ok' });
        return;
      }
      if (url.pathname === '/ready') {
        readiness().then((ready) => json(res, ready.status === 'ready' ? 200 : 503, ready), fail);
        return;
      }
      if (url.pathname.startsWith(TRPC_PREFIX)) {
        trpc(req, res, url).catch(fail);
        return;
      }
      json(res, 404, {
        error: `no such endpoint: ${url.pathname}; the API is under ${TRPC_PREFIX}`,
      });
    },
  );

  let url = '';
  server.once('listening', () => {
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    url = `http://${host}:${address.port}`;
  });

  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    shutdownController.abort();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), config.shutdownGraceMs);
    });
    const outcome = await Promise.race([requests.idle().then(() => 'idle' as const), grace]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      log.warn('shutdown grace period over; cutting open requests', { open: requests.count });
    }
    server.closeAllConnections();
    await closed;
  };

  return {
    server,
    get url() {
      return url;
    },
    shutdown,
  };
}
