/**
 * Behaviour shared by the adapters that own their storage (in-memory, embedded file) beyond the
 * port's conformance suite: argument checks, the injected clock, retries that only partly match,
 * and closing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../src/errors.ts';
import type { EventData, EventStore } from '../src/port.ts';

export type OpenLocalEventStore = (options: {
  clock?: () => Date;
}) => Promise<{ store: EventStore; cleanup: () => Promise<void> }>;

const eventOf = (type = 'Happened'): EventData => ({
  id: randomUUID(),
  type,
  data: { n: 1 },
  metadata: {},
});

async function withStore(
  open: OpenLocalEventStore,
  test: (store: EventStore) => Promise<void>,
  clock?: () => Date,
): Promise<void> {
  const { store, cleanup } = await open(clock === undefined ? {} : { clock });
  try {
    await test(store);
  } finally {
    await cleanup();
  }
}

export function describeLocalAdapterBehaviour(name: string, open: OpenLocalEventStore): void {
  describe(`${name}: local adapter behaviour`, () => {
    it('rejects bad append arguments naming the field, and writes nothing', async () => {
      await withStore(open, async (store) => {
        const invalid: [unknown[], RegExp][] = [
          [['', [eventOf()]], /streamId must be a non-empty string/],
          [['s-1', []], /events must be a non-empty array/],
          [
            ['s-1', [eventOf(), { ...eventOf(), id: 'not-a-uuid' }]],
            /events\[1\]\.id must be a UUID/,
          ],
          [['s-1', [{ ...eventOf(), type: '' }]], /events\[0\]\.type must be a non-empty string/],
          [
            ['s-1', [{ ...eventOf(), data: [1, 2] }]],
            /events\[0\]\.data must be a plain JSON object/,
          ],
          [
            ['s-1', [{ ...eventOf(), metadata: { big: 1n } }]],
            /events\[0\]\.metadata is not serialisable as JSON/,
          ],
          [['s-1', [eventOf()], { expectedRevision: -1 }], /options\.expectedRevision must be/],
          [['s-1', [eventOf()], { expectedRevision: 1.5 }], /options\.expectedRevision must be/],
        ];
        for (const [args, message] of invalid) {
          const append = store.appendToStream as (...a: unknown[]) => Promise<unknown>;
          await expect(append.apply(store, args)).rejects.toThrow(message);
        }
        const invalidMany: [unknown, RegExp][] = [
          [{ streamId: 's-1' }, /appendMany: requests must be an array/],
          [[null], /appendMany: requests\[0\] must be an object/],
          [
            [
              { streamId: 's-1', events: [eventOf()] },
              { streamId: 's-2', events: [] },
            ],
            /appendMany: requests\[1\]\.events must be a non-empty array/,
          ],
          [
            [{ streamId: 's-1', events: [eventOf()], expectedRevision: 'latest' }],
            /appendMany: requests\[0\]\.expectedRevision must be/,
          ],
          [
            [{ streamId: 's-1', events: [{ ...eventOf(), data: [] }] }],
            /appendMany: requests\[0\]\.events\[0\]\.data must be a plain JSON object/,
          ],
        ];
        for (const [requests, message] of invalidMany) {
          const appendMany = store.appendMany as (requests: unknown) => Promise<unknown>;
          await expect(appendMany.call(store, requests)).rejects.toThrow(message);
        }
        expect(await store.headPosition()).toBeNull();
      });
    });

    it('rejects bad read and subscribe options naming the option', async () => {
      await withStore(open, async (store) => {
        await expect(store.readStream('s-1', { maxCount: 0 })).rejects.toThrow(
          /readStream: options\.maxCount must be an integer >= 1/,
        );
        await expect(store.readStream('s-1', { fromRevision: -2 })).rejects.toThrow(
          /readStream: options\.fromRevision must be/,
        );
        expect(() => store.readAll({ filter: { eventTypePrefixes: [] } })).toThrow(
          /readAll: options\.filter\.eventTypePrefixes must be a non-empty array of strings/,
        );
        expect(() => store.readAll({ direction: 'sideways' as 'forwards' })).toThrow(
          /readAll: options\.direction must be 'forwards' or 'backwards'/,
        );
        expect(() => store.subscribeToAll({ after: -1 })).toThrow(
          /subscribeToAll: options\.after must be 'start', 'end' or an integer >= 0/,
        );
      });
    });

    it('takes recordedAt from its clock and never lets it run backwards along the log', async () => {
      const times = [
        '2024-05-01T10:00:00.000Z',
        '2024-05-01T09:00:00.000Z',
        '2024-05-01T11:00:00.000Z',
      ];
      let tick = 0;
      const clock = () => new Date(times[Math.min(tick++, times.length - 1)] ?? '');
      await withStore(
        open,
        async (store) => {
          await store.appendToStream('clock-1', [eventOf(), eventOf()]);
          await store.appendToStream('clock-2', [eventOf()]);
          await store.appendToStream('clock-1', [eventOf()]);
          const stamps = [];
          for await (const event of store.readAll()) stamps.push(event.recordedAt);
          expect(stamps).toEqual([
            '2024-05-01T10:00:00.000Z',
            '2024-05-01T10:00:00.000Z',
            '2024-05-01T10:00:00.000Z',
            '2024-05-01T11:00:00.000Z',
          ]);
        },
        clock,
      );
    });

    it('refuses a retry that matches an earlier append only in part', async () => {
      await withStore(open, async (store) => {
        const [a, b, c] = [eventOf(), eventOf(), eventOf()];
        await store.appendToStream('partial-1', [a, b], { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStream('partial-1', [a, c], { expectedRevision: 'no_stream' }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(store.appendToStream('partial-1', [a, b, c])).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        const read = await store.readStream('partial-1');
        expect(read.status === 'found' ? read.events.map((event) => event.id) : []).toEqual([
          a.id,
          b.id,
        ]);
      });
    });

    it('stores event ids in lower case, so a retry in another case is still recognised', async () => {
      await withStore(open, async (store) => {
        const event = eventOf();
        const upper = { ...event, id: event.id.toUpperCase() };
        const first = await store.appendToStream('case-1', [upper]);
        expect(await store.appendToStream('case-1', [event])).toEqual(first);
        const read = await store.readStream('case-1');
        expect(read.status === 'found' ? read.events.map((e) => e.id) : []).toEqual([event.id]);
      });
    });

    it('after close(), ends its subscriptions and refuses further calls', async () => {
      const { store, cleanup } = await open({});
      try {
        const subscription = store.subscribeToAll();
        const pending = subscription[Symbol.asyncIterator]().next();
        await store.close();
        expect(await pending).toEqual({ done: true, value: undefined });
        await expect(store.appendToStream('closed-1', [eventOf()])).rejects.toBeInstanceOf(
          EventStoreUnavailableError,
        );
        await expect(
          store.appendMany([{ streamId: 'closed-1', events: [eventOf()] }]),
        ).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
        expect(() => store.subscribeToAll()).toThrow(EventStoreUnavailableError);
      } finally {
        await cleanup();
      }
    });
  });
}
