/**
 * A test double of an EventStoreDB/KurrentDB node, speaking the real gRPC protocol.
 *
 * It is built from the service definitions and protobuf message classes that
 * `@eventstore/db-client` ships in `generated/`, so the client under test talks to it exactly
 * as it talks to a server: same wire format, same RPCs, same code paths. Behind the RPCs sits
 * `EsdbLogDouble`, an in-memory log. What it implements, and what it leaves out, is listed in
 * `README.md` beside this file.
 *
 * It is a double for tests only: no persistence, no security, no clustering.
 */
import { randomUUID } from 'node:crypto';
import codePb from '@eventstore/db-client/generated/code_pb.js';
import {
  GossipService,
  type IGossipServer,
} from '@eventstore/db-client/generated/gossip_grpc_pb.js';
import gossipPb from '@eventstore/db-client/generated/gossip_pb.js';
import {
  type IServerFeaturesServer,
  ServerFeaturesService,
} from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import serverFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import statusPb from '@eventstore/db-client/generated/status_pb.js';
import {
  type IStreamsServer,
  StreamsService,
} from '@eventstore/db-client/generated/streams_grpc_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import {
  Metadata,
  Server,
  ServerCredentials,
  type ServerDuplexStream,
  type ServerErrorResponse,
  type ServerWritableStream,
  status,
} from '@grpc/grpc-js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import {
  type AppendOutcome,
  EsdbLogDouble,
  type EventFilterSpec,
  type ExpectedState,
  type LogPosition,
  matchesFilter,
  type ProposedEvent,
  type StoredEvent,
} from './esdbLogDouble.ts';

export interface EsdbServerDoubleOptions {
  /**
   * Which append RPC the double advertises through ServerFeatures, and so which one the client
   * picks: `'batch'` (Streams.BatchAppend, servers since 21.10) or `'classic'` (Streams.Append).
   */
  readonly appendRpc?: 'batch' | 'classic';
  /**
   * Whether an idempotent append reports the position of the already-stored event (current
   * servers) or no position at all (older servers answer `no_position`).
   */
  readonly reportIdempotentPosition?: boolean;
  /** Whether the log starts with system records, as a fresh node's `$all` does. */
  readonly systemEvents?: boolean;
  /** Largest append, in bytes of event data and metadata; the server default is 1 MiB. */
  readonly maxAppendSize?: number;
  /** Log position of the first record, to emulate a large log (or one past 2^53). */
  readonly firstPosition?: bigint;
}

export interface EsdbServerDouble {
  /** `esdb://127.0.0.1:<port>?tls=false` */
  readonly connectionString: string;
  readonly port: number;
  /** The log behind the RPCs, for assertions that bypass the protocol. */
  readonly log: EsdbLogDouble;
  /** How many times each RPC was called, by `Service.Method` (e.g. `Streams.BatchAppend`). */
  readonly calls: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

const SERVER_VERSION = '24.10.0';
const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;
/** Events a filtered subscription considers per checkpoint window (the server's read batch). */
const FILTER_WINDOW = 32;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const { ReadReq, ReadResp, AppendResp, BatchAppendResp } = streamsPb;
type ReadCall = ServerWritableStream<streamsPb.ReadReq, streamsPb.ReadResp>;
type BatchAppendCall = ServerDuplexStream<streamsPb.BatchAppendReq, streamsPb.BatchAppendResp>;

/** A gRPC status the double ends a call with; carries the trailers the client reads. */
class RpcFailure extends Error implements ServerErrorResponse {
  override readonly name = 'RpcFailure';
  readonly code: status;
  readonly details: string;
  readonly metadata: Metadata;

