/**
 * Protocol-level checks of the EventStoreDB server double: what the real client sees on the wire,
 * and how the double answers requests the client would never send.
 */
import { randomUUID } from 'node:crypto';
import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  jsonEvent,
  MaxAppendSizeExceededError,
  type Position,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { ServerFeaturesClient } from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type EsdbServerDouble,
  type EsdbServerDoubleOptions,
  startEsdbServerDouble,
} from './esdbServerDouble.ts';

const running: { server: EsdbServerDouble; client: EventStoreDBClient }[] = [];

async function start(options: EsdbServerDoubleOptions = {}) {
  const server = await startEsdbServerDouble(options);
  const client = EventStoreDBClient.connectionString(server.connectionString);
  running.push({ server, client });
  return { server, client };
}

afterEach(async () => {
  for (const { server, client } of running.splice(0)) {
    await client.dispose();
    await server.stop();
  }
});

const event = (type = 'Happened', data: Record<string, unknown> = {}) =>
  jsonEvent({ id: randomUUID(), type, data });

function rawStreams(server: EsdbServerDouble): StreamsClient {
  return new StreamsClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
}

function streamIdentifier(name: string): sharedPb.StreamIdentifier {
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(new TextEncoder().encode(name));
  return identifier;
}

function uuid(id: string): sharedPb.UUID {
  const message = new sharedPb.UUID();
  message.setString(id);
  return message;
}

function rawAppend(
  client: StreamsClient,
  requests: streamsPb.AppendReq[],
): Promise<{ response?: streamsPb.AppendResp; error?: ServiceError }> {
  return new Promise((resolve) => {
    const call = client.append((error, response) => {
      resolve(error === null ? { response } : { error });
    });
    for (const request of requests) call.write(request);
    call.end();
  });
}

function rawRead(
  client: StreamsClient,
  request: streamsPb.ReadReq,
): Promise<{ responses: streamsPb.ReadResp[]; error?: ServiceError }> {
  return new Promise((resolve) => {
    const responses: streamsPb.ReadResp[] = [];
    const call = client.read(request);
    call.on('data', (response: streamsPb.ReadResp) => responses.push(response));
    call.on('error', (error: ServiceError) => resolve({ responses, error }));
    call.on('end', () => resolve({ responses }));
  });
}

function proposed(type: string | undefined): streamsPb.AppendReq {
  const message = new streamsPb.AppendReq.ProposedMessage();
  message.setId(uuid(randomUUID()));
  if (type !== undefined) message.getMetadataMap().set('type', type);
  message.getMetadataMap().set('content-type', 'application/json');
  message.setData(new TextEncoder().encode('{}'));
  const request = new streamsPb.AppendReq();
  request.setProposedMessage(message);
  return request;
}

function appendOptions(stream: string): streamsPb.AppendReq {
  const options = new streamsPb.AppendReq.Options();
  options.setStreamIdentifier(streamIdentifier(stream));
  options.setAny(new sharedPb.Empty());
  const request = new streamsPb.AppendReq();
  request.setOptions(options);
  return request;
}

describe('esdb server double: connection', () => {
  it('advertises BatchAppend only when asked to, and the client follows', async () => {
    for (const appendRpc of ['batch', 'classic'] as const) {
      const { server, client } = await start({ appendRpc });
      const features = new ServerFeaturesClient(
        `127.0.0.1:${server.port}`,
        credentials.createInsecure(),
      );
      const methods = await new Promise<string[]>((resolve, reject) => {
        features.getSupportedMethods(new sharedPb.Empty(), (error, supported) => {
          if (error !== null) reject(error);
          else
            resolve(
              supported.getMethodsList().map((m) => `${m.getServiceName()}/${m.getMethodName()}`),
            );
        });
      });
      features.close();
      expect(methods.includes('event_store.client.streams.streams/batchappend')).toBe(
        appendRpc === 'batch',
      );
      await client.appendToStream('features-1', event());
      expect(server.calls.get('Streams.BatchAppend') ?? 0).toBe(appendRpc === 'batch' ? 1 : 0);
      expect(server.calls.get('Streams.Append') ?? 0).toBe(appendRpc === 'classic' ? 1 : 0);
    }
  });

  it('answers gossip with itself as the leader', async () => {
    const { server } = await start();
    const client = EventStoreDBClient.connectionString(
      `esdb+discover://127.0.0.1:${server.port}?tls=false`,
    );
    try {
      await client.appendToStream('gossip-1', event());
      expect(server.calls.get('Gossip.Read')).toBe(1);
    } finally {
      await client.dispose();
    }
  });
});

