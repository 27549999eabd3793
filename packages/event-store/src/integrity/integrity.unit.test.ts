import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../adapters/memoryEventStore.ts';
import { WrongExpectedRevisionError } from '../errors.ts';
import type { EventData, EventStore, RecordedEvent } from '../port.ts';
import { ANCHOR_STREAM, Anchorer } from './anchors.ts';
import { CHAIN_KEY, chainOf, contentHash } from './chain.ts';
import { ChainError, withHashChain } from './hashChain.ts';
import { verifyEvents } from './verify.ts';

let tick = 0;
const clock = () => new Date(Date.UTC(2026, 0, 1) + 1_000 * tick++);

const event = (n: number, type = 'Happened'): EventData => ({
  id: randomUUID(),
  type,
  data: { n, nested: { b: [1, 2], a: 'x' } },
  metadata: { actor: 'test', source: { document: 'test' } },
});

const all = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const recorded of store.readAll()) events.push(recorded);
  return events;
};

/** A chained store holding three streams, interleaved, with an anchor in the middle and at the end. */
async function history(): Promise<{ store: EventStore; events: RecordedEvent[] }> {
  const store = withHashChain(createMemoryEventStore({ clock }));
  const anchorer = new Anchorer(store);
  await store.appendToStream('a-1', [event(1), event(2)]);
  await store.appendToStream('b-1', [event(3)], { expectedRevision: 'no_stream' });
  await store.appendMany([
    { streamId: 'a-1', events: [event(4)], expectedRevision: 1 },
    { streamId: 'c-1', events: [event(5)] },
    { streamId: 'a-1', events: [event(6)] },
  ]);
  expect(await anchorer.anchor()).not.toBeNull();
  await store.appendToStream('b-1', [event(7)], { expectedRevision: 0 });
  await store.appendToStream('c-1', [event(8), event(9)], { expectedRevision: 'stream_exists' });
  await anchorer.anchor();
  return { store, events: await all(store) };
}

const replace = (events: RecordedEvent[], index: number, change: Partial<RecordedEvent>) =>
  events.map((recorded, i) => (i === index ? { ...recorded, ...change } : recorded));