  constructor(code: status, details: string, trailers: Record<string, string> = {}) {
    super(details);
    this.code = code;
    this.details = details;
    this.metadata = new Metadata();
    for (const [key, value] of Object.entries(trailers)) this.metadata.set(key, value);
  }
}

function invalidArgument(details: string): RpcFailure {
  return new RpcFailure(status.INVALID_ARGUMENT, details);
}

function asRpcFailure(error: unknown): RpcFailure {
  if (error instanceof RpcFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RpcFailure(status.INTERNAL, `server double failed: ${message}`);
}

export async function startEsdbServerDouble(
  options: EsdbServerDoubleOptions = {},
): Promise<EsdbServerDouble> {
  const log = new EsdbLogDouble(
    options.firstPosition === undefined ? {} : { firstPosition: options.firstPosition },
  );
  if (options.systemEvents ?? true) writeSystemEvents(log);

  const server = new Server();
  const calls = new Map<string, number>();
  const count = (rpc: string) => calls.set(rpc, (calls.get(rpc) ?? 0) + 1);
  let port = 0;
  const settings: StreamsSettings = {
    reportIdempotentPosition: options.reportIdempotentPosition ?? true,
    maxAppendSize: options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE,
  };
  const appendRpc = options.appendRpc ?? 'batch';

  server.addService(ServerFeaturesService, serverFeatures(appendRpc, count));
  server.addService(
    GossipService,
    gossip(() => port, count),
  );
  server.addService(StreamsService, streams(log, settings, count));

  port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, boundPort) => {
      if (error) reject(error);
      else resolve(boundPort);
    });
  });

  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    log,
    calls,
    // Like a node going away: open calls (subscriptions, BatchAppend streams) are cut, not ended.
    stop: async () => {
      server.forceShutdown();
    },
  };
}

/** Stand-ins for the records a fresh node holds in `$all` before any client writes. */
function writeSystemEvents(log: EsdbLogDouble): void {
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  log.append('$epoch-information', { kind: 'any' }, [
    {
      id: randomUUID(),
      type: '$epoch-information',
      isJson: true,
      data: json({ epochNumber: 0, epochPosition: 0 }),
      customMetadata: new Uint8Array(),
    },
  ]);
  log.append('$settings', { kind: 'any' }, [
    {
      id: randomUUID(),
      type: '$settings',
      isJson: true,
      data: json({ $userStreamAcl: { $r: '$all' }, $systemStreamAcl: { $r: '$admins' } }),
      customMetadata: new Uint8Array(),
    },
  ]);
}

// ---------------------------------------------------------------------------------------------
// ServerFeatures and Gossip: what the client asks before choosing code paths or a node.

function serverFeatures(
  appendRpc: 'batch' | 'classic',
  count: (rpc: string) => void,
): IServerFeaturesServer {
  const method = (service: string, name: string, features: string[] = []) => {
    const supported = new serverFeaturesPb.SupportedMethod();
    // The server reports lower-cased names; the client compares lower-cased paths.
    supported.setServiceName(service.toLowerCase());
    supported.setMethodName(name.toLowerCase());
    supported.setFeaturesList(features);
    return supported;
  };
  return {
    getSupportedMethods: (_call, callback) => {
      count('ServerFeatures.GetSupportedMethods');
      const methods = new serverFeaturesPb.SupportedMethods();
      methods.setEventStoreServerVersion(SERVER_VERSION);
      const streamsService = 'event_store.client.streams.Streams';
      methods.setMethodsList([
        method(streamsService, 'Read', ['position', 'events']),
        method(streamsService, 'Append'),
        ...(appendRpc === 'batch'
          ? [method(streamsService, 'BatchAppend', ['deadline_duration'])]
          : []),
        method('event_store.client.server_features.ServerFeatures', 'GetSupportedMethods'),
        method('event_store.client.gossip.Gossip', 'Read'),
      ]);
      callback(null, methods);
    },
  };
}