describe('esdb server double: appends', () => {
  for (const appendRpc of ['batch', 'classic'] as const) {
    it(`reports a wrong expected version with the current revision (${appendRpc})`, async () => {
      const { client } = await start({ appendRpc });
      await client.appendToStream('wev-1', [event(), event()]);
      const failure: unknown = await client
        .appendToStream('wev-1', event(), { expectedRevision: 0n })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WrongExpectedVersionError);
      expect(failure).toMatchObject({ expectedVersion: 0n, actualVersion: 1n });

      const missing: unknown = await client
        .appendToStream('wev-2', event(), { expectedRevision: 'stream_exists' })
        .catch((error: unknown) => error);
      expect(missing).toMatchObject({
        expectedVersion: 'stream_exists',
        actualVersion: 'no_stream',
      });
    });

    it(`refuses an append larger than the maximum append size (${appendRpc})`, async () => {
      const { client, server } = await start({ appendRpc, maxAppendSize: 100 });
      const failure: unknown = await client
        .appendToStream('big-1', event('Big', { text: 'x'.repeat(200) }))
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MaxAppendSizeExceededError);
      expect(failure).toMatchObject({ maxAppendSize: 100 });
      expect(server.log.readStream('big-1', 'forwards', 'start', 10)).toBeUndefined();
    });

    it(`treats a retry of the same events as a no-op success (${appendRpc})`, async () => {
      const { client, server } = await start({ appendRpc });
      const batch = [event(), event()];
      const first = await client.appendToStream('retry-1', batch, {
        expectedRevision: 'no_stream',
      });
      const again = await client.appendToStream('retry-1', batch, {
        expectedRevision: 'no_stream',
      });
      expect(again).toEqual(first);
      expect(server.log.readStream('retry-1', 'forwards', 'start', 10)).toHaveLength(2);
    });
  }

  it('answers a BatchAppend whose deadline has passed with a timeout', async () => {
    const { client } = await start({ appendRpc: 'batch' });
    // The client turns `deadline` (ms from now) into the batch's absolute deadline.
    await expect(
      client.appendToStream('late-1', event(), { deadline: -60_000 }),
    ).rejects.toBeInstanceOf(DeadlineExceededError);
  });

  it('rejects an Append that does not start with its options', async () => {
    const { server } = await start();
    const raw = rawStreams(server);
    const { error } = await rawAppend(raw, [proposed('Orphan')]);
    raw.close();
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.details).toBe('Append: the first message must carry the options');
  });

  it('rejects an Append whose event lacks a type, the way the server reports it', async () => {
    const { server } = await start();
    const raw = rawStreams(server);
    const { error } = await rawAppend(raw, [appendOptions('untyped-1'), proposed(undefined)]);
    raw.close();
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.metadata.get('exception')).toEqual(['missing-required-metadata-property']);
    expect(error?.metadata.get('required-metadata-properties')).toEqual(['type']);
  });

  it('answers a BatchAppend request without options with a BadRequest for that batch', async () => {
    const { server } = await start();
    const raw = rawStreams(server);
    const correlationId = randomUUID();
    const response = await new Promise<streamsPb.BatchAppendResp>((resolve, reject) => {
      const call = raw.batchAppend();
      call.on('data', resolve);
      call.on('error', reject);
      const request = new streamsPb.BatchAppendReq();
      request.setCorrelationId(uuid(correlationId));
      request.setIsFinal(true);
      call.write(request);
    });
    raw.close();
    expect(response.getCorrelationId()?.getString()).toBe(correlationId);
    expect(response.getError()?.getCode()).toBe(status.INVALID_ARGUMENT);
    expect(response.getError()?.getDetails()?.getTypeName()).toBe('event_store.client.BadRequest');
    const detail = response
      .getError()
      ?.getDetails()
      ?.unpack(sharedPb.BadRequest.deserializeBinary, 'event_store.client.BadRequest');
    expect(detail?.getMessage()).toBe(
      'BatchAppend: the first request of a batch must carry the options',
    );
  });
});

