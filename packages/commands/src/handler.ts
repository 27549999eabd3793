import { randomUUID } from 'node:crypto';
import {
  admit,
  type Command,
  createLedgerState,
  type DomainError,
  type DomainEvent,
  decideMembershipCommand,
  decideNetworkCommand,
  decideOrganisationCommand,
  decideProjectCommand,
  decideSuccessStoryCommand,
  type EventMetadata,
  type EventType,
  err,
  eventRegistry,
  type LedgerState,
  ok,
  type Result,
  type Source,
  type ValidationIssue,
  validateEvent,
} from '@ledger/domain';
import {
  type EventData,
  type EventStore,
  type JsonObject,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { type SliceState, type StreamState, StreamStates } from './streamStates.ts';
import { referencedStreams, streamOfCommand } from './streams.ts';

export interface CommandRequest {
  /** A validated command; its `now` is the deciders' clock, set by the caller's trusted clock. */
  readonly command: Command;
  /** The revision of the command's stream the caller saw; `null` when it saw no such record. */
  readonly expectedRevision: number | null;
  /** Who records the facts: the authenticated identity, never a value from the request body. */
  readonly actor: string;
  readonly source: Source;
  readonly reason?: string | undefined;
  /** Groups the events of one operation; a fresh UUID when absent. */
  readonly correlationId?: string | undefined;
  readonly causationId?: string | undefined;
}

export interface CommandAccepted {
  readonly streamId: string;
  readonly events: readonly { readonly id: string; readonly type: EventType }[];
  /** Revision of the stream's last event after the append: the next command's `expectedRevision`. */
  readonly revision: number;
  /** Log position of the last event written: read models that reached it include this command. */
  readonly position: number;
}

export type CommandFailure =
  /** The stream moved on since the caller saw it; nothing was written. */
  | {
      readonly kind: 'conflict';
      readonly streamId: string;
      readonly expectedRevision: number | null;
      /** The stream's revision now; `null` when it has no events. */
      readonly currentRevision: number | null;
      readonly message: string;
    }
  /** A domain rule refused the command; nothing was written. */
  | { readonly kind: 'rejected'; readonly error: DomainError }
  /** The events or their metadata did not validate (e.g. an empty actor); nothing was written. */
  | { readonly kind: 'invalid'; readonly issues: readonly ValidationIssue[] };

export type CommandOutcome = Result<CommandAccepted, CommandFailure>;

export interface CommandHandlerOptions {
  readonly store: EventStore;
  /** How many streams' states to keep between commands. Default 10,000. */
  readonly cacheSize?: number;
  /** Event ids; random UUIDs by default. */
  readonly newId?: () => string;
}

export interface CommandHandler {
  /** Loads the command's stream, decides, and appends if the stream is still at `expectedRevision`. */
  execute(request: CommandRequest): Promise<CommandOutcome>;
  /** The revision of a stream's last event, `null` when it has none: what a caller "saw". */
  revisionOf(streamId: string): Promise<number | null>;
}

const conflict = (
  streamId: string,
  expectedRevision: number | null,
  currentRevision: number | null,
): CommandFailure => ({
  kind: 'conflict',
  streamId,
  expectedRevision,
  currentRevision,
  message: `${streamId} is at revision ${currentRevision === null ? 'none (no events yet)' : currentRevision}, not ${expectedRevision === null ? 'none' : expectedRevision} as expected: reload it and decide again`,
});

type Slice<C extends SliceState['category']> = Extract<SliceState, { readonly category: C }>;

const sliceOf = <C extends SliceState['category']>(slice: SliceState, category: C): Slice<C> => {
  if (slice.category !== category) {
    throw new TypeError(`a ${category} command was routed to a ${slice.category} stream`);
  }
  return slice as Slice<C>;
};

const decide = (command: Command, slice: SliceState): Result<DomainEvent[], DomainError> => {
  switch (command.type) {
    case 'RegisterNetwork':
    case 'ChangeNetworkProfile':
    case 'RecordRecognition':
    case 'RecordAffiliation':
      return decideNetworkCommand(command, sliceOf(slice, 'network').network);
    case 'RecordJoin':
    case 'ChangeMemberCategory':
    case 'RecordLeave':
    case 'ReportCensus':
    case 'CorrectMembershipRecord':
      return decideMembershipCommand(command, sliceOf(slice, 'network').membership);
    case 'RecordSuccessStory':
      return decideSuccessStoryCommand(command, sliceOf(slice, 'network').successStories);
    case 'RegisterOrganisation':
    case 'RenameOrganisation':
    case 'ChangeOrganisationProfile':
      return decideOrganisationCommand(command, sliceOf(slice, 'organisation').organisation);
    case 'RecordProjectFunding':
    case 'RecordProjectProposal':
    case 'AddProjectPartner':
    case 'CompleteProject':
      return decideProjectCommand(command, sliceOf(slice, 'project').project);
    default:
      return command satisfies never;
  }
};

/** One ledger state over several streams' shares; entries are shared, never copied. */
const combine = (states: readonly StreamState[]): LedgerState => {
  const ledger = createLedgerState();
  for (const { ledger: part } of states) {
    for (const [id, entry] of part.networks) ledger.networks.set(id, entry);
    for (const [id, entry] of part.organisations) ledger.organisations.set(id, entry);
    for (const [id, entry] of part.projects) ledger.projects.set(id, entry);
  }
  return ledger;
};

/**
 * Runs commands against the event store: load the stream (cached, tail read), fold, decide with
 * the slice's decider, have the domain admit each fact against the records it names, and append
 * with the caller's expected revision so a stale decision is never written.
 */
export function createCommandHandler(options: CommandHandlerOptions): CommandHandler {
  const { store } = options;
  const newId = options.newId ?? randomUUID;
  const states = new StreamStates(store, options.cacheSize ?? 10_000);

  const execute = async (request: CommandRequest): Promise<CommandOutcome> => {
    const { command, expectedRevision } = request;
    const streamId = streamOfCommand(command);
    const own = await states.load(streamId);
    if (own.revision !== expectedRevision) {
      return err(conflict(streamId, expectedRevision, own.revision));
    }
    const decided = decide(command, own.slice);
    if (!decided.ok) return err({ kind: 'rejected', error: decided.error });

    const references = [...new Set(decided.value.flatMap(referencedStreams))].filter(
      (stream) => stream !== streamId,
    );
    const referenced = await Promise.all(references.map((stream) => states.load(stream)));
    const ledger = combine([own, ...referenced]);
    const correlationId = request.correlationId ?? randomUUID();
    const recordedAt = command.now;
    const events: EventData[] = [];
    // Every decider records one fact per command, so each is admitted against the same state.
    for (const [index, event] of decided.value.entries()) {
      const metadata: EventMetadata = {
        actor: request.actor,
        source: request.source,
        ...(request.reason === undefined ? {} : { reason: request.reason }),
        correlationId,
        ...(request.causationId === undefined ? {} : { causationId: request.causationId }),
        schemaVersion: eventRegistry[event.type].version,
      };
      const validated = validateEvent({ ...event, metadata, stream: streamId });
      if (!validated.ok) return err({ kind: 'invalid', issues: validated.issues });
      const id = newId();
      const admitted = admit(
        ledger,
        {
          ...validated.event,
          id,
          streamId,
          revision: (expectedRevision ?? -1) + 1 + index,
          position: -1,
          recordedAt,
        },
        command.now,
      );
      if (!admitted.ok) return err({ kind: 'rejected', error: admitted.error });
      events.push({
        id,
        type: validated.event.type,
        data: validated.event.data as unknown as JsonObject,
        metadata: validated.event.metadata as unknown as JsonObject,
      });
    }

    try {
      const appended = await store.appendToStream(streamId, events, {
        expectedRevision: expectedRevision ?? 'no_stream',
      });
      return ok({
        streamId,
        events: events.map(({ id, type }) => ({ id, type: type as EventType })),
        revision: appended.nextExpectedRevision,
        position: appended.position,
      });
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        return err(
          conflict(streamId, expectedRevision, error.actual === 'no_stream' ? null : error.actual),
        );
      }
      throw error;
    }
  };

  const revisionOf = async (streamId: string): Promise<number | null> => {
    const read = await store.readStream(streamId, {
      direction: 'backwards',
      fromRevision: 'end',
      maxCount: 1,
    });
    return read.status === 'found' ? (read.events[0]?.revision ?? null) : null;
  };

  return { execute, revisionOf };
}
