import { connect } from 'node:net';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisation, SOURCE } from '../test/fixtures.ts';
import { startTestApi, type TestApi } from '../test/support.ts';
import type { AppRouter } from './root.ts';

describe('the HTTP server', () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi('embedded', { seed: true, config: { timeoutMs: 800 } });
    await t.caughtUp();
  });
  afterAll(() => t.close());

  const get = async (path: string, token?: string) => {
    const response = await fetch(`${t.url}${path}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as unknown,
    };
  };

  it('answers health and readiness', async () => {
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await get('/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', reasons: [] } });
  });

  it('answers an unknown endpoint with 404 in JSON, and an unknown procedure with NOT_FOUND', async () => {
    expect(await get('/nothing-here')).toMatchObject({
      status: 404,
      body: { error: expect.stringMatching(/\/trpc\//) },
    });
    const unknown = await get('/trpc/networks.nothing', t.tokens.viewer);
    expect(unknown).toMatchObject({
      status: 404,
      body: { error: { data: { code: 'NOT_FOUND' } } },
    });
  });

  it('tags every answer with a request id, keeping a harmless one the caller sent', async () => {
    const response = await fetch(`${t.url}/health`, { headers: { 'x-request-id': 'trace-42' } });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    const hostile = await fetch(`${t.url}/health`, { headers: { 'x-request-id': 'a\tb<script>' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
  });

  it('answers single calls exactly as tRPC’s own handler answers them in a batch', async () => {
    for (const [path, token] of [
      ['/trpc/auth.me', t.tokens.viewer],
      ['/trpc/auth.me', undefined],
      ['/trpc/memberships.register?input=%7B%22networkId%22%3A%22afil%22%7D', t.tokens.viewer],
      ['/trpc/memberships.register?input=%7B%22networkId%22%3A%22AFIL%22%7D', t.tokens.viewer],
    ] as const) {
      const single = await get(path, token);
      const [route, query] = path.split('?');
      const batched = await get(
        `${route}?batch=1${query === undefined ? '' : `&input=${encodeURIComponent(`{"0":${decodeURIComponent(query.slice('input='.length))}}`)}`}`,
        token,
      );
      expect(batched.status).toBe(single.status);
      expect((batched.body as unknown[])[0]).toEqual(single.body);
    }
  });

  it('serves batches, capped at 10 calls', async () => {
    const batch = createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${t.url}/trpc`,
          headers: { authorization: `Bearer ${t.tokens.editor}` },
        }),
      ],
    });
    const [me, revision, written] = await Promise.all([
      batch.auth.me.query(),
      batch.organisations.revision.query({ organisationId: 'batched' }),
      batch.organisations.register.mutate({
        data: organisation('batched'),
        expectedRevision: null,
        source: SOURCE,
      }),
    ]);
    expect(me.username).toBe('editor-1');
    expect(revision.revision).toBeNull();
    expect(written.revision).toBe(0);
    const paths = Array.from({ length: 11 }, () => 'auth.me').join(',');
    const tooMany = await get(`/trpc/${paths}?batch=1`, t.tokens.viewer);
    expect(tooMany.status).toBe(400);
  });

  it('refuses bad report arguments naming the argument, as the CLI does', async () => {
    const impossible = await t.as.viewer.reports.ecosystem
      .query({ validAt: '2021-02-30' })
      .catch((caught: unknown) => caught);
    expect((impossible as TRPCClientError<AppRouter>).data).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'validAt',
    });
    expect((impossible as Error).message).toMatch(/^validAt must be a calendar date YYYY-MM-DD/);
    const future = await t.as.viewer.reports.ecosystem
      .query({ knownAt: '2999-01-01T00:00:00Z' })
      .catch((caught: unknown) => caught);
    expect((future as Error).message).toMatch(/^knownAt must not be in the future/);
    const backwards = await t.as.viewer.reports.diff
      .query({ from: '2020-01-01', to: '2019-01-01' })
      .catch((caught: unknown) => caught);
    expect((backwards as Error).message).toMatch(/^from must not be after to/);
  });

  it('hides unexpected errors behind a reference, and logs the details under it', async () => {
    // A stored event the domain cannot read: the command on its stream fails unexpectedly.
    await t.api.services.eventStore.appendToStream('organisation-corrupt', [
      { id: crypto.randomUUID(), type: 'OrganisationRegistered', data: { name: 7 }, metadata: {} },
    ]);
    const error = await t.as.editor.organisations.rename
      .mutate({
        data: { organisationId: 'corrupt', name: 'X', effectiveDate: '2020' },
        expectedRevision: 0,
        source: SOURCE,
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCClientError);
    const { message, data } = error as TRPCClientError<AppRouter>;
    expect(data).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 });
    expect(message).toMatch(
      /^internal error; the server log has the details under reference [0-9a-f-]{36}$/,
    );
    expect(JSON.stringify(data)).not.toMatch(/stack|CorruptStream|\.ts:/);
    const reference = (data as { reference: string }).reference;
    const logged = t.logs.find(
      (line) => line.includes(reference) && line.includes('"unexpected error"'),
    );
    expect(logged).toMatch(/CorruptStreamError/);
  });

  it('times out a request whose body never finishes arriving', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(t.url);
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /trpc/organisations.register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"data":`,
        );
      });
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('read your writes', () => {
  it('answers with the write included, or TIMEOUT when the read models do not get there in time', async () => {
    const t = await startTestApi('embedded', {
      config: { projector: 'external', readWaitMs: 300 },
    });
    try {
      const written = await t.as.editor.organisations.register.mutate({
        data: organisation('unread'),
        expectedRevision: null,
        source: SOURCE,
      });
      const started = Date.now();
      const error = await t.as.viewer.organisations.get
        .query({ organisationId: 'unread', minPosition: written.position })
        .catch((caught: unknown) => caught);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect((error as TRPCClientError<AppRouter>).data).toMatchObject({
        code: 'TIMEOUT',
        httpStatus: 408,
      });
      expect((error as Error).message).toMatch(
        new RegExp(`did not reach log position ${written.position} within 300 ms`),
      );
      const beyond = await t.as.viewer.organisations.get
        .query({ organisationId: 'unread', minPosition: written.position + 1_000 })
        .catch((caught: unknown) => caught);
      expect((beyond as TRPCClientError<AppRouter>).data).toMatchObject({ code: 'BAD_REQUEST' });
      expect((beyond as Error).message).toMatch(/beyond its end/);
      const ready = await fetch(`${t.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ reasons: ['the read models are not built yet'] });
    } finally {
      await t.close();
    }
  });
});