describe('esdb server double: reads', () => {
  it('reads $all forwards including the given position and backwards excluding it', async () => {
    const { client } = await start({ systemEvents: false });
    await client.appendToStream('all-1', [event('A'), event('B'), event('C')]);
    const positions: Position[] = [];
    for await (const resolved of client.readAll()) {
      if (resolved.event !== undefined) positions.push(resolved.event.position);
    }
    const middle = positions[1];
    if (middle === undefined) throw new Error('expected three events');
    const types = async (options: Parameters<EventStoreDBClient['readAll']>[0]) => {
      const seen: string[] = [];
      for await (const resolved of client.readAll(options)) seen.push(resolved.event?.type ?? '?');
      return seen;
    };
    expect(await types({ fromPosition: middle })).toEqual(['B', 'C']);
    expect(await types({ fromPosition: middle, direction: BACKWARDS })).toEqual(['A']);
    expect(await types({ fromPosition: END, direction: BACKWARDS, maxCount: 2 })).toEqual([
      'C',
      'B',
    ]);
    expect(await types({ fromPosition: START, direction: BACKWARDS })).toEqual([]);
  });

  it('says a stream that was never written is not found', async () => {
    const { client } = await start();
    const read = async () => {
      for await (const _ of client.readStream('nowhere-1')) return 'found';
      return 'empty';
    };
    await expect(read()).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('returns ids in the structured form unless the string form is asked for', async () => {
    const { client, server } = await start({ systemEvents: false });
    const written = event();
    await client.appendToStream('uuid-1', written);
    const raw = rawStreams(server);
    const stream = new streamsPb.ReadReq.Options.StreamOptions();
    stream.setStreamIdentifier(streamIdentifier('uuid-1'));
    stream.setStart(new sharedPb.Empty());
    const options = new streamsPb.ReadReq.Options();
    options.setStream(stream);
    options.setCount('10');
    options.setNoFilter(new sharedPb.Empty());
    const uuidOption = new streamsPb.ReadReq.Options.UUIDOption();
    uuidOption.setStructured(new sharedPb.Empty());
    options.setUuidOption(uuidOption);
    const request = new streamsPb.ReadReq();
    request.setOptions(options);
    const { responses } = await rawRead(raw, request);
    raw.close();
    const structured = responses[0]?.getEvent()?.getEvent()?.getId()?.getStructured();
    const hex = [structured?.getMostSignificantBits(), structured?.getLeastSignificantBits()]
      .map((bits) =>
        BigInt.asUintN(64, BigInt(bits ?? '0'))
          .toString(16)
          .padStart(16, '0'),
      )
      .join('');
    expect(hex).toBe(written.id.replaceAll('-', ''));
  });

  it('rejects a read without options, and a filter on a stream read', async () => {
    const { server } = await start();
    const raw = rawStreams(server);
    const bare = await rawRead(raw, new streamsPb.ReadReq());
    expect(bare.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(bare.error?.details).toBe('Read: options are required');

    const stream = new streamsPb.ReadReq.Options.StreamOptions();
    stream.setStreamIdentifier(streamIdentifier('filtered-1'));
    stream.setStart(new sharedPb.Empty());
    const expression = new streamsPb.ReadReq.Options.FilterOptions.Expression();
    expression.setPrefixList(['x']);
    const filter = new streamsPb.ReadReq.Options.FilterOptions();
    filter.setEventType(expression);
    filter.setCount(new sharedPb.Empty());
    const options = new streamsPb.ReadReq.Options();
    options.setStream(stream);
    options.setCount('1');
    options.setFilter(filter);
    const request = new streamsPb.ReadReq();
    request.setOptions(options);
    const filtered = await rawRead(raw, request);
    raw.close();
    expect(filtered.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(filtered.error?.details).toBe('Read: filters apply to $all only');
  });
});

describe('esdb server double: subscriptions', () => {
  it('confirms, catches up strictly after the start position, reports caught up, then goes live', async () => {
    const { client } = await start({ systemEvents: false });
    await client.appendToStream('sub-1', [event('Old'), event('Start'), event('Next')]);
    let from: Position | undefined;
    for await (const resolved of client.readStream('sub-1', { fromRevision: 1n, maxCount: 1 })) {
      from = resolved.event?.position;
    }
    if (from === undefined) throw new Error('no start position');

    const seen: string[] = [];
    const subscription = client.subscribeToAll({ fromPosition: from });
    subscription.on('confirmation', () => seen.push('confirmation'));
    subscription.on('caughtUp', () => seen.push('caughtUp'));
    const live = new Promise<void>((resolve) => {
      subscription.on('data', (resolved: AllStreamResolvedEvent) => {
        seen.push(resolved.event?.type ?? '?');
        if (resolved.event?.type === 'Live') resolve();
      });
    });
    await new Promise((resolve) => subscription.once('caughtUp', resolve));
    await client.appendToStream('sub-2', event('Live'));
    await live;
    await subscription.unsubscribe();
    expect(seen).toEqual(['confirmation', 'Next', 'caughtUp', 'Live']);
  });

  it('sends checkpoints on a filtered subscription every window of considered events', async () => {
    const { client, server } = await start({ systemEvents: false });
    await client.appendToStream(
      'noise-1',
      Array.from({ length: 40 }, () => event('Noise')),
    );
    const checkpoints: bigint[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: START,
      filter: eventTypeFilter({
        prefixes: ['Wanted'],
        checkpointInterval: 1,
        checkpointReached: (_, position) => {
          checkpoints.push(position.commit);
        },
      }),
    });
    subscription.on('data', () => {});
    await new Promise((resolve) => subscription.once('caughtUp', resolve));
    await subscription.unsubscribe();
    expect(checkpoints).toEqual([server.log.at(31)?.position]);
  });
});
