/**
 * Argument checks shared by the adapters that own their storage (memory, embedded): every bad
 * argument fails before any I/O, with an error naming the argument and the reason.
 */
import type {
  AppendOptions,
  AppendRequest,
  Direction,
  EventData,
  EventFilter,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
} from './port.ts';

/** An event ready to store: id normalised to lower case, data and metadata serialised once. */
export interface EncodedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

export interface AppendInput {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly EncodedEvent[];
}

export interface NormalisedFilter {
  readonly eventTypePrefixes: readonly string[] | undefined;
  readonly streamPrefixes: readonly string[] | undefined;
}

export interface ReadStreamInput {
  readonly direction: Direction;
  readonly fromRevision: number | 'start' | 'end';
  readonly maxCount: number;
}

export interface ReadAllInput {
  readonly direction: Direction;
  readonly after: number | 'start' | 'end';
  readonly maxCount: number;
  readonly filter: NormalisedFilter;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const describe = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : String(value);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function checkStreamId(streamId: unknown, operation: string, field = 'streamId'): string {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new TypeError(
      `${operation}: ${field} must be a non-empty string, got ${describe(streamId)}`,
    );
  }
  return streamId;
}

function isRevision(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Where an append's arguments sit, for error messages: `appendToStream: events[1].id`. */
interface AppendPlace {
  readonly operation: string;
  /** Prefix of the stream and event fields (`requests[2].` in an `appendMany`). */
  readonly prefix: string;
  readonly expectedField: string;
}

const TO_STREAM: AppendPlace = {
  operation: 'appendToStream',
  prefix: '',
  expectedField: 'options.expectedRevision',
};

function checkExpected(value: unknown, place: AppendPlace): ExpectedRevision {
  if (value === undefined) return 'any';
  if (value === 'any' || value === 'no_stream' || value === 'stream_exists' || isRevision(value)) {
    return value;
  }
  throw new TypeError(
    `${place.operation}: ${place.expectedField} must be 'any', 'no_stream', 'stream_exists' or a revision (integer >= 0), got ${describe(value)}`,
  );
}

/** Field paths are spelled out only on failure: the checks run for every event of every append. */
const fieldOf = (place: AppendPlace, index: number, field: string): string =>
  `${place.operation}: ${place.prefix}events[${index}]${field}`;

function encodeJson(value: unknown, place: AppendPlace, index: number, field: string): string {
  if (!isPlainObject(value)) {
    throw new TypeError(`${fieldOf(place, index, field)} must be a plain JSON object`);
  }
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new TypeError(
      `${fieldOf(place, index, field)} is not serialisable as JSON (${(error as Error).message})`,
      { cause: error },
    );
  }
}

function checkEvents(events: unknown, place: AppendPlace): EncodedEvent[] {
  if (!Array.isArray(events) || events.length === 0) {
    throw new TypeError(`${place.operation}: ${place.prefix}events must be a non-empty array`);
  }
  return events.map((event: EventData, index): EncodedEvent => {
    if (typeof event !== 'object' || event === null) {
      throw new TypeError(`${fieldOf(place, index, '')} must be an object`);
    }
    const { id, type } = event;
    if (typeof id !== 'string' || !UUID.test(id)) {
      throw new TypeError(`${fieldOf(place, index, '.id')} must be a UUID, got ${describe(id)}`);
    }
    if (typeof type !== 'string' || type.length === 0) {
      throw new TypeError(
        `${fieldOf(place, index, '.type')} must be a non-empty string, got ${describe(type)}`,
      );
    }
    return {
      id: id.toLowerCase(),
      type,
      data: encodeJson(event.data, place, index, '.data'),
      metadata: encodeJson(event.metadata, place, index, '.metadata'),
    };
  });
}

export function checkAppend(
  streamId: unknown,
  events: readonly EventData[],
  options: AppendOptions | undefined,
): AppendInput {
  const checkedStream = checkStreamId(streamId, TO_STREAM.operation);
  return {
    streamId: checkedStream,
    events: checkEvents(events, TO_STREAM),
    expected: checkExpected(options?.expectedRevision, TO_STREAM),
  };
}