function gossip(port: () => number, count: (rpc: string) => void): IGossipServer {
  const instanceId = randomUUID();
  return {
    read: (_call, callback) => {
      count('Gossip.Read');
      const endpoint = new gossipPb.EndPoint();
      endpoint.setAddress('127.0.0.1');
      endpoint.setPort(port());
      const member = new gossipPb.MemberInfo();
      member.setInstanceId(uuidMessage(instanceId, true));
      member.setTimeStamp(String(BigInt(Date.now()) * 10_000n));
      member.setState(gossipPb.MemberInfo.VNodeState.LEADER);
      member.setIsAlive(true);
      member.setHttpEndPoint(endpoint);
      const info = new gossipPb.ClusterInfo();
      info.setMembersList([member]);
      callback(null, info);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Streams

interface StreamsSettings {
  readonly reportIdempotentPosition: boolean;
  readonly maxAppendSize: number;
}

function streams(
  log: EsdbLogDouble,
  settings: StreamsSettings,
  count: (rpc: string) => void,
): IStreamsServer {
  return {
    read: (call) => {
      count('Streams.Read');
      handleRead(call, log).catch((error: unknown) => {
        failCall(call, error);
      });
    },
    append: (call, callback) => {
      count('Streams.Append');
      const requests: streamsPb.AppendReq[] = [];
      call.on('data', (request: streamsPb.AppendReq) => requests.push(request));
      call.on('error', () => {
        // The client went away mid-append: nothing was written, nobody to answer.
      });
      call.on('end', () => {
        try {
          callback(null, handleAppend(requests, log, settings));
        } catch (error) {
          callback(asRpcFailure(error));
        }
      });
    },
    batchAppend: (call) => {
      count('Streams.BatchAppend');
      handleBatchAppend(call, log, settings);
    },
    delete: (_call, callback) => {
      callback(
        new RpcFailure(status.UNIMPLEMENTED, 'Streams.Delete is not implemented by the double'),
      );
    },
    tombstone: (_call, callback) => {
      callback(
        new RpcFailure(status.UNIMPLEMENTED, 'Streams.Tombstone is not implemented by the double'),
      );
    },
  };
}

function failCall(call: ReadCall | BatchAppendCall, error: unknown): void {
  if (call.cancelled) return;
  call.emit('error', asRpcFailure(error));
}

// --- Read ------------------------------------------------------------------------------------

async function handleRead(call: ReadCall, log: EsdbLogDouble): Promise<void> {
  const options = call.request.getOptions();
  if (options === undefined) throw invalidArgument('Read: options are required');
  const structuredIds =
    options.getUuidOption()?.getContentCase() !== ReadReq.Options.UUIDOption.ContentCase.STRING;
  const toMessage = (event: StoredEvent) => eventMessage(event, structuredIds);
  const direction =
    options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS
      ? 'backwards'
      : 'forwards';
  const filter = filterOf(options);
  const streamCase = options.getStreamOptionCase();
  const countCase = options.getCountOptionCase();

  if (countCase === ReadReq.Options.CountOptionCase.COUNT) {
    const count = parseCount(options.getCount());
    if (streamCase === ReadReq.Options.StreamOptionCase.STREAM) {
      if (filter !== undefined) throw invalidArgument('Read: filters apply to $all only');
      const stream = options.getStream();
      const streamId = streamNameOf(stream?.getStreamIdentifier(), 'Read');
      const events = log.readStream(streamId, direction, streamRevisionOf(stream), count);
      if (events === undefined) {
        const notFound = new ReadResp.StreamNotFound();
        notFound.setStreamIdentifier(streamIdentifier(streamId));
        const response = new ReadResp();
        response.setStreamNotFound(notFound);
        await writeAll(call, [response]);
      } else {
        await writeAll(call, events.map(toMessage));
      }
      call.end();
      return;
    }
    if (streamCase === ReadReq.Options.StreamOptionCase.ALL) {
      const events = log.readAll(direction, allPositionOf(options.getAll()), count, filter);
      await writeAll(call, events.map(toMessage));
      call.end();
      return;
    }
    throw invalidArgument('Read: a stream or $all is required');
  }

  if (countCase === ReadReq.Options.CountOptionCase.SUBSCRIPTION) {
    if (direction === 'backwards') throw invalidArgument('Read: subscriptions read forwards only');
    const pump =
      streamCase === ReadReq.Options.StreamOptionCase.STREAM
        ? streamSubscription(call, log, options, toMessage, filter)
        : streamCase === ReadReq.Options.StreamOptionCase.ALL
          ? allSubscription(call, log, options, toMessage, filter)
          : undefined;
    if (pump === undefined) throw invalidArgument('Read: a stream or $all is required');
    pump.start();
    return;
  }

  throw invalidArgument('Read: either count or subscription is required');
}

function allSubscription(
  call: ReadCall,
  log: EsdbLogDouble,
  options: streamsPb.ReadReq.Options,
  toMessage: (event: StoredEvent) => streamsPb.ReadResp,
  filter: EventFilterSpec | undefined,
): SubscriptionPump {
  const from = allPositionOf(options.getAll());
  const startIndex = from === 'start' ? 0 : from === 'end' ? log.size : log.indexAfter(from);
  const filterOptions = options.getFilter();
  const checkpointInterval =
    filterOptions === undefined
      ? undefined
      : Math.max(1, filterOptions.getCheckpointintervalmultiplier()) *
        (filterOptions.hasMax() ? Math.max(1, filterOptions.getMax()) : FILTER_WINDOW);
  return new SubscriptionPump(call, log, {
    startIndex,
    matches: (event) => matchesFilter(event, filter),
    toMessage,
    checkpointInterval,
  });
}

function streamSubscription(
  call: ReadCall,
  log: EsdbLogDouble,
  options: streamsPb.ReadReq.Options,
  toMessage: (event: StoredEvent) => streamsPb.ReadResp,
  filter: EventFilterSpec | undefined,
): SubscriptionPump {
  if (filter !== undefined) throw invalidArgument('Read: filters apply to $all only');
  const stream = options.getStream();
  const streamId = streamNameOf(stream?.getStreamIdentifier(), 'Read');
  const from = streamRevisionOf(stream);
  return new SubscriptionPump(call, log, {
    startIndex: from === 'end' ? log.size : 0,
    // A subscription from a revision starts strictly after it.
    matches: (event) =>
      event.streamId === streamId && (typeof from !== 'bigint' || event.revision > from),
    toMessage,
    checkpointInterval: undefined,
  });
}

interface PumpSpec {
  readonly startIndex: number;
  readonly matches: (event: StoredEvent) => boolean;
  readonly toMessage: (event: StoredEvent) => streamsPb.ReadResp;
  /** Filtered subscriptions report a checkpoint every this many considered events. */
  readonly checkpointInterval: number | undefined;
}

/**
 * One subscription: confirmation, then every matching event from its start (catch-up), then
 * `caughtUp`, then live events as they are appended, in log order, each exactly once.
 */
class SubscriptionPump {
  readonly #call: ReadCall;
  readonly #log: EsdbLogDouble;
  readonly #spec: PumpSpec;
  #cursor: number;
  #considered = 0;
  #caughtUp = false;
  #awaitingDrain = false;
  #ended = false;
  #unsubscribe: (() => void) | undefined;

  constructor(call: ReadCall, log: EsdbLogDouble, spec: PumpSpec) {
    this.#call = call;
    this.#log = log;
    this.#spec = spec;
    this.#cursor = spec.startIndex;
  }

  start(): void {
    const confirmation = new ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(randomUUID());
    const response = new ReadResp();
    response.setConfirmation(confirmation);
    this.#call.write(response);
    this.#unsubscribe = this.#log.onAppended(() => this.#pump());
    this.#call.on('cancelled', () => this.#stop());
    this.#call.on('close', () => this.#stop());
    this.#pump();
  }

  #stop(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#unsubscribe?.();
  }

  #pump(): void {
    if (this.#ended || this.#awaitingDrain) return;
    let writable = true;
    while (writable && this.#cursor < this.#log.size) {
      const event = this.#log.at(this.#cursor);
      this.#cursor += 1;
      if (event === undefined) break;
      if (this.#spec.matches(event)) writable = this.#call.write(this.#spec.toMessage(event));
      this.#considered += 1;
      const interval = this.#spec.checkpointInterval;
      if (interval !== undefined && this.#considered % interval === 0) {
        writable = this.#call.write(checkpointMessage(event)) && writable;
      }
    }
    if (!writable) {
      this.#awaitingDrain = true;
      this.#call.once('drain', () => {
        this.#awaitingDrain = false;
        this.#pump();
      });
      return;
    }
    if (!this.#caughtUp) {
      this.#caughtUp = true;
      const response = new ReadResp();
      response.setCaughtUp(new ReadResp.CaughtUp());
      this.#call.write(response);
    }
  }
}

async function writeAll(call: ReadCall, messages: readonly streamsPb.ReadResp[]): Promise<void> {
  for (const message of messages) {
    if (call.cancelled) return;
    if (!call.write(message)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          call.off('drain', done);
          call.off('cancelled', done);
          resolve();
        };
        call.on('drain', done);
        call.on('cancelled', done);
      });
    }
  }
}

