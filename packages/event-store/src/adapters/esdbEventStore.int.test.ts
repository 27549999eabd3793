import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEventStoreConformance } from '../../test/conformance.ts';
import { type EsdbServerDouble, startEsdbServerDouble } from '../../test/esdb/esdbServerDouble.ts';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors.ts';
import type { EventData, EventStore, RecordedEvent } from '../port.ts';
import { openEsdbEventStore } from './esdbEventStore.ts';

const realServer = process.env.LEDGER_TEST_ESDB_URL;

const eventOf = (type: string, data: EventData['data'] = {}): EventData => ({
  id: randomUUID(),
  type,
  data,
  metadata: {},
});

async function storeOnDouble(
  options: Parameters<typeof startEsdbServerDouble>[0] = {},
): Promise<{ store: EventStore; cleanup: () => Promise<void> }> {
  const server = await startEsdbServerDouble(options);
  const store = await openEsdbEventStore({ connectionString: server.connectionString });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await server.stop();
    },
  };
}

// Current servers: the client appends through Streams.BatchAppend.
describeEventStoreConformance('esdb (gRPC double, BatchAppend)', () => storeOnDouble());

// Older servers: Streams.Append, and idempotent retries answered without a position.
describeEventStoreConformance('esdb (gRPC double, classic Append)', () =>
  storeOnDouble({ appendRpc: 'classic', reportIdempotentPosition: false }),
);

describe.skipIf(realServer === undefined)('against the server in LEDGER_TEST_ESDB_URL', () => {
  describeEventStoreConformance('esdb (real server)', async () => {
    if (realServer === undefined) throw new Error('LEDGER_TEST_ESDB_URL is not set');
    const store = await openEsdbEventStore({ connectionString: realServer });
    return { store, cleanup: () => store.close() };
  });
});

describe('esdb adapter: opening', () => {
  it('rejects a connection string it cannot parse, naming the field and hiding credentials', async () => {
    const attempt = openEsdbEventStore({ connectionString: 'esdb://admin:s3cret@host:port' });
    await expect(attempt).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(attempt).rejects.toThrow(/connectionString .* is not valid/);
    await expect(attempt).rejects.not.toThrow(/s3cret/);
  });

  it('rejects an empty connection string', async () => {
    await expect(openEsdbEventStore({ connectionString: ' ' })).rejects.toThrow(
      'openEsdbEventStore: connectionString must be a non-empty string',
    );
  });

  it('fails with EventStoreUnavailableError when nothing answers', async () => {
    const server = await startEsdbServerDouble();
    await server.stop();
    await expect(openEsdbEventStore({ connectionString: server.connectionString })).rejects.toThrow(
      /openEsdbEventStore: EventStoreDB at .* did not answer/,
    );
  });

  it('connects through gossip discovery (esdb+discover://)', async () => {
    const server = await startEsdbServerDouble();
    const store = await openEsdbEventStore({
      connectionString: `esdb+discover://127.0.0.1:${server.port}?tls=false`,
    });
    try {
      const result = await store.appendToStream('discovered-1', [eventOf('Found')]);
      expect(result.nextExpectedRevision).toBe(0);
    } finally {
      await store.close();
      await server.stop();
    }
  });
});

describe('esdb adapter: behaviour specific to EventStoreDB', () => {
  let server: EsdbServerDouble;
  let store: EventStore;

  beforeAll(async () => {
    server = await startEsdbServerDouble();
    store = await openEsdbEventStore({ connectionString: server.connectionString });
  });
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  it('hides the server’s own records: an untouched node has an empty log', async () => {
    expect(server.log.size).toBeGreaterThan(0);
    expect(await store.headPosition()).toBeNull();
    const everything: RecordedEvent[] = [];
    for await (const event of store.readAll()) everything.push(event);
    expect(everything).toEqual([]);
  });

  it('refuses stream names and event types reserved for the server', async () => {
    await expect(store.appendToStream('$settings', [eventOf('Changed')])).rejects.toThrow(
      'appendToStream: streamId must not start with "$"',
    );
    await expect(store.appendToStream('ok-1', [eventOf('$metadata')])).rejects.toThrow(
      'appendToStream: events[0].type must not start with "$"',
    );
    await expect(store.readStream('$settings')).rejects.toThrow(
      'readStream: streamId must not start with "$"',
    );
  });

  it('hands out the server’s commit positions, which need not be contiguous', async () => {
    const stream = `positions-${randomUUID()}`;
    const result = await store.appendToStream(stream, [
      eventOf('A', { pad: 'x'.repeat(50) }),
      eventOf('B'),
    ]);
    const read = await store.readStream(stream);
    if (read.status !== 'found') throw new Error('stream not found');
    const [first, second] = read.events;
    expect(second?.position).toBe(result.position);
    expect((second?.position ?? 0) - (first?.position ?? 0)).toBeGreaterThan(1);
    const stored = server.log.readStream(stream, 'forwards', 'start', 2) ?? [];
    expect(stored.map((event) => Number(event.position))).toEqual(
      read.events.map((event) => event.position),
    );
  });

  it('keeps WrongExpectedRevisionError when the connection string turns off append exceptions', async () => {
    const lenient = await openEsdbEventStore({
      connectionString: `${server.connectionString}&throwOnAppendFailure=false`,
    });
    try {
      const stream = `lenient-${randomUUID()}`;
      await lenient.appendToStream(stream, [eventOf('A'), eventOf('B')]);
      const attempt = lenient.appendToStream(stream, [eventOf('C')], { expectedRevision: 0 });
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(attempt).rejects.toMatchObject({ expected: 0, actual: 1 });
    } finally {
      await lenient.close();
    }
  });

  it('ends a subscription with EventStoreUnavailableError when the server goes away', async () => {
    const doomedServer = await startEsdbServerDouble();
    const doomed = await openEsdbEventStore({ connectionString: doomedServer.connectionString });
    const subscription = doomed.subscribeToAll({ after: 'start' });
    try {
      await doomed.appendToStream('doomed-1', [eventOf('Seen')]);
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await iterator.next()).value?.type).toBe('Seen');
      await doomedServer.stop();
      await expect(iterator.next()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    } finally {
      await subscription.close();
      await doomed.close();
    }
  });

  it('refuses every operation once closed', async () => {
    const closing = await openEsdbEventStore({ connectionString: server.connectionString });
    await closing.close();
    await expect(closing.appendToStream('after-close-1', [eventOf('A')])).rejects.toThrow(
      'EventStoreDB event store is closed',
    );
    expect(() => closing.subscribeToAll()).toThrow(EventStoreUnavailableError);
  });
});

describe('esdb adapter: numbers beyond the port’s range', () => {
  it('throws rather than round a position above Number.MAX_SAFE_INTEGER', async () => {
    const server = await startEsdbServerDouble({
      firstPosition: BigInt(Number.MAX_SAFE_INTEGER) + 10n,
      systemEvents: false,
    });
    const store = await openEsdbEventStore({ connectionString: server.connectionString });
    try {
      await expect(store.appendToStream('huge-1', [eventOf('A')])).rejects.toThrow(
        /returned position \d+, outside 0..Number.MAX_SAFE_INTEGER/,
      );
    } finally {
      await store.close();
      await server.stop();
    }
  });
});