/** Checks every request of an `appendMany` before anything is written; `[]` for an empty list. */
export function checkAppendMany(requests: readonly AppendRequest[]): AppendInput[] {
  if (!Array.isArray(requests)) {
    throw new TypeError(`appendMany: requests must be an array, got ${describe(requests)}`);
  }
  return requests.map((request: AppendRequest, index): AppendInput => {
    const prefix = `requests[${index}].`;
    const place: AppendPlace = {
      operation: 'appendMany',
      prefix,
      expectedField: `${prefix}expectedRevision`,
    };
    if (typeof request !== 'object' || request === null) {
      throw new TypeError(`appendMany: requests[${index}] must be an object`);
    }
    return {
      streamId: checkStreamId(request.streamId, 'appendMany', `${prefix}streamId`),
      events: checkEvents(request.events, place),
      expected: checkExpected(request.expectedRevision, place),
    };
  });
}

function checkDirection(value: unknown, operation: string): Direction {
  if (value === undefined) return 'forwards';
  if (value === 'forwards' || value === 'backwards') return value;
  throw new TypeError(
    `${operation}: options.direction must be 'forwards' or 'backwards', got ${describe(value)}`,
  );
}

function checkMaxCount(value: unknown, operation: string): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new TypeError(
    `${operation}: options.maxCount must be an integer >= 1, got ${describe(value)}`,
  );
}

function checkBound(value: unknown, field: string, operation: string): number | 'start' | 'end' {
  if (value === 'start' || value === 'end' || isRevision(value)) return value;
  throw new TypeError(
    `${operation}: options.${field} must be 'start', 'end' or an integer >= 0, got ${describe(value)}`,
  );
}

function checkPrefixes(
  value: unknown,
  field: string,
  operation: string,
): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((prefix): prefix is string => typeof prefix === 'string')
  ) {
    throw new TypeError(
      `${operation}: options.filter.${field} must be a non-empty array of strings when given`,
    );
  }
  return [...value];
}

export function checkFilter(filter: EventFilter | undefined, operation: string): NormalisedFilter {
  if (filter === undefined) return { eventTypePrefixes: undefined, streamPrefixes: undefined };
  if (typeof filter !== 'object' || filter === null) {
    throw new TypeError(`${operation}: options.filter must be an object`);
  }
  return {
    eventTypePrefixes: checkPrefixes(filter.eventTypePrefixes, 'eventTypePrefixes', operation),
    streamPrefixes: checkPrefixes(filter.streamPrefixes, 'streamPrefixes', operation),
  };
}

export function matchesFilter(filter: NormalisedFilter, streamId: string, type: string): boolean {
  const { eventTypePrefixes, streamPrefixes } = filter;
  return (
    (eventTypePrefixes === undefined || eventTypePrefixes.some((p) => type.startsWith(p))) &&
    (streamPrefixes === undefined || streamPrefixes.some((p) => streamId.startsWith(p)))
  );
}

export function checkReadStream(options: ReadStreamOptions | undefined): ReadStreamInput {
  const direction = checkDirection(options?.direction, 'readStream');
  const fromRevision =
    options?.fromRevision === undefined
      ? direction === 'forwards'
        ? 'start'
        : 'end'
      : checkBound(options.fromRevision, 'fromRevision', 'readStream');
  return { direction, fromRevision, maxCount: checkMaxCount(options?.maxCount, 'readStream') };
}

export function checkReadAll(options: ReadAllOptions | undefined): ReadAllInput {
  const direction = checkDirection(options?.direction, 'readAll');
  const after =
    options?.after === undefined
      ? direction === 'forwards'
        ? 'start'
        : 'end'
      : checkBound(options.after, 'after', 'readAll');
  return {
    direction,
    after,
    maxCount: checkMaxCount(options?.maxCount, 'readAll'),
    filter: checkFilter(options?.filter, 'readAll'),
  };
}

export function checkSubscribe(options: SubscribeOptions | undefined): {
  readonly after: number | 'start' | 'end';
  readonly filter: NormalisedFilter;
} {
  return {
    after:
      options?.after === undefined ? 'start' : checkBound(options.after, 'after', 'subscribeToAll'),
    filter: checkFilter(options?.filter, 'subscribeToAll'),
  };
}