function eventMessage(event: StoredEvent, structuredIds: boolean): streamsPb.ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(uuidMessage(event.id, structuredIds));
  recorded.setStreamIdentifier(streamIdentifier(event.streamId));
  recorded.setStreamRevision(event.revision.toString());
  recorded.setCommitPosition(event.position.toString());
  recorded.setPreparePosition(event.position.toString());
  const metadata = recorded.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('content-type', event.isJson ? 'application/json' : 'application/octet-stream');
  metadata.set('created', event.createdTicks.toString());
  recorded.setData(event.data);
  recorded.setCustomMetadata(event.customMetadata);
  const readEvent = new ReadResp.ReadEvent();
  readEvent.setEvent(recorded);
  readEvent.setCommitPosition(event.position.toString());
  const response = new ReadResp();
  response.setEvent(readEvent);
  return response;
}

function checkpointMessage(event: StoredEvent): streamsPb.ReadResp {
  const checkpoint = new ReadResp.Checkpoint();
  checkpoint.setCommitPosition(event.position.toString());
  checkpoint.setPreparePosition(event.position.toString());
  const response = new ReadResp();
  response.setCheckpoint(checkpoint);
  return response;
}

function filterOf(options: streamsPb.ReadReq.Options): EventFilterSpec | undefined {
  switch (options.getFilterOptionCase()) {
    case ReadReq.Options.FilterOptionCase.NO_FILTER:
      return undefined;
    case ReadReq.Options.FilterOptionCase.FILTER: {
      const filter = options.getFilter();
      const streamExpression = filter?.getStreamIdentifier();
      const typeExpression = filter?.getEventType();
      const expression = streamExpression ?? typeExpression;
      if (expression === undefined) {
        throw invalidArgument('Read: a filter needs a stream-name or an event-type expression');
      }
      const regex = expression.getRegex();
      if (regex !== '') {
        try {
          new RegExp(regex);
        } catch {
          throw invalidArgument(`Read: filter regex ${JSON.stringify(regex)} is not valid`);
        }
      }
      return {
        on: streamExpression === undefined ? 'event_type' : 'stream',
        prefixes: expression.getPrefixList(),
        regex,
      };
    }
    default:
      throw invalidArgument('Read: either filter or no_filter is required');
  }
}

