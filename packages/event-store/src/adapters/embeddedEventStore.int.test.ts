import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEventStoreConformance } from '../../test/conformance.ts';
import { describeLocalAdapterBehaviour } from '../../test/localAdapterBehaviour.ts';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors.ts';
import { withHashChain } from '../integrity/hashChain.ts';
import { verifyEvents } from '../integrity/verify.ts';
import type { EventData, EventStore, RecordedEvent } from '../port.ts';
import { openEmbeddedEventStore } from './embeddedEventStore.ts';

const scratch = await mkdtemp(join(tmpdir(), 'ledger-embedded-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const newFile = () => join(scratch, randomUUID(), 'nested', 'ledger.sqlite');

const openOnNewFile = async (options: { clock?: () => Date }) => {
  const store = await openEmbeddedEventStore({ file: newFile(), ...options });
  return { store, cleanup: () => store.close() };
};

const eventOf = (type: string, n = 0): EventData => ({
  id: randomUUID(),
  type,
  data: { n },
  metadata: { actor: 'test' },
});

describeEventStoreConformance('embedded', () => openOnNewFile({}));
describeLocalAdapterBehaviour('embedded', openOnNewFile);

describe('embedded event store file', () => {
  it('keeps every event, revision, position and timestamp across close and reopen', async () => {
    const file = newFile();
    const first = await openEmbeddedEventStore({ file });
    await first.appendToStream('organisation-a', [eventOf('Registered'), eventOf('Renamed', 1)]);
    await first.appendToStream('organisation-b', [eventOf('Registered')]);
    const before: RecordedEvent[] = [];
    for await (const event of first.readAll()) before.push(event);
    await first.close();

    const reopened = await openEmbeddedEventStore({ file });
    try {
      const after: RecordedEvent[] = [];
      for await (const event of reopened.readAll()) after.push(event);
      expect(after).toEqual(before);
      expect(await reopened.headPosition()).toBe(before.at(-1)?.position);
      await expect(
        reopened.appendToStream('organisation-a', [eventOf('Renamed')], { expectedRevision: 0 }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      const next = await reopened.appendToStream('organisation-a', [eventOf('Renamed', 2)], {
        expectedRevision: 1,
      });
      expect(next.nextExpectedRevision).toBe(2);
      expect(next.position).toBeGreaterThan(before.at(-1)?.position ?? 0);
    } finally {
      await reopened.close();
    }
  });

  it('lets two store instances share one file: each sees the other, through reads and subscriptions', async () => {
    const file = newFile();
    const writer = await openEmbeddedEventStore({ file });
    const reader = await openEmbeddedEventStore({ file, pollIntervalMs: 50 });
    const subscription = reader.subscribeToAll({ after: 'start' });
    try {
      const iterator = subscription[Symbol.asyncIterator]();
      const written = [eventOf('Registered', 1), eventOf('Renamed', 2), eventOf('Renamed', 3)];
      await writer.appendToStream('organisation-x', written.slice(0, 2), {
        expectedRevision: 'no_stream',
      });
      const firstTwo = [await iterator.next(), await iterator.next()].map((r) => r.value?.id);
      expect(firstTwo).toEqual([written[0]?.id, written[1]?.id]);

      // Nothing notifies the reader in-process: it finds the writer's commit by polling the file.
      const pending = iterator.next();
      await writer.appendToStream('organisation-x', written.slice(2), { expectedRevision: 1 });
      expect((await pending).value?.id).toBe(written[2]?.id);

      await expect(
        reader.appendToStream('organisation-x', [eventOf('Renamed')], { expectedRevision: 1 }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await reader.appendToStream('organisation-x', [eventOf('Renamed', 4)], {
        expectedRevision: 2,
      });
      const read = await writer.readStream('organisation-x');
      expect(read.status === 'found' ? read.events.map((e) => e.data) : []).toEqual([
        { n: 1 },
        { n: 2 },
        { n: 3 },
        { n: 4 },
      ]);
    } finally {
      await subscription.close();
      await reader.close();
      await writer.close();
    }
  });

  it('forgets the streams a rolled-back appendMany created, whose keys the next streams reuse', async () => {
    const store = await openEmbeddedEventStore({ file: newFile() });
    try {
      await store.appendToStream('organisation-a', [eventOf('Registered')]);
      await expect(
        store.appendMany([
          { streamId: 'organisation-rolled-back', events: [eventOf('Registered')] },
          { streamId: 'organisation-a', events: [eventOf('Renamed')], expectedRevision: 5 },
        ]),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await store.appendToStream('organisation-b', [eventOf('Registered')]);
      const streams: string[] = [];
      for await (const event of store.readAll()) streams.push(event.streamId);
      expect(streams).toEqual(['organisation-a', 'organisation-b']);
      expect(await store.readStream('organisation-rolled-back')).toEqual({
        status: 'not_found',
        streamId: 'organisation-rolled-back',
      });
    } finally {
      await store.close();
    }
  });

  it('uses write-ahead logging, so readers never block the writer', async () => {
    const file = newFile();
    const store = await openEmbeddedEventStore({ file });
    await store.close();
    const raw = new DatabaseSync(file, { readOnly: true });
    try {
      expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    } finally {
      raw.close();
    }
  });

  it('refuses a file that is not an event store, naming it', async () => {
    const foreignDb = join(scratch, `${randomUUID()}.sqlite`);
    const other = new DatabaseSync(foreignDb);
    other.exec('CREATE TABLE notes (body TEXT)');
    other.close();
    await expect(openEmbeddedEventStore({ file: foreignDb })).rejects.toThrow(
      /is a SQLite file but not an Ecosystem Ledger event store/,
    );

    const text = join(scratch, `${randomUUID()}.sqlite`);
    await writeFile(text, 'this is not a database, just some text that is long enough to matter');
    const error = await openEmbeddedEventStore({ file: text }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as Error).message).toContain(text);
  });

  describe('appendInTransaction', () => {
    const inTransactionOf = (store: EventStore) => {
      const inTransaction = store.appendInTransaction?.bind(store);
      if (inTransaction === undefined) throw new Error('this store holds no transactions');
      return inTransaction;
    };
    const encoded = (type: string, n = 0) => ({
      id: randomUUID(),
      type,
      data: JSON.stringify({ n }),
      metadata: JSON.stringify({ actor: 'test' }),
    });
    const streamsOf = async (store: { readAll(): AsyncIterable<RecordedEvent> }) => {
      const streams: string[] = [];
      for await (const event of store.readAll())
        streams.push(`${event.streamId}@${event.revision}`);
      return streams;
    };

    it('commits every append of the work together, with one recordedAt, when it resolves', async () => {
      const file = newFile();
      const store = await openEmbeddedEventStore({ file });
      const reader = await openEmbeddedEventStore({ file });
      try {
        const result = await inTransactionOf(store)(async (tx) => {
          await tx.appendManyEncoded([{ streamId: 'network-a', events: [encoded('Registered')] }]);
          // Another connection sees nothing until the work resolves.
          expect(await streamsOf(reader)).toEqual([]);
          await tx.appendManyEncoded([
            { streamId: 'network-a', events: [encoded('Renamed', 1)], expectedRevision: 0 },
            { streamId: 'network-b', events: [encoded('Registered')] },
          ]);
          return 'done';
        });
        expect(result).toBe('done');
        expect(await streamsOf(reader)).toEqual(['network-a@0', 'network-a@1', 'network-b@0']);
        const stamps = new Set<string>();
        for await (const event of reader.readAll()) stamps.add(event.recordedAt);
        expect(stamps.size).toBe(1);
      } finally {
        await reader.close();
        await store.close();
      }
    });

    it('writes nothing when the work throws, and the store goes on as before', async () => {
      const store = await openEmbeddedEventStore({ file: newFile() });
      try {
        await store.appendToStream('network-a', [eventOf('Registered')]);
        const refused = new Error('refused');
        await expect(
          inTransactionOf(store)(async (tx) => {
            await tx.appendManyEncoded([
              { streamId: 'network-new', events: [encoded('Registered')] },
              { streamId: 'network-a', events: [encoded('Renamed')], expectedRevision: 0 },
            ]);
            throw refused;
          }),
        ).rejects.toBe(refused);
        expect(await streamsOf(store)).toEqual(['network-a@0']);
        await store.appendToStream('network-a', [eventOf('Renamed')], { expectedRevision: 0 });
        await store.appendToStream('network-c', [eventOf('Registered')]);
        expect(await streamsOf(store)).toEqual(['network-a@0', 'network-a@1', 'network-c@0']);
      } finally {
        await store.close();
      }
    });

    it('commits nothing after an append inside failed, even if the work went on', async () => {
      const store = await openEmbeddedEventStore({ file: newFile() });
      try {
        const work = inTransactionOf(store)(async (tx) => {
          await tx.appendManyEncoded([{ streamId: 'network-a', events: [encoded('Registered')] }]);
          await expect(
            tx.appendManyEncoded([
              { streamId: 'network-b', events: [encoded('Registered')] },
              { streamId: 'network-a', events: [encoded('Renamed')], expectedRevision: 7 },
            ]),
          ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
          await expect(
            tx.appendManyEncoded([{ streamId: 'network-c', events: [encoded('Registered')] }]),
          ).rejects.toThrow(/an earlier append of this transaction failed/);
        });
        await expect(work).rejects.toThrow(/nothing was committed/);
        expect(await streamsOf(store)).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('makes appends from outside wait for it, then run after it', async () => {
      const store = await openEmbeddedEventStore({ file: newFile() });
      try {
        let outside: Promise<unknown> | undefined;
        await inTransactionOf(store)(async (tx) => {
          outside = store.appendToStream('network-z', [eventOf('Registered')]);
          await new Promise((resolve) => setTimeout(resolve, 20));
          await tx.appendManyEncoded([{ streamId: 'network-a', events: [encoded('Registered')] }]);
        });
        await outside;
        expect(await streamsOf(store)).toEqual(['network-a@0', 'network-z@0']);
      } finally {
        await store.close();
      }
    });

    it('makes appends started in the same tick wait, whichever comes first', async () => {
      const store = await openEmbeddedEventStore({ file: newFile() });
      try {
        const slow = (streamId: string) =>
          inTransactionOf(store)(async (tx) => {
            await new Promise((resolve) => setTimeout(resolve, 10));
            await tx.appendManyEncoded([{ streamId, events: [encoded('Registered')] }]);
          });
        await Promise.all([
          store.appendToStream('network-before', [eventOf('Registered')]),
          slow('network-a'),
          store.appendToStream('network-z', [eventOf('Registered')]),
          slow('network-b'),
        ]);
        expect((await streamsOf(store)).sort()).toEqual([
          'network-a@0',
          'network-b@0',
          'network-before@0',
          'network-z@0',
        ]);
      } finally {
        await store.close();
      }
    });

    it('forgets, when it rolls back, the streams read inside it, whose keys SQLite hands out again', async () => {
      const file = newFile();
      const store = await openEmbeddedEventStore({ file });
      const other = await openEmbeddedEventStore({ file });
      try {
        await expect(
          inTransactionOf(store)(async (tx) => {
            await tx.appendManyEncoded([
              { streamId: 'network-ghost', events: [encoded('Registered')] },
            ]);
            expect((await store.readStream('network-ghost')).status).toBe('found');
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        await other.appendToStream('network-real', [eventOf('Registered')]);
        expect(await streamsOf(store)).toEqual(['network-real@0']);
      } finally {
        await other.close();
        await store.close();
      }
    });

    it('keeps its events from subscribers until it commits, and all of them from a rollback', async () => {
      const store = await openEmbeddedEventStore({ file: newFile(), pollIntervalMs: 5 });
      const subscription = store.subscribeToAll();
      const seen: string[] = [];
      const following = (async () => {
        for await (const event of subscription) seen.push(event.streamId);
      })();
      try {
        await expect(
          inTransactionOf(store)(async (tx) => {
            await tx.appendManyEncoded([
              { streamId: 'network-dropped', events: [encoded('Registered')] },
            ]);
            await new Promise((resolve) => setTimeout(resolve, 40));
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        await inTransactionOf(store)(async (tx) => {
          await tx.appendManyEncoded([
            { streamId: 'network-kept', events: [encoded('Registered')] },
          ]);
          await new Promise((resolve) => setTimeout(resolve, 40));
          expect(seen).toEqual([]);
        });
        await expect.poll(() => seen).toEqual(['network-kept']);
      } finally {
        await subscription.close();
        await following;
        await store.close();
      }
    });

    it('refuses text that is not JSON, naming it, and rolls the work back', async () => {
      const store = await openEmbeddedEventStore({ file: newFile() });
      try {
        await expect(
          inTransactionOf(store)(async (tx) => {
            await tx.appendManyEncoded([
              { streamId: 'network-a', events: [encoded('Registered')] },
            ]);
            await tx.appendManyEncoded([
              { streamId: 'network-b', events: [{ ...encoded('Registered'), data: '{"n": 1' }] },
            ]);
          }),
        ).rejects.toThrow(/data/);
        expect(await streamsOf(store)).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('stores serialised text as given, still refusing text that is not an object', async () => {
      const store = withHashChain(await openEmbeddedEventStore({ file: newFile() }));
      try {
        const event = encoded('Registered', 7);
        await inTransactionOf(store)((tx) =>
          tx.appendManyEncoded([{ streamId: 'network-a', events: [event] }], { serialised: true }),
        );
        const stored: RecordedEvent[] = [];
        for await (const event of store.readAll()) stored.push(event);
        expect([stored[0]?.data, stored[0]?.metadata.actor]).toEqual([{ n: 7 }, 'test']);
        await expect(
          inTransactionOf(store)((tx) =>
            tx.appendManyEncoded(
              [{ streamId: 'network-b', events: [{ ...encoded('Registered'), data: '[1]' }] }],
              { serialised: true },
            ),
          ),
        ).rejects.toThrow(/events\[0\]\.data must be the JSON text of an object/);
        expect(await streamsOf(store)).toEqual(['network-a@0']);
      } finally {
        await store.close();
      }
    });

    it('keeps every hash chain whole through a committed and a rolled-back transaction', async () => {
      const file = newFile();
      const store = withHashChain(await openEmbeddedEventStore({ file }));
      const other = withHashChain(await openEmbeddedEventStore({ file }));
      try {
        await store.appendToStream('network-a', [eventOf('Registered')]);
        const inTransaction = inTransactionOf(store);
        await inTransaction(async (tx) => {
          await tx.appendManyEncoded([
            { streamId: 'network-a', events: [encoded('Renamed', 1)], expectedRevision: 0 },
          ]);
        });
        // The chain's remembered head after this rolled-back append must not outlive it.
        await expect(
          inTransaction(async (tx) => {
            await tx.appendManyEncoded([
              { streamId: 'network-a', events: [encoded('Renamed', 2)], expectedRevision: 1 },
            ]);
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        // Another writer takes revision 2: a head remembered from the rollback would be wrong for it.
        await other.appendToStream('network-a', [eventOf('Renamed', 3)], { expectedRevision: 1 });
        await store.appendToStream('network-a', [eventOf('Renamed', 4)], { expectedRevision: 2 });
        const verification = await verifyEvents(store.readAll());
        expect(verification.ok).toBe(true);
        expect(await streamsOf(store)).toEqual([
          'network-a@0',
          'network-a@1',
          'network-a@2',
          'network-a@3',
        ]);
      } finally {
        await other.close();
        await store.close();
      }
    });
  });
});
