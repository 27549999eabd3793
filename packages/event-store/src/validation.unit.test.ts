import { randomUUID } from 'node:crypto';
import { validateEvent } from '@ledger/domain';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from './adapters/memoryEventStore.ts';
import { EventValidationError } from './errors.ts';
import type { EventData, JsonObject } from './port.ts';
import { withValidation } from './validation.ts';

const metadata: JsonObject = {
  actor: 'importer:test',
  source: { document: '003_b0113e97874011b2.txt' },
  schemaVersion: 1,
};

const memberJoined = (data: JsonObject = {}): EventData => ({
  id: randomUUID(),
  type: 'MemberJoined',
  data: {
    networkId: 'afil',
    organisationId: 'politecnico-di-milano',
    category: 'research_organisation',
    effectiveDate: '2014-03',
    dateQualifier: 'on',
    ...data,
  },
  metadata,
});

async function rejection(attempt: Promise<unknown>): Promise<EventValidationError> {
  const error = await attempt.then(
    () => undefined,
    (rejected: unknown) => rejected,
  );
  if (!(error instanceof EventValidationError)) {
    throw new Error(`expected an EventValidationError, got ${String(error)}`);
  }
  return error;
}

describe('withValidation', () => {
  it("with @ledger/domain's validateEvent, appends events that pass their schema", async () => {
    const store = withValidation(createMemoryEventStore(), validateEvent);
    const event = memberJoined();
    await store.appendToStream('network-afil', [event], { expectedRevision: 'no_stream' });
    const read = await store.readStream('network-afil');
    expect(read.status === 'found' ? read.events.map((e) => e.data) : []).toEqual([event.data]);
  });

  it('fails an append whose event breaks its schema, naming field and reason, and writes nothing', async () => {
    const inner = createMemoryEventStore();
    const store = withValidation(inner, validateEvent);
    const error = await rejection(
      store.appendToStream('network-afil', [
        memberJoined(),
        memberJoined({ organisationId: 'a2a-ambiente', effectiveDate: '2021-02-30' }),
      ]),
    );
    expect(error.eventType).toBe('MemberJoined');
    expect(error.field).toBe('data.effectiveDate');
    expect(error.reason).toMatch(/must be a date/);
    expect(error.message).toContain('data.effectiveDate');
    expect(await inner.headPosition()).toBeNull();
    expect(await inner.readStream('network-afil')).toEqual({
      status: 'not_found',
      streamId: 'network-afil',
    });
  });

  it('validates every request of an appendMany before appending any, and keeps the capabilities', async () => {
    const inner = createMemoryEventStore();
    const store = withValidation(inner, (event, streamId) =>
      validateEvent({ ...event, stream: streamId }),
    );
    expect(store.capabilities).toEqual(inner.capabilities);
    const error = await rejection(
      store.appendMany([
        { streamId: 'network-afil', events: [memberJoined()] },
        { streamId: 'network-afil', events: [memberJoined({ effectiveDate: '2021-02-30' })] },
      ]),
    );
    expect(error.field).toBe('data.effectiveDate');
    expect(await inner.headPosition()).toBeNull();

    const [result] = await store.appendMany([
      { streamId: 'network-afil', events: [memberJoined()], expectedRevision: 'no_stream' },
    ]);
    expect(result?.nextExpectedRevision).toBe(0);
  });

  it('passes the target stream, so a validator can check the event belongs there', async () => {
    const inner = createMemoryEventStore();
    const store = withValidation(inner, (event, streamId) =>
      validateEvent({ ...event, stream: streamId }),
    );
    const error = await rejection(store.appendToStream('network-le2c', [memberJoined()]));
    expect(error.field).toBe('stream');
    expect(error.reason).toContain('network-afil');
    expect(await inner.headPosition()).toBeNull();
  });

  it('reports a rejection that comes without issues, rather than letting it through', async () => {
    const inner = createMemoryEventStore();
    const store = withValidation(inner, async () => ({ ok: false, issues: [] }));
    const error = await rejection(store.appendToStream('any-1', [memberJoined()]));
    expect(error.field).toBe('(event)');
    expect(await inner.headPosition()).toBeNull();
  });

  it('leaves reads and subscriptions to the decorated store', async () => {
    const inner = createMemoryEventStore();
    const store = withValidation(inner, validateEvent);
    await inner.appendToStream('unchecked-1', [{ ...memberJoined(), type: 'Anything' }]);
    const read = [];
    for await (const recorded of store.readAll()) read.push(recorded);
    const [event] = read;
    expect(event?.type).toBe('Anything');
    expect(await store.headPosition()).toBe(event?.position);
    const subscription = store.subscribeToAll();
    const first = await subscription[Symbol.asyncIterator]().next();
    expect(first.value?.id).toBe(event?.id);
    await store.close();
    await expect(inner.headPosition()).rejects.toThrow(/closed/);
  });
});