function parseCount(raw: string): number {
  if (!/^\d+$/.test(raw))
    throw invalidArgument(`Read: count ${JSON.stringify(raw)} is not a uint64`);
  const count = BigInt(raw);
  return count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
}

function parseUint64(raw: string, field: string): bigint {
  if (!/^\d+$/.test(raw) || BigInt(raw) > 0xffff_ffff_ffff_ffffn) {
    throw invalidArgument(`${field} ${JSON.stringify(raw)} is not a uint64`);
  }
  return BigInt(raw);
}

function streamRevisionOf(
  stream: streamsPb.ReadReq.Options.StreamOptions | undefined,
): bigint | 'start' | 'end' {
  switch (stream?.getRevisionOptionCase()) {
    case ReadReq.Options.StreamOptions.RevisionOptionCase.START:
      return 'start';
    case ReadReq.Options.StreamOptions.RevisionOptionCase.END:
      return 'end';
    case ReadReq.Options.StreamOptions.RevisionOptionCase.REVISION:
      return parseUint64(stream?.getRevision() ?? '', 'Read: revision');
    default:
      throw invalidArgument('Read: the stream options need start, end or a revision');
  }
}

function allPositionOf(
  all: streamsPb.ReadReq.Options.AllOptions | undefined,
): LogPosition | 'start' | 'end' {
  switch (all?.getAllOptionCase()) {
    case ReadReq.Options.AllOptions.AllOptionCase.START:
      return 'start';
    case ReadReq.Options.AllOptions.AllOptionCase.END:
      return 'end';
    case ReadReq.Options.AllOptions.AllOptionCase.POSITION: {
      const position = all?.getPosition();
      return {
        commit: parseUint64(position?.getCommitPosition() ?? '', 'Read: commit position'),
        prepare: parseUint64(position?.getPreparePosition() ?? '', 'Read: prepare position'),
      };
    }
    default:
      throw invalidArgument('Read: the $all options need start, end or a position');
  }
}

// --- Append ----------------------------------------------------------------------------------

