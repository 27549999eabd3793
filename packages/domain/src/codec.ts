import {
  type DomainEvent,
  type EventType,
  eventRegistry,
  isEventType,
  streamOf,
} from './registry.ts';
import type { EventEnvelope } from './shared/envelope.ts';
import { EventId } from './shared/ids.ts';
import { toValidationIssues, type ValidationIssue } from './shared/issues.ts';
import { EventMetadata } from './shared/metadata.ts';

/** An event as written by a client or read from an interchange line, not yet trusted. */
export interface UnvalidatedEvent {
  readonly type: unknown;
  readonly data: unknown;
  readonly metadata: unknown;
  /** When given, the event must belong to this stream (e.g. `network-afil` for a MemberJoined in AFIL). */
  readonly stream?: string;
}

/** A validated event with its metadata, in the current schema version of its type. */
export type ValidatedEvent = DomainEvent & { readonly metadata: EventMetadata };

export type ValidationResult<T> =
  | { readonly ok: true; readonly event: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** The part of a stored event this package reads (the store's `RecordedEvent` fits). */
export interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly recordedAt: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

type DataOutcome =
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly issues: ValidationIssue[] };

/** Lifts `data` from `version` to the type's current version, one upcaster at a time. */
const upcast = (type: EventType, version: number, data: unknown): DataOutcome => {
  const definition = eventRegistry[type];
  let current = data;
  for (let from = version; from < definition.version; from += 1) {
    const upcaster = definition.upcasters.find((candidate) => candidate.fromVersion === from);
    if (upcaster === undefined) {
      return {
        ok: false,
        issues: [
          {
            field: 'metadata.schemaVersion',
            reason: `is ${from}, which ${type} can no longer read`,
          },
        ],
      };
    }
    const lifted = upcaster.upcast(current);
    if (!lifted.success) {
      return { ok: false, issues: toValidationIssues(lifted.error, current, 'data') };
    }
    current = lifted.data;
  }
  return { ok: true, data: current };
};

const decodeData = (type: EventType, metadata: unknown, data: unknown): DataOutcome => {
  const definition = eventRegistry[type];
  const declared = (metadata as { schemaVersion?: unknown } | null)?.schemaVersion;
  const version =
    typeof declared === 'number' && Number.isInteger(declared) && declared >= 1
      ? declared
      : definition.version;
  if (version > definition.version) {
    return {
      ok: false,
      issues: [
        {
          field: 'metadata.schemaVersion',
          reason: `must be at most ${definition.version}, the current version of ${type}`,
        },
      ],
    };
  }
  const lifted = upcast(type, version, data);
  if (!lifted.ok) return lifted;
  const parsed = definition.schema.safeParse(lifted.data);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, issues: toValidationIssues(parsed.error, lifted.data, 'data') };
};

/** What validating an event's metadata found: the same for the same metadata, whatever the event. */
export type MetadataCheck = ReturnType<typeof EventMetadata.safeParse>;

/**
 * Validates metadata alone, for a caller that meets the same metadata many times (the lines of
 * an import file share their actor and source) to validate it once and hand the check to
 * `validateEvent`.
 */
export const checkMetadata = (metadata: unknown): MetadataCheck =>
  EventMetadata.safeParse(metadata);

/**
 * Validates an event before it is stored or imported. Data written with an older schema version
 * (per `metadata.schemaVersion`) is upcast first; the result is always in the current version.
 * Every issue names its field as a dotted path from the event root (`data.effectiveDate`).
 */
export const validateEvent = (input: UnvalidatedEvent): ValidationResult<ValidatedEvent> =>
  validateEventWithCheckedMetadata(input);

/**
 * `validateEvent`, given `checkMetadata` of metadata equal to `input.metadata` when the caller
 * already has it. A function of its own, so that `validateEvent` passed as a callback never takes
 * the callback's second argument for a check.
 */
export const validateEventWithCheckedMetadata = (
  input: UnvalidatedEvent,
  metadataCheck?: MetadataCheck,
): ValidationResult<ValidatedEvent> => {
  const { type } = input;
  if (typeof type !== 'string' || !isEventType(type)) {
    return {
      ok: false,
      issues: [
        {
          field: 'type',
          reason:
            typeof type === 'string'
              ? `must be a known event type, not "${type}"`
              : 'must be the name of an event type',
        },
      ],
    };
  }
  const metadata = metadataCheck ?? checkMetadata(input.metadata);
  const data = decodeData(type, input.metadata, input.data);
  if (!metadata.success || !data.ok) {
    return {
      ok: false,
      issues: [
        ...(metadata.success ? [] : toValidationIssues(metadata.error, input.metadata, 'metadata')),
        ...(data.ok ? [] : data.issues),
      ],
    };
  }
  const event = {
    type,
    data: data.data,
    metadata: { ...metadata.data, schemaVersion: eventRegistry[type].version },
  } as ValidatedEvent;
  if (input.stream !== undefined) {
    const expected = streamOf(event);
    if (input.stream !== expected) {
      const { idField } = eventRegistry[type];
      return {
        ok: false,
        issues: [
          { field: 'stream', reason: `must be "${expected}", the stream of data.${idField}` },
        ],
      };
    }
  }
  return { ok: true, event };
};

/**
 * Reads an event from the store into a typed envelope: upcasts old schema versions, validates,
 * and checks the event belongs to the stream it was read from.
 */
export const parseStoredEvent = (
  recorded: StoredEvent,
): ValidationResult<EventEnvelope<DomainEvent>> => {
  const idOk = EventId.safeParse(recorded.id).success;
  const idIssues = idOk ? [] : [{ field: 'id', reason: 'must be a UUID' }];
  const validated = validateEvent({
    type: recorded.type,
    data: recorded.data,
    metadata: recorded.metadata,
  });
  if (!validated.ok) return { ok: false, issues: [...idIssues, ...validated.issues] };
  const expected = streamOf(validated.event);
  if (!idOk || recorded.streamId !== expected) {
    const streamIssues =
      recorded.streamId === expected
        ? []
        : [{ field: 'streamId', reason: `must be "${expected}" for this event's data` }];
    return { ok: false, issues: [...idIssues, ...streamIssues] };
  }
  return {
    ok: true,
    event: {
      ...validated.event,
      id: recorded.id,
      streamId: recorded.streamId,
      revision: recorded.revision,
      position: recorded.position,
      recordedAt: recorded.recordedAt,
    },
  };
};
