/**
 * The one conformance suite every `EventStore` adapter must pass.
 *
 * It may run against a shared, long-lived server: it never assumes the global log is empty or
 * that nobody else appends meanwhile. Every test writes to its own streams (a random suffix per
 * run and per test) and uses its own event types, and reads of the global log are either
 * filtered to those streams or compared relative to `headPosition()`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '../src/errors.ts';
import type {
  EncodedAppendRequest,
  EncodedEventData,
  EventData,
  EventStore,
  JsonObject,
  ReadAllOptions,
  RecordedEvent,
  Subscription,
} from '../src/port.ts';

export type OpenEventStore = () => Promise<{
  store: EventStore;
  cleanup: () => Promise<void>;
}>;

const SUBSCRIPTION_TIMEOUT_MS = 10_000;
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const shortId = (): string => randomUUID().slice(0, 8);

function eventOf(type: string, data: JsonObject = {}): EventData {
  return { id: randomUUID(), type, data, metadata: { correlationId: randomUUID() } };
}

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/**
 * Takes `count` events from a running subscription, calling `onEvent` after each one (to append
 * while the subscription is running); fails with what was received if they do not all arrive.
 */
async function take(
  subscription: Subscription,
  count: number,
  onEvent: (event: RecordedEvent, index: number) => Promise<void> = async () => {},
): Promise<RecordedEvent[]> {
  const iterator = subscription[Symbol.asyncIterator]();
  const received: RecordedEvent[] = [];
  while (received.length < count) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `subscription delivered ${received.length} of ${count} events within ${SUBSCRIPTION_TIMEOUT_MS} ms`,
            ),
          ),
        SUBSCRIPTION_TIMEOUT_MS,
      );
    });
    try {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done === true) {
        throw new Error(`subscription ended after ${received.length} of ${count} events`);
      }
      received.push(next.value);
      await onEvent(next.value, received.length - 1);
    } finally {
      clearTimeout(timer);
    }
  }
  return received;
}

const idsOf = (events: readonly { readonly id: string }[]): string[] => events.map((e) => e.id);
const revisionsOf = (events: readonly RecordedEvent[]): number[] => events.map((e) => e.revision);

function expectStrictlyIncreasing(positions: readonly number[]): void {
  for (let i = 1; i < positions.length; i++) {
    expect(positions[i]).toBeGreaterThan(positions[i - 1] ?? Number.NEGATIVE_INFINITY);
  }
}