function handleAppend(
  requests: readonly streamsPb.AppendReq[],
  log: EsdbLogDouble,
  settings: StreamsSettings,
): streamsPb.AppendResp {
  const [head, ...rest] = requests;
  const options = head?.getOptions();
  if (options === undefined) {
    throw invalidArgument('Append: the first message must carry the options');
  }
  const streamId = streamNameOf(options.getStreamIdentifier(), 'Append');
  const expected = appendExpectation(options);
  const events = rest.map((request, index) => {
    const message = request.getProposedMessage();
    if (message === undefined) {
      throw invalidArgument(`Append: message ${index + 1} must be a proposed message`);
    }
    return proposedEvent(message, (property) => {
      throw new RpcFailure(
        status.INVALID_ARGUMENT,
        `Append: proposed message ${index + 1} lacks the "${property}" metadata`,
        {
          exception: 'missing-required-metadata-property',
          'required-metadata-properties': property,
        },
      );
    });
  });
  if (appendSize(events) > settings.maxAppendSize) {
    throw new RpcFailure(
      status.INVALID_ARGUMENT,
      `Append: the events exceed the maximum append size of ${settings.maxAppendSize} bytes`,
      {
        exception: 'maximum-append-size-exceeded',
        'maximum-append-size': String(settings.maxAppendSize),
      },
    );
  }

  const outcome = log.append(streamId, expected, events);
  const response = new AppendResp();
  if (outcome.kind === 'wrong_expected_version') {
    const wrong = new AppendResp.WrongExpectedVersion();
    if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new sharedPb.Empty());
    else wrong.setCurrentRevision(outcome.currentRevision.toString());
    switch (expected.kind) {
      case 'any':
        wrong.setExpectedAny(new sharedPb.Empty());
        break;
      case 'no_stream':
        wrong.setExpectedNoStream(new sharedPb.Empty());
        break;
      case 'stream_exists':
        wrong.setExpectedStreamExists(new sharedPb.Empty());
        break;
      case 'revision':
        wrong.setExpectedRevision(expected.revision.toString());
        break;
    }
    response.setWrongExpectedVersion(wrong);
    return response;
  }
  const success = new AppendResp.Success();
  if (outcome.currentRevision === undefined) success.setNoStream(new sharedPb.Empty());
  else success.setCurrentRevision(outcome.currentRevision.toString());
  const position = reportedPosition(outcome, settings);
  if (position === undefined) {
    success.setNoPosition(new sharedPb.Empty());
  } else {
    const grpcPosition = new AppendResp.Position();
    grpcPosition.setCommitPosition(position.toString());
    grpcPosition.setPreparePosition(position.toString());
    success.setPosition(grpcPosition);
  }
  response.setSuccess(success);
  return response;
}

function appendExpectation(options: streamsPb.AppendReq.Options): ExpectedState {
  const cases = streamsPb.AppendReq.Options.ExpectedStreamRevisionCase;
  switch (options.getExpectedStreamRevisionCase()) {
    case cases.ANY:
      return { kind: 'any' };
    case cases.NO_STREAM:
      return { kind: 'no_stream' };
    case cases.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    case cases.REVISION:
      return {
        kind: 'revision',
        revision: parseUint64(options.getRevision(), 'Append: expected revision'),
      };
    default:
      throw invalidArgument('Append: the options need an expected stream revision');
  }
}

function reportedPosition(
  outcome: Exclude<AppendOutcome, { kind: 'wrong_expected_version' }>,
  settings: StreamsSettings,
): bigint | undefined {
  if (outcome.kind === 'idempotent' && !settings.reportIdempotentPosition) return undefined;
  return outcome.position;
}

// --- BatchAppend -----------------------------------------------------------------------------

interface PendingBatch {
  readonly streamId: string;
  readonly expected: ExpectedState;
  readonly events: ProposedEvent[];
}