describe('the hash chain and anchors', () => {
  it('links every event to the one before it in its stream, and a clean log verifies', async () => {
    const { events } = await history();
    expect(events).toHaveLength(11);
    const a = events
      .filter((recorded) => recorded.streamId === 'a-1')
      .map((e) => chainOf(e.metadata));
    expect(a[0]).toMatchObject({ v: 1, prev: null });
    for (let i = 1; i < a.length; i++) {
      expect((a[i] as { prev: string }).prev).toBe((a[i - 1] as { hash: string }).hash);
    }
    const verification = await verifyEvents(events);
    expect(verification).toMatchObject({
      ok: true,
      events: 11,
      streams: 4,
      anchors: 2,
      unanchored: 0,
      firstBreak: null,
    });
    expect(verification.lastAnchor?.count).toBe(10);
  });

  it('finds an altered event, naming its stream and position', async () => {
    const { events } = await history();
    const index = events.findIndex((recorded) => recorded.data.n === 4);
    const altered = replace(events, index, { data: { ...events[index]?.data, n: 40 } });
    expect((await verifyEvents(altered)).firstBreak).toMatchObject({
      streamId: 'a-1',
      revision: 2,
      position: events[index]?.position,
      reason: expect.stringContaining('does not hash to its link'),
    });
  });

  it('finds a removed event, and two events swapped in their stream', async () => {
    const { events } = await history();
    const removed = events.filter((recorded) => recorded.data.n !== 2);
    expect((await verifyEvents(removed)).firstBreak).toMatchObject({
      streamId: 'a-1',
      reason: expect.stringContaining('1 event is missing'),
    });
    const first = events.findIndex((recorded) => recorded.data.n === 8);
    const second = events.findIndex((recorded) => recorded.data.n === 9);
    const swapped = events.map((recorded, i) => {
      if (i === first)
        return {
          ...(events[second] as RecordedEvent),
          revision: recorded.revision,
          position: recorded.position,
        };
      if (i === second)
        return {
          ...(events[first] as RecordedEvent),
          revision: recorded.revision,
          position: recorded.position,
        };
      return recorded;
    });
    expect((await verifyEvents(swapped)).firstBreak).toMatchObject({
      streamId: 'c-1',
      position: events[first]?.position,
    });
  });

  it('finds what only the anchors see: events of two streams swapped in the log, an event re-dated', async () => {
    const { events } = await history();
    // Events n=3 (b-1) and n=4 (a-1) trade places in the log; each stream's own order is intact.
    const i3 = events.findIndex((recorded) => recorded.data.n === 3);
    const i4 = events.findIndex((recorded) => recorded.data.n === 4);
    const swapped = [...events];
    swapped[i3] = {
      ...(events[i4] as RecordedEvent),
      position: (events[i3] as RecordedEvent).position,
    };
    swapped[i4] = {
      ...(events[i3] as RecordedEvent),
      position: (events[i4] as RecordedEvent).position,
    };
    const moved = await verifyEvents(swapped);
    expect(moved.firstBreak).toMatchObject({
      streamId: ANCHOR_STREAM,
      reason: expect.stringContaining('is not what this anchor committed to'),
    });
    const redated = replace(events, 0, { recordedAt: '2020-01-01T00:00:00.000Z' });
    expect((await verifyEvents(redated)).firstBreak?.streamId).toBe(ANCHOR_STREAM);
  });

  it('finds an event whose link was stripped, and an anchored tail removed', async () => {
    const { events } = await history();
    const { [CHAIN_KEY]: _link, ...bare } = (events[2] as RecordedEvent).metadata;
    expect((await verifyEvents(replace(events, 2, { metadata: bare }))).firstBreak?.reason).toMatch(
      /has no hash-chain link/,
    );
    // Removing the last event of c-1 leaves every chain intact: the anchor after it sees it gone.
    const lastOfC = events.findLastIndex((recorded) => recorded.streamId === 'c-1');
    const truncated = events.filter((_, i) => i !== lastOfC);
    expect((await verifyEvents(truncated)).firstBreak).toMatchObject({
      streamId: ANCHOR_STREAM,
      reason: expect.stringContaining('not in the log since the anchor before it'),
    });
  });

  it('answers a retried append from what is stored, writing nothing twice', async () => {
    const store = withHashChain(createMemoryEventStore({ clock }));
    const batch = [event(1), event(2)];
    const first = await store.appendToStream('a-1', batch);
    expect(await store.appendToStream('a-1', batch)).toEqual(first);
    const again = await store.appendMany([
      { streamId: 'a-1', events: batch, expectedRevision: 'no_stream' },
    ]);
    expect(again).toEqual([first]);
    expect(await all(store)).toHaveLength(2);
    expect((await verifyEvents(await all(store))).ok).toBe(true);
  });

  it('relinks an append that another writer overtook, and refuses a stale expected revision', async () => {
    const inner = createMemoryEventStore({ clock });
    const one = withHashChain(inner);
    const two = withHashChain(inner);
    await one.appendToStream('a-1', [event(1)]);
    await two.appendToStream('a-1', [event(2)]);
    // `one` remembers revision 0 as the head; its next open append is relinked to revision 1.
    await one.appendToStream('a-1', [event(3)]);
    await expect(
      one.appendToStream('a-1', [event(4)], { expectedRevision: 0 }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    const events = await all(inner);
    expect(events.map((recorded) => recorded.data.n)).toEqual([1, 2, 3]);
    expect((await verifyEvents(events)).ok).toBe(true);
  });

  it('keeps the links an exported log carries, and refuses one that does not continue the stream', async () => {
    const { events } = await history();
    const copy = withHashChain(createMemoryEventStore({ clock }));
    for (const recorded of events) {
      await copy.appendToStream(
        recorded.streamId,
        [
          {
            id: recorded.id,
            type: recorded.type,
            data: recorded.data,
            metadata: recorded.metadata,
          },
        ],
        { expectedRevision: recorded.revision === 0 ? 'no_stream' : recorded.revision - 1 },
      );
    }
    const copied = await all(copy);
    expect(copied.map((recorded) => recorded.metadata)).toEqual(
      events.map((recorded) => recorded.metadata),
    );
    const elsewhere = withHashChain(createMemoryEventStore({ clock }));
    const second = events.find(
      (recorded) => recorded.streamId === 'a-1' && recorded.revision === 1,
    ) as RecordedEvent;
    await expect(
      elsewhere.appendToStream('a-1', [
        { id: second.id, type: second.type, data: second.data, metadata: second.metadata },
      ]),
    ).rejects.toBeInstanceOf(ChainError);
    expect(await all(elsewhere)).toEqual([]);
  });

  it('resumes anchoring from the last anchor in the store, in a new process', async () => {
    const { store } = await history();
    await store.appendToStream('d-1', [event(10)]);
    const anchored = await new Anchorer(store).anchor({ minEvents: 1 });
    expect(anchored?.data.count).toBe(12);
    expect(await new Anchorer(store).anchor({ minEvents: 1 })).toBeNull();
    const verification = await verifyEvents(await all(store));
    expect(verification).toMatchObject({ ok: true, anchors: 3, unanchored: 0 });
  });

  it('checks part of a log (one stream, a time range) from where it starts', async () => {
    const { events } = await history();
    const laterHalf = events.slice(4);
    expect((await verifyEvents(laterHalf)).ok).toBe(false);
    expect(await verifyEvents(laterHalf, { partial: true })).toMatchObject({
      ok: true,
      skippedAnchors: 2,
    });
    const oneStream = events.filter((recorded) => recorded.streamId === 'a-1').slice(1);
    const altered = replace(oneStream, 1, { data: { n: 0 } });
    expect((await verifyEvents(altered, { partial: true })).firstBreak?.streamId).toBe('a-1');
  });

  it('links events given as JSON text the same way, with or without a precomputed content hash', async () => {
    const objects = [event(1), event(2), event(3)];
    const asObjects = withHashChain(createMemoryEventStore({ clock }));
    await asObjects.appendMany([{ streamId: 'a-1', events: objects }]);
    const asText = withHashChain(createMemoryEventStore({ clock }));
    const encode = (e: EventData, precomputed: boolean) => ({
      id: e.id,
      type: e.type,
      data: JSON.stringify(e.data),
      metadata: JSON.stringify(e.metadata),
      ...(precomputed ? { contentHash: contentHash(e.type, e.data, e.metadata) } : {}),
    });
    await asText.appendManyEncoded?.([
      { streamId: 'a-1', events: objects.slice(0, 2).map((e) => encode(e, true)) },
      { streamId: 'a-1', events: [encode(objects[2] as EventData, false)], expectedRevision: 1 },
    ]);
    const fromText = await all(asText);
    expect(fromText.map((e) => e.metadata)).toEqual((await all(asObjects)).map((e) => e.metadata));
    expect((await verifyEvents(fromText)).ok).toBe(true);
    // A copied event keeps its link as text too, and a wrong one is refused.
    const copy = withHashChain(createMemoryEventStore({ clock }));
    const [first] = fromText as [RecordedEvent];
    const exported = {
      id: first.id,
      type: first.type,
      data: JSON.stringify(first.data),
      metadata: JSON.stringify(first.metadata),
    };
    await copy.appendManyEncoded?.([{ streamId: 'a-1', events: [exported] }]);
    expect((await all(copy))[0]?.metadata).toEqual(first.metadata);
    await expect(
      copy.appendManyEncoded?.([{ streamId: 'b-1', events: [{ ...exported, id: randomUUID() }] }]),
    ).rejects.toBeInstanceOf(ChainError);
  });
});
