/**
 * Argument checks shared by the adapters that own their storage (memory, embedded): every bad
 * argument fails before any I/O, with an error naming the argument and the reason.
 */
import type {
  AppendOptions,
  AppendRequest,
  Direction,
  EncodedAppendRequest,
  EncodedEventData,
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
  /**
   * Set when data and metadata came encoded and their text has not been parsed here (the
   * storage checks it): the place of the request in error messages, `appendManyEncoded: requests[2].`.
   */
  readonly unverifiedJson?: string;
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

/**
 * Whether `id` is a UUID (8-4-4-4-12 hex digits, any case). Read by hand: every event appended
 * passes here, and the pattern took a fifth of the checks of a large import.
 */
const isUuid = (id: string): boolean => {
  if (id.length !== 36) return false;
  for (let at = 0; at < 36; at++) {
    const code = id.charCodeAt(at);
    if (at === 8 || at === 13 || at === 18 || at === 23) {
      if (code !== 45) return false;
    } else if (!((code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 102))) {
      return false;
    }
  }
  return true;
};

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

/** Whether `text` is the JSON text of an object, as `JSON.parse` reads it. */
export function isJsonObjectText(text: string): boolean {
  try {
    return isPlainObject(JSON.parse(text));
  } catch {
    return false;
  }
}

/**
 * Whether the first character of `text` that is not JSON whitespace opens an object: then, if
 * the text is valid JSON at all, it is the JSON of an object, so a storage that checks validity
 * (see `unverifiedJson`) need not parse it again for its type.
 */
function opensObject(text: string): boolean {
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    // space, tab, line feed, carriage return: JSON's whitespace
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return code === 123;
  }
  return false;
}

/** The JSON text of an encoded event's data or metadata, checked as far as `parseJson` asks. */
function encodedJson(
  text: unknown,
  parseJson: boolean,
  place: AppendPlace,
  index: number,
  field: string,
): string {
  if (typeof text !== 'string' || !opensObject(text) || (parseJson && !isJsonObjectText(text))) {
    throw new TypeError(`${fieldOf(place, index, field)} must be the JSON text of an object`);
  }
  return text;
}

/**
 * How each event's data and metadata become text: serialised (`EventData`), or taken as given
 * (`EncodedEventData`), parsed to check it unless the storage checks it itself.
 */
type Encoding =
  | { readonly encoded: false }
  | {
      readonly encoded: true;
      readonly parseJson: boolean;
      /** Written by `JSON.stringify` (`EncodedAppendOptions.serialised`): no one checks it again. */
      readonly serialised?: boolean;
    };

function checkEvents(
  events: unknown,
  place: AppendPlace,
  encoding: Encoding = { encoded: false },
): EncodedEvent[] {
  if (!Array.isArray(events) || events.length === 0) {
    throw new TypeError(`${place.operation}: ${place.prefix}events must be a non-empty array`);
  }
  return events.map((event: EventData | EncodedEventData, index): EncodedEvent => {
    if (typeof event !== 'object' || event === null) {
      throw new TypeError(`${fieldOf(place, index, '')} must be an object`);
    }
    const { id, type } = event;
    if (typeof id !== 'string' || !isUuid(id)) {
      throw new TypeError(`${fieldOf(place, index, '.id')} must be a UUID, got ${describe(id)}`);
    }
    if (typeof type !== 'string' || type.length === 0) {
      throw new TypeError(
        `${fieldOf(place, index, '.type')} must be a non-empty string, got ${describe(type)}`,
      );
    }
    if (encoding.encoded) {
      const { parseJson } = encoding;
      return {
        id: id.toLowerCase(),
        type,
        data: encodedJson(event.data, parseJson, place, index, '.data'),
        metadata: encodedJson(event.metadata, parseJson, place, index, '.metadata'),
      };
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

function checkRequests(
  requests: readonly (AppendRequest | EncodedAppendRequest)[],
  operation: string,
  encoding: Encoding,
): AppendInput[] {
  if (!Array.isArray(requests)) {
    throw new TypeError(`${operation}: requests must be an array, got ${describe(requests)}`);
  }
  return requests.map((request: AppendRequest | EncodedAppendRequest, index): AppendInput => {
    const prefix = `requests[${index}].`;
    const place: AppendPlace = { operation, prefix, expectedField: `${prefix}expectedRevision` };
    if (typeof request !== 'object' || request === null) {
      throw new TypeError(`${operation}: requests[${index}] must be an object`);
    }
    const input: AppendInput = {
      streamId: checkStreamId(request.streamId, operation, `${prefix}streamId`),
      events: checkEvents(request.events, place, encoding),
      expected: checkExpected(request.expectedRevision, place),
    };
    return encoding.encoded && !encoding.parseJson && encoding.serialised !== true
      ? { ...input, unverifiedJson: `${operation}: ${prefix}` }
      : input;
  });
}

/** Checks every request of an `appendMany` before anything is written; `[]` for an empty list. */
export function checkAppendMany(requests: readonly AppendRequest[]): AppendInput[] {
  return checkRequests(requests, 'appendMany', { encoded: false });
}

/**
 * The same for `appendManyEncoded`. With `parseJson`, every data and metadata text is parsed to
 * check it is a JSON object; without, only that it opens an object, and the adapter's storage
 * must check it is valid JSON before committing (the inputs carry `unverifiedJson`).
 */
export function checkAppendManyEncoded(
  requests: readonly EncodedAppendRequest[],
  parseJson: boolean,
  serialised = false,
): AppendInput[] {
  return checkRequests(requests, 'appendManyEncoded', { encoded: true, parseJson, serialised });
}

/** The error for an event whose encoded data or metadata the storage found not to be a JSON object. */
export function notJsonObject(input: AppendInput, index: number): TypeError {
  const event = input.events[index];
  const field = event !== undefined && !isJsonObjectText(event.data) ? 'data' : 'metadata';
  return new TypeError(
    `${input.unverifiedJson ?? ''}events[${index}].${field} must be the JSON text of an object`,
  );
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