function handleBatchAppend(
  call: BatchAppendCall,
  log: EsdbLogDouble,
  settings: StreamsSettings,
): void {
  const pending = new Map<string, PendingBatch>();
  call.on('error', () => {
    // The client cancelled the stream; pending batches die with it, as on the server.
  });
  call.on('end', () => {
    if (!call.cancelled) call.end();
  });
  call.on('data', (request: streamsPb.BatchAppendReq) => {
    let correlationId: string;
    try {
      correlationId = uuidOf(request.getCorrelationId(), 'BatchAppend: correlation_id');
    } catch (error) {
      // Without a correlation id no answer can be routed: the whole stream is unusable.
      failCall(call, error);
      return;
    }
    const respond = (response: streamsPb.BatchAppendResp, streamId: string | undefined) => {
      response.setCorrelationId(request.getCorrelationId());
      if (streamId !== undefined) response.setStreamIdentifier(streamIdentifier(streamId));
      if (!call.cancelled) call.write(response);
    };
    const options = request.getOptions();
    const streamName = pending.get(correlationId)?.streamId ?? optionalStreamName(options);
    try {
      if (options !== undefined) {
        const deadline = options.getDeadline();
        if (deadline !== undefined && deadline.toDate().getTime() <= Date.now()) {
          pending.delete(correlationId);
          respond(errorResponse(timeoutStatus()), streamName);
          return;
        }
        pending.set(correlationId, {
          streamId: streamNameOf(options.getStreamIdentifier(), 'BatchAppend'),
          expected: batchExpectation(options),
          events: [],
        });
      }
      const batch = pending.get(correlationId);
      if (batch === undefined) {
        throw new Error('the first request of a batch must carry the options');
      }
      for (const message of request.getProposedMessagesList()) {
        batch.events.push(
          proposedEvent(message, (property) => {
            throw new Error(`a proposed message lacks the "${property}" metadata`);
          }),
        );
      }
      if (appendSize(batch.events) > settings.maxAppendSize) {
        pending.delete(correlationId);
        respond(errorResponse(maxAppendSizeStatus(settings.maxAppendSize)), batch.streamId);
        return;
      }
      if (!request.getIsFinal()) return;
      pending.delete(correlationId);
      const outcome = log.append(batch.streamId, batch.expected, batch.events);
      respond(batchResponse(outcome, batch.expected, settings), batch.streamId);
    } catch (error) {
      pending.delete(correlationId);
      const message = error instanceof Error ? error.message : String(error);
      respond(errorResponse(badRequestStatus(`BatchAppend: ${message}`)), streamName);
    }
  });
}

function optionalStreamName(
  options: streamsPb.BatchAppendReq.Options | undefined,
): string | undefined {
  const raw = options?.getStreamIdentifier()?.getStreamName_asU8();
  return raw === undefined || raw.length === 0 ? undefined : new TextDecoder().decode(raw);
}

function batchExpectation(options: streamsPb.BatchAppendReq.Options): ExpectedState {
  const cases = streamsPb.BatchAppendReq.Options.ExpectedStreamPositionCase;
  switch (options.getExpectedStreamPositionCase()) {
    case cases.ANY:
      return { kind: 'any' };
    case cases.NO_STREAM:
      return { kind: 'no_stream' };
    case cases.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    case cases.STREAM_POSITION:
      return {
        kind: 'revision',
        revision: parseUint64(options.getStreamPosition(), 'expected stream position'),
      };
    default:
      throw new Error('the options need an expected stream position');
  }
}

function batchResponse(
  outcome: AppendOutcome,
  expected: ExpectedState,
  settings: StreamsSettings,
): streamsPb.BatchAppendResp {
  if (outcome.kind === 'wrong_expected_version') {
    const response = errorResponse(wrongExpectedVersionStatus(outcome.currentRevision, expected));
    switch (expected.kind) {
      case 'any':
        response.setAny(new emptyPb.Empty());
        break;
      case 'no_stream':
        response.setNoStream(new emptyPb.Empty());
        break;
      case 'stream_exists':
        response.setStreamExists(new emptyPb.Empty());
        break;
      case 'revision':
        response.setStreamPosition(expected.revision.toString());
        break;
    }
    return response;
  }
  const success = new BatchAppendResp.Success();
  if (outcome.currentRevision === undefined) success.setNoStream(new emptyPb.Empty());
  else success.setCurrentRevision(outcome.currentRevision.toString());
  const position = reportedPosition(outcome, settings);
  if (position === undefined) {
    success.setNoPosition(new emptyPb.Empty());
  } else {
    const allPosition = new sharedPb.AllStreamPosition();
    allPosition.setCommitPosition(position.toString());
    allPosition.setPreparePosition(position.toString());
    success.setPosition(allPosition);
  }
  const response = new BatchAppendResp();
  response.setSuccess(success);
  return response;
}

function errorResponse(error: statusPb.Status): streamsPb.BatchAppendResp {
  const response = new BatchAppendResp();
  response.setError(error);
  return response;
}

function rpcStatus(
  code: codePb.Code,
  message: string,
  detail: { serializeBinary(): Uint8Array },
  typeName: string,
): statusPb.Status {
  const details = new anyPb.Any();
  details.pack(detail.serializeBinary(), typeName);
  const result = new statusPb.Status();
  result.setCode(code);
  result.setMessage(message);
  result.setDetails(details);
  return result;
}