export function describeEventStoreConformance(name: string, open: OpenEventStore): void {
  describe(`${name}: event-store conformance`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void> = async () => {};
    const run = shortId();
    /** A stream category of its own for each test: `conf<run>_<label>_<random>`. */
    const categoryFor = (label: string): string => `conf${run}_${label}_${shortId()}`;
    const typeBaseFor = (label: string): string => `Conf${run}${label}${shortId()}`;

    beforeAll(async () => {
      ({ store, cleanup } = await open());
    });
    afterAll(async () => {
      await cleanup();
    });

    async function readAllOf(category: string, options: ReadAllOptions = {}) {
      return collect(store.readAll({ ...options, filter: { streamPrefixes: [category] } }));
    }

    async function streamIds(streamId: string): Promise<string[]> {
      const result = await store.readStream(streamId);
      return result.status === 'found' ? idsOf(result.events) : [];
    }

    async function expectConflict(
      attempt: Promise<unknown>,
      expected: WrongExpectedRevisionError['expected'],
      actual: WrongExpectedRevisionError['actual'],
    ): Promise<void> {
      const error: unknown = await attempt.then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ expected, actual });
    }

    describe('append and read a stream', () => {
      it('appends to a new stream and reads back every field', async () => {
        const stream = `${categoryFor('basic')}-1`;
        const events = [
          eventOf('ClusterRecognised', { clusterId: 'afil', year: 2014, tags: ['a', 'b'] }),
          eventOf('ClusterRenamed', {
            name: 'Associazione Fabbrica Intelligente',
            nested: { ok: true },
          }),
          eventOf('ClusterRenamed', { name: null }),
        ];
        const result = await store.appendToStream(stream, events, {
          expectedRevision: 'no_stream',
        });
        expect(result.nextExpectedRevision).toBe(2);

        const read = await store.readStream(stream);
        if (read.status !== 'found') throw new Error(`stream ${stream} not found after append`);
        expect(read.streamId).toBe(stream);
        expect(
          read.events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
        ).toEqual(events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })));
        expect(revisionsOf(read.events)).toEqual([0, 1, 2]);
        expect(read.events.every((event) => event.streamId === stream)).toBe(true);
        expectStrictlyIncreasing(read.events.map((event) => event.position));
        expect(read.events.at(-1)?.position).toBe(result.position);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(result.position);
      });

      it("gives { status: 'not_found' } for a stream that was never written", async () => {
        const stream = `${categoryFor('missing')}-1`;
        expect(await store.readStream(stream)).toEqual({ status: 'not_found', streamId: stream });
        expect(await store.readStream(stream, { direction: 'backwards' })).toEqual({
          status: 'not_found',
          streamId: stream,
        });
      });

      it('reads forwards and backwards, from a revision, with a maximum count', async () => {
        const stream = `${categoryFor('ranges')}-1`;
        await store.appendToStream(
          stream,
          [0, 1, 2, 3, 4].map((n) => eventOf('CounterTicked', { n })),
        );
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) => {
          const read = await store.readStream(stream, options);
          if (read.status !== 'found') throw new Error(`stream ${stream} not found`);
          return revisionsOf(read.events);
        };
        expect(await revisions({})).toEqual([0, 1, 2, 3, 4]);
        expect(await revisions({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]);
        expect(await revisions({ fromRevision: 2 })).toEqual([2, 3, 4]);
        expect(await revisions({ fromRevision: 2, maxCount: 2 })).toEqual([2, 3]);
        expect(await revisions({ direction: 'backwards', fromRevision: 3 })).toEqual([3, 2, 1, 0]);
        expect(await revisions({ direction: 'backwards', fromRevision: 3, maxCount: 2 })).toEqual([
          3, 2,
        ]);
        expect(await revisions({ fromRevision: 'start', maxCount: 1 })).toEqual([0]);
        expect(
          await revisions({ direction: 'backwards', fromRevision: 'end', maxCount: 2 }),
        ).toEqual([4, 3]);
        expect(await revisions({ fromRevision: 'end' })).toEqual([]);
        expect(await revisions({ fromRevision: 10 })).toEqual([]);
      });
    });

    describe('expected revision', () => {
      it("'no_stream' succeeds only while the stream has no events", async () => {
        const stream = `${categoryFor('nostream')}-1`;
        const first = await store.appendToStream(stream, [eventOf('Opened')], {
          expectedRevision: 'no_stream',
        });
        expect(first.nextExpectedRevision).toBe(0);
        await expectConflict(
          store.appendToStream(stream, [eventOf('Opened')], { expectedRevision: 'no_stream' }),
          'no_stream',
          0,
        );
        expect(await streamIds(stream)).toHaveLength(1);
      });

      it("'stream_exists' fails on a missing stream and succeeds on an existing one", async () => {
        const stream = `${categoryFor('exists')}-1`;
        await expectConflict(
          store.appendToStream(stream, [eventOf('Touched')], { expectedRevision: 'stream_exists' }),
          'stream_exists',
          'no_stream',
        );
        expect(await store.readStream(stream)).toEqual({ status: 'not_found', streamId: stream });
        await store.appendToStream(stream, [eventOf('Opened')]);
        const second = await store.appendToStream(stream, [eventOf('Touched')], {
          expectedRevision: 'stream_exists',
        });
        expect(second.nextExpectedRevision).toBe(1);
      });

      it("'any' (also the default) appends whatever the stream's state", async () => {
        const stream = `${categoryFor('any')}-1`;
        expect(
          (await store.appendToStream(stream, [eventOf('A')], { expectedRevision: 'any' }))
            .nextExpectedRevision,
        ).toBe(0);
        expect((await store.appendToStream(stream, [eventOf('B')])).nextExpectedRevision).toBe(1);
        expect(
          (await store.appendToStream(stream, [eventOf('C')], { expectedRevision: 'any' }))
            .nextExpectedRevision,
        ).toBe(2);
      });

      it('an exact revision succeeds when current, and a stale one fails and writes nothing', async () => {
        const stream = `${categoryFor('exact')}-1`;
        const first = await store.appendToStream(stream, [eventOf('A'), eventOf('B')], {
          expectedRevision: 'no_stream',
        });
        const second = await store.appendToStream(stream, [eventOf('C')], {
          expectedRevision: first.nextExpectedRevision,
        });
        expect(second.nextExpectedRevision).toBe(2);
        const before = await streamIds(stream);

        await expectConflict(
          store.appendToStream(stream, [eventOf('Stale')], { expectedRevision: 1 }),
          1,
          2,
        );
        await expectConflict(
          store.appendToStream(stream, [eventOf('Ahead')], { expectedRevision: 5 }),
          5,
          2,
        );
        await expectConflict(
          store.appendToStream(`${categoryFor('exact')}-missing`, [eventOf('A')], {
            expectedRevision: 0,
          }),
          0,
          'no_stream',
        );
        expect(await streamIds(stream)).toEqual(before);
        expect(await readAllOf(stream)).toHaveLength(3);
      });

      it('a multi-event append is atomic: on conflict none of its events is written', async () => {
        const category = categoryFor('atomic');
        const stream = `${category}-1`;
        await store.appendToStream(stream, [eventOf('A')], { expectedRevision: 'no_stream' });
        const batch = [eventOf('B'), eventOf('C'), eventOf('D')];
        await expectConflict(
          store.appendToStream(stream, batch, { expectedRevision: 'no_stream' }),
          'no_stream',
          0,
        );
        expect(await streamIds(stream)).toHaveLength(1);
        expect(idsOf(await readAllOf(category))).not.toContain(batch[0]?.id);

        const written = await store.appendToStream(stream, batch, { expectedRevision: 0 });
        expect(written.nextExpectedRevision).toBe(3);
        const fromLog = await readAllOf(category);
        expect(idsOf(fromLog).slice(1)).toEqual(idsOf(batch));
        expectStrictlyIncreasing(fromLog.map((event) => event.position));
      });
    });

    describe('appending to several streams at once (appendMany)', () => {
      it('appends the requests in order and returns one result per request', async () => {
        const category = categoryFor('many');
        const [a, b] = [`${category}-a`, `${category}-b`];
        const [a1, a2, b1, a3] = [eventOf('A1'), eventOf('A2'), eventOf('B1'), eventOf('A3')];
        const results = await store.appendMany([
          { streamId: a, events: [a1, a2], expectedRevision: 'no_stream' },
          { streamId: b, events: [b1], expectedRevision: 'no_stream' },
          // The same stream again: judged after the request before it.
          { streamId: a, events: [a3], expectedRevision: 1 },
        ]);
        expect(results.map((result) => result.nextExpectedRevision)).toEqual([1, 0, 2]);
        expectStrictlyIncreasing(results.map((result) => result.position));

        const log = await readAllOf(category);
        expect(idsOf(log)).toEqual(idsOf([a1, a2, b1, a3]));
        expect(log.map((event) => [event.streamId, event.revision])).toEqual([
          [a, 0],
          [a, 1],
          [b, 0],
          [a, 2],
        ]);
        expect(log.map((event) => event.position)).toEqual(
          expect.arrayContaining(results.map((result) => result.position)),
        );
        expect(await streamIds(a)).toEqual(idsOf([a1, a2, a3]));
        expect(await store.appendMany([])).toEqual([]);
      });

      it('checks each expected revision; a conflict writes nothing of the call when atomic', async () => {
        const category = categoryFor('manyconflict');
        const [a, b, c] = [`${category}-a`, `${category}-b`, `${category}-c`];
        const opening = eventOf('Opened');
        await store.appendToStream(a, [opening], { expectedRevision: 'no_stream' });
        const beforeConflict = eventOf('Written');
        await expectConflict(
          store.appendMany([
            { streamId: b, events: [beforeConflict], expectedRevision: 'no_stream' },
            { streamId: a, events: [eventOf('Stale')], expectedRevision: 'no_stream' },
            { streamId: c, events: [eventOf('After')] },
          ]),
          'no_stream',
          0,
        );
        expect(await streamIds(a)).toEqual([opening.id]);
        expect(await store.readStream(c)).toEqual({ status: 'not_found', streamId: c });
        if (store.capabilities.atomicMultiStreamAppend) {
          expect(await store.readStream(b)).toEqual({ status: 'not_found', streamId: b });
          expect(idsOf(await readAllOf(category))).toEqual([opening.id]);
        } else {
          // Stream by stream: what came before the failing request stays written.
          expect(await streamIds(b)).toEqual([beforeConflict.id]);
        }
      });

      it('a retried appendMany writes nothing new and returns the same results', async () => {
        const category = categoryFor('manyretry');
        const requests = [
          {
            streamId: `${category}-a`,
            events: [eventOf('A'), eventOf('B')],
            expectedRevision: 'no_stream' as const,
          },
          {
            streamId: `${category}-b`,
            events: [eventOf('C')],
            expectedRevision: 'no_stream' as const,
          },
        ];
        const first = await store.appendMany(requests);
        expect(await store.appendMany(requests)).toEqual(first);
        expect(await readAllOf(category)).toHaveLength(3);
      });

      it('checks every request before writing any, naming the request and the field', async () => {
        const category = categoryFor('manyargs');
        const attempt = store.appendMany([
          { streamId: `${category}-a`, events: [eventOf('A')] },
          { streamId: `${category}-b`, events: [{ ...eventOf('B'), id: 'not-a-uuid' }] },
        ]);
        await expect(attempt).rejects.toThrow(
          /appendMany: requests\[1\]\.events\[0\]\.id must be a UUID/,
        );
        await expect(
          store.appendMany([
            { streamId: `${category}-a`, events: [eventOf('A')] },
            { streamId: '', events: [eventOf('B')] },
          ]),
        ).rejects.toThrow(/appendMany: requests\[1\]\.streamId must be a non-empty string/);
        expect(await readAllOf(category)).toEqual([]);
      });
    });

    describe('appending encoded events (appendManyEncoded)', () => {
      const encode = (event: EventData): EncodedEventData => ({
        ...event,
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(event.metadata),
      });
      const appendManyEncoded = (requests: readonly EncodedAppendRequest[]) => {
        if (store.appendManyEncoded === undefined) {
          throw new Error('every adapter appends encoded events');
        }
        return store.appendManyEncoded(requests);
      };

      it('appends JSON text as appendMany appends objects, and a retry writes nothing new', async () => {
        const category = categoryFor('encoded');
        const [a, b] = [`${category}-a`, `${category}-b`];
        const [a1, b1, a2] = [
          eventOf('A1', { nested: { list: [1, 'two', null, true] }, text: 'é "quoted"' }),
          eventOf('B1'),
          eventOf('A2', { n: 2 }),
        ];
        const requests: EncodedAppendRequest[] = [
          { streamId: a, events: [encode(a1)], expectedRevision: 'no_stream' },
          { streamId: b, events: [encode(b1)], expectedRevision: 'no_stream' },
          { streamId: a, events: [encode(a2)], expectedRevision: 0 },
        ];
        const results = await appendManyEncoded(requests);
        expect(results.map((result) => result.nextExpectedRevision)).toEqual([0, 0, 1]);
        const log = await readAllOf(category);
        expect(log.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }))).toEqual(
          [a1, b1, a2].map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
        );
        expect(await appendManyEncoded(requests)).toEqual(results);
        expect(await readAllOf(category)).toHaveLength(3);
        expect(await appendManyEncoded([])).toEqual([]);
      });

      it('refuses text that is not the JSON of an object, naming the field, and writes nothing of the call', async () => {
        const category = categoryFor('encodedargs');
        const valid = encode(eventOf('A'));
        for (const [field, text] of [
          ['data', '{"unterminated": '],
          ['data', '[1, 2]'],
          ['metadata', "{'single': 'quotes'}"],
          ['metadata', '{"trailing": 1,}'],
        ] as const) {
          const attempt = appendManyEncoded([
            { streamId: `${category}-a`, events: [encode(eventOf('A'))] },
            {
              streamId: `${category}-b`,
              events: [encode(eventOf('B')), { ...encode(eventOf('C')), [field]: text }],
            },
          ]);
          await expect(attempt).rejects.toThrow(
            new RegExp(
              `appendManyEncoded: requests\\[1\\]\\.events\\[1\\]\\.${field} must be the JSON text of an object`,
            ),
          );
          await expect(attempt).rejects.toBeInstanceOf(TypeError);
        }
        expect(await readAllOf(category)).toEqual([]);
        await appendManyEncoded([{ streamId: `${category}-a`, events: [valid] }]);
        expect(idsOf(await readAllOf(category))).toEqual([valid.id]);
      });

      it('checks each expected revision; a conflict writes nothing of the call when atomic', async () => {
        const category = categoryFor('encodedconflict');
        const [a, b] = [`${category}-a`, `${category}-b`];
        const opening = eventOf('Opened');
        await store.appendToStream(a, [opening], { expectedRevision: 'no_stream' });
        await expectConflict(
          appendManyEncoded([
            { streamId: b, events: [encode(eventOf('Written'))], expectedRevision: 'no_stream' },
            { streamId: a, events: [encode(eventOf('Stale'))], expectedRevision: 'no_stream' },
          ]),
          'no_stream',
          0,
        );
        if (store.capabilities.atomicMultiStreamAppend) {
          expect(idsOf(await readAllOf(category))).toEqual([opening.id]);
        }
      });
    });

    describe('idempotent retries (client-chosen event ids)', () => {
      it('a retried append with the same ids writes nothing new and returns the same result', async () => {
        const stream = `${categoryFor('retry')}-1`;
        const batch = [eventOf('A'), eventOf('B')];
        const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        const retried = await store.appendToStream(stream, batch, {
          expectedRevision: 'no_stream',
        });
        expect(retried).toEqual(first);

        const next = [eventOf('C')];
        const third = await store.appendToStream(stream, next, { expectedRevision: 1 });
        expect(await store.appendToStream(stream, next, { expectedRevision: 1 })).toEqual(third);

        const loose = [eventOf('D'), eventOf('E')];
        const fourth = await store.appendToStream(stream, loose, { expectedRevision: 'any' });
        expect(await store.appendToStream(stream, loose, { expectedRevision: 'any' })).toEqual(
          fourth,
        );

        expect(await streamIds(stream)).toEqual(idsOf([...batch, ...next, ...loose]));
        expect(await readAllOf(stream)).toHaveLength(5);
      });

      it('a retry arriving after the stream moved on still returns the original result', async () => {
        const stream = `${categoryFor('lateretry')}-1`;
        const opening = [eventOf('Opened')];
        const first = await store.appendToStream(stream, opening, {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(stream, [eventOf('Changed')], { expectedRevision: 0 });
        expect(
          await store.appendToStream(stream, opening, { expectedRevision: 'no_stream' }),
        ).toEqual(first);
        expect(await streamIds(stream)).toHaveLength(2);
      });
    });

    describe('the global log', () => {
      it('reads forwards and backwards after a checkpoint, with a maximum count', async () => {
        const category = categoryFor('all');
        const checkpoint = (await store.headPosition()) ?? 'start';
        const a = eventOf('A', { n: 1 });
        const b = eventOf('B', { n: 2 });
        const c = eventOf('C', { n: 3 });
        await store.appendToStream(`${category}-1`, [a]);
        await store.appendToStream(`${category}-2`, [b]);
        await store.appendToStream(`${category}-1`, [c]);

        const unfiltered = (await collect(store.readAll({ after: checkpoint }))).filter((event) =>
          event.streamId.startsWith(category),
        );
        expect(idsOf(unfiltered)).toEqual(idsOf([a, b, c]));
        expect(unfiltered.map(({ data, metadata }) => ({ data, metadata }))).toEqual(
          [a, b, c].map(({ data, metadata }) => ({ data, metadata })),
        );
        expect(unfiltered.map((event) => [event.streamId, event.revision])).toEqual([
          [`${category}-1`, 0],
          [`${category}-2`, 0],
          [`${category}-1`, 1],
        ]);
        if (typeof checkpoint === 'number') {
          expect(unfiltered.every((event) => event.position > checkpoint)).toBe(true);
        }
        expectStrictlyIncreasing(unfiltered.map((event) => event.position));
        const [first, second, third] = unfiltered;
        if (first === undefined || second === undefined || third === undefined) {
          throw new Error('expected three events');
        }

        expect(idsOf(await readAllOf(category, { direction: 'backwards' }))).toEqual(
          idsOf([c, b, a]),
        );
        expect(idsOf(await readAllOf(category, { after: first.position }))).toEqual(idsOf([b, c]));
        expect(
          idsOf(await readAllOf(category, { direction: 'backwards', after: third.position })),
        ).toEqual(idsOf([b, a]));
        expect(idsOf(await readAllOf(category, { after: checkpoint, maxCount: 2 }))).toEqual(
          idsOf([a, b]),
        );
        expect(
          idsOf(await readAllOf(category, { direction: 'backwards', after: 'end', maxCount: 1 })),
        ).toEqual(idsOf([c]));
        expect(await readAllOf(category, { after: 'end' })).toEqual([]);
        expect(await readAllOf(category, { direction: 'backwards', after: 'start' })).toEqual([]);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(third.position);
      });

      it('filters by event-type prefixes and by stream prefixes, alone and together', async () => {
        const category = categoryFor('filter');
        const otherCategory = categoryFor('filterother');
        const type = typeBaseFor('Filter');
        const opened = eventOf(`${type}Opened`);
        const closed = eventOf(`${type}Closed`);
        const other = eventOf(`${type}Other`);
        const elsewhere = eventOf(`${type}Opened`);
        await store.appendToStream(`${category}-1`, [opened, closed]);
        await store.appendToStream(`${otherCategory}-1`, [elsewhere]);
        await store.appendToStream(`${category}-2`, [other]);

        const byType = await collect(
          store.readAll({ filter: { eventTypePrefixes: [`${type}O`] } }),
        );
        expect(idsOf(byType)).toEqual(idsOf([opened, elsewhere, other]));
        const byTypes = await collect(
          store.readAll({
            direction: 'backwards',
            filter: { eventTypePrefixes: [`${type}Closed`, `${type}Other`] },
          }),
        );
        expect(idsOf(byTypes)).toEqual(idsOf([other, closed]));
        const byStreams = await collect(
          store.readAll({ filter: { streamPrefixes: [`${category}-2`, otherCategory] } }),
        );
        expect(idsOf(byStreams)).toEqual(idsOf([elsewhere, other]));
        const both = await collect(
          store.readAll({
            filter: { eventTypePrefixes: [`${type}Opened`], streamPrefixes: [category] },
          }),
        );
        expect(idsOf(both)).toEqual(idsOf([opened]));
      });

      it('sets recordedAt from the store clock, the same wherever the event is read', async () => {
        const stream = `${categoryFor('clock')}-1`;
        const before = Date.now();
        await store.appendToStream(stream, [
          eventOf('Stamped', { recordedAt: '1999-01-01T00:00:00.000Z' }),
        ]);
        const after = Date.now();
        const read = await store.readStream(stream);
        if (read.status !== 'found') throw new Error(`stream ${stream} not found`);
        const [event] = read.events;
        expect(event?.recordedAt).toMatch(ISO_MILLIS);
        // Generous: a remote server's clock may differ a little from this machine's.
        const recordedAt = Date.parse(event?.recordedAt ?? '');
        expect(recordedAt).toBeGreaterThanOrEqual(before - 300_000);
        expect(recordedAt).toBeLessThanOrEqual(after + 300_000);
        const [fromLog] = await readAllOf(stream);
        expect(fromLog?.recordedAt).toBe(event?.recordedAt);
      });
    });

    describe('subscriptions to the global log', () => {
      it('from a checkpoint delivers every later matching event exactly once, in order, including events appended while it runs', async () => {
        const category = categoryFor('sub');
        const checkpoint = (await store.headPosition()) ?? 'start';
        const early = [eventOf('Early1'), eventOf('Early2')];
        await store.appendToStream(`${category}-1`, early);
        await store.appendToStream(`${categoryFor('subnoise')}-1`, [eventOf('Noise')]);
        const alsoEarly = eventOf('Early3');
        await store.appendToStream(`${category}-2`, [alsoEarly]);

        const subscription = store.subscribeToAll({
          after: checkpoint,
          filter: { streamPrefixes: [category] },
        });
        const during = [eventOf('During1'), eventOf('During2')];
        const late = eventOf('Late');
        try {
          const received = await take(subscription, 6, async (_, index) => {
            // Appended while the subscription is still catching up, then once it is live.
            if (index === 0) await store.appendToStream(`${category}-2`, during);
            if (index === 4) await store.appendToStream(`${category}-1`, [late]);
          });
          expect(idsOf(received)).toEqual(idsOf([...early, alsoEarly, ...during, late]));
          expectStrictlyIncreasing(received.map((event) => event.position));

          const sentinel = eventOf('Sentinel');
          await store.appendToStream(`${category}-3`, [sentinel]);
          const [next] = await take(subscription, 1);
          expect(next?.id).toBe(sentinel.id);
        } finally {
          await subscription.close();
        }
      }, 30_000);

      it('catches up over a backlog longer than one page, then stays live', async () => {
        const category = categoryFor('backlog');
        const checkpoint = (await store.headPosition()) ?? 'start';
        const backlog: EventData[] = [];
        for (let batch = 0; batch < 6; batch++) {
          const events = Array.from({ length: 200 }, (_, i) => eventOf('Filled', { i, batch }));
          await store.appendToStream(`${category}-${batch % 2}`, events);
          backlog.push(...events);
        }
        const subscription = store.subscribeToAll({
          after: checkpoint,
          filter: { streamPrefixes: [category] },
        });
        const live = eventOf('Live');
        try {
          const received = await take(subscription, backlog.length + 1, async (_, index) => {
            if (index === 700) await store.appendToStream(`${category}-live`, [live]);
          });
          expect(idsOf(received)).toEqual(idsOf([...backlog, live]));
          expect(received.at(-1)?.data).toEqual(live.data);
        } finally {
          await subscription.close();
        }
      }, 60_000);

      it('filters by event-type prefix', async () => {
        const category = categoryFor('subtype');
        const type = typeBaseFor('Sub');
        const checkpoint = (await store.headPosition()) ?? 'start';
        const wanted = [eventOf(`${type}Wanted`), eventOf(`${type}WantedToo`)];
        await store.appendToStream(`${category}-1`, [
          eventOf(`${type}Skipped`),
          wanted[0] as EventData,
        ]);
        const subscription = store.subscribeToAll({
          after: checkpoint,
          filter: { eventTypePrefixes: [`${type}Want`] },
        });
        try {
          const received = await take(subscription, 2, async (_, index) => {
            if (index === 0) {
              await store.appendToStream(`${category}-2`, [
                eventOf(`${type}Skipped`),
                wanted[1] as EventData,
              ]);
            }
          });
          expect(idsOf(received)).toEqual(idsOf(wanted));
        } finally {
          await subscription.close();
        }
      }, 30_000);

      it("from 'end' delivers only events appended after subscribing", async () => {
        const category = categoryFor('subend');
        await store.appendToStream(`${category}-1`, [eventOf('Before')]);
        const subscription = store.subscribeToAll({
          after: 'end',
          filter: { streamPrefixes: [category] },
        });
        const after = eventOf('After');
        try {
          await store.appendToStream(`${category}-1`, [after]);
          const [first] = await take(subscription, 1);
          expect(first?.id).toBe(after.id);
        } finally {
          await subscription.close();
        }
      }, 30_000);

      it('close() ends an iteration that is waiting for events', async () => {
        const subscription = store.subscribeToAll({
          after: 'end',
          filter: { streamPrefixes: [categoryFor('subclose')] },
        });
        const iterator = subscription[Symbol.asyncIterator]();
        const pending = iterator.next();
        await subscription.close();
        expect(await pending).toEqual({ done: true, value: undefined });
      });
    });
  });
}