function wrongExpectedVersionStatus(
  current: bigint | undefined,
  expected: ExpectedState,
): statusPb.Status {
  const detail = new sharedPb.WrongExpectedVersion();
  if (current === undefined) detail.setCurrentNoStream(new emptyPb.Empty());
  else detail.setCurrentStreamRevision(current.toString());
  switch (expected.kind) {
    case 'any':
      detail.setExpectedAny(new emptyPb.Empty());
      break;
    case 'no_stream':
      detail.setExpectedNoStream(new emptyPb.Empty());
      break;
    case 'stream_exists':
      detail.setExpectedStreamExists(new emptyPb.Empty());
      break;
    case 'revision':
      detail.setExpectedStreamPosition(expected.revision.toString());
      break;
  }
  return rpcStatus(
    codePb.Code.ALREADY_EXISTS,
    'WrongExpectedVersion',
    detail,
    'event_store.client.WrongExpectedVersion',
  );
}

function timeoutStatus(): statusPb.Status {
  return rpcStatus(
    codePb.Code.DEADLINE_EXCEEDED,
    'Timeout',
    new sharedPb.Timeout(),
    'event_store.client.Timeout',
  );
}

function maxAppendSizeStatus(maxAppendSize: number): statusPb.Status {
  const detail = new sharedPb.MaximumAppendSizeExceeded();
  detail.setMaxappendsize(maxAppendSize);
  return rpcStatus(
    codePb.Code.INVALID_ARGUMENT,
    'MaximumAppendSizeExceeded',
    detail,
    'event_store.client.MaximumAppendSizeExceeded',
  );
}

function badRequestStatus(message: string): statusPb.Status {
  const detail = new sharedPb.BadRequest();
  detail.setMessage(message);
  return rpcStatus(
    codePb.Code.INVALID_ARGUMENT,
    'BadRequest',
    detail,
    'event_store.client.BadRequest',
  );
}

// --- Shared message helpers ------------------------------------------------------------------

interface ProposedMessageLike {
  getId(): sharedPb.UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

function proposedEvent(
  message: ProposedMessageLike,
  missing: (property: string) => never,
): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (type === undefined) return missing('type');
  const contentType = metadata.get('content-type');
  if (contentType === undefined) return missing('content-type');
  return {
    id: uuidOf(message.getId(), 'proposed message id'),
    type,
    isJson: contentType === 'application/json',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function appendSize(events: readonly ProposedEvent[]): number {
  return events.reduce((size, event) => size + event.data.length + event.customMetadata.length, 0);
}

function streamNameOf(identifier: sharedPb.StreamIdentifier | undefined, rpc: string): string {
  const raw = identifier?.getStreamName_asU8();
  if (raw === undefined || raw.length === 0) {
    throw invalidArgument(`${rpc}: a non-empty stream name is required`);
  }
  return new TextDecoder().decode(raw);
}

function streamIdentifier(streamId: string): sharedPb.StreamIdentifier {
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(new TextEncoder().encode(streamId));
  return identifier;
}

function uuidOf(uuid: sharedPb.UUID | undefined, field: string): string {
  if (uuid?.hasString()) {
    const text = uuid.getString();
    if (!UUID_PATTERN.test(text)) {
      throw invalidArgument(`${field} ${JSON.stringify(text)} is not a UUID`);
    }
    return text.toLowerCase();
  }
  const structured = uuid?.getStructured();
  if (structured === undefined) throw invalidArgument(`${field} is required`);
  const half = (raw: string) => BigInt.asUintN(64, BigInt(raw)).toString(16).padStart(16, '0');
  const hex =
    half(structured.getMostSignificantBits()) + half(structured.getLeastSignificantBits());
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

function uuidMessage(id: string, structured: boolean): sharedPb.UUID {
  const uuid = new sharedPb.UUID();
  if (!structured) {
    uuid.setString(id);
    return uuid;
  }
  const hex = id.replaceAll('-', '');
  const half = (digits: string) => BigInt.asIntN(64, BigInt(`0x${digits}`)).toString();
  const bits = new sharedPb.UUID.Structured();
  bits.setMostSignificantBits(half(hex.slice(0, 16)));
  bits.setLeastSignificantBits(half(hex.slice(16)));
  uuid.setStructured(bits);
  return uuid;
}
