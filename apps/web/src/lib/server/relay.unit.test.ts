import { describe, expect, it } from 'vitest';
import { type Change, type RelaySource, relayStream } from './relay.ts';

/** An upstream the test drives: it records subscriptions and lets the test push changes or end it. */
const upstream = () => {
  const state = {
    subscribed: 0,
    unsubscribed: 0,
    push: (_change: Change) => {},
    end: () => {},
  };
  const source: RelaySource = {
    subscribe: (onChange, onEnd) => {
      state.subscribed += 1;
      state.push = onChange;
      state.end = onEnd;
      return () => {
        state.unsubscribed += 1;
      };
    },
    caughtUp: () => Promise.resolve(),
  };
  return { source, state };
};

const decoder = new TextDecoder();
const next = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
  const { value, done } = await reader.read();
  return done ? null : decoder.decode(value);
};

describe('the live relay', () => {
  it('says it is connected, then sends each change once the read models have it', async () => {
    const { source, state } = upstream();
    const reader = relayStream(source, new AbortController().signal).getReader();
    expect(await next(reader)).toBe(': connected\n\n');
    state.push({ position: 7, records: [{ kind: 'network', id: 'le2c' }] });
    expect(await next(reader)).toBe(
      'event: change\ndata: {"position":7,"records":[{"kind":"network","id":"le2c"}]}\n\n',
    );
    await reader.cancel();
  });

  it('takes a cancelled body quietly and ends the upstream', async () => {
    const { source, state } = upstream();
    const reader = relayStream(source, new AbortController().signal).getReader();
    await expect(reader.cancel()).resolves.toBeUndefined();
    expect(state.unsubscribed).toBe(1);
  });

  it('never subscribes for a browser that left before the response was sent', async () => {
    const { source, state } = upstream();
    const left = new AbortController();
    left.abort();
    const reader = relayStream(source, left.signal).getReader();
    expect(await next(reader)).toBeNull();
    await expect(reader.cancel()).resolves.toBeUndefined();
    expect(state.subscribed).toBe(0);
  });

  it('sends a change waiting on the read models before ending with the upstream', async () => {
    const { source, state } = upstream();
    let release = () => {};
    const slow: RelaySource = {
      ...source,
      caughtUp: () => new Promise<void>((resolve) => (release = resolve)),
    };
    const reader = relayStream(slow, new AbortController().signal).getReader();
    await next(reader);
    state.push({ position: 9, records: [] });
    state.end();
    release();
    expect(await next(reader)).toBe('event: change\ndata: {"position":9,"records":[]}\n\n');
    expect(await next(reader)).toBeNull();
  });

  it('ends cleanly when the upstream ends at once, or cannot be unsubscribed', async () => {
    let unsubscribed = 0;
    const endsAtOnce: RelaySource = {
      subscribe: (_onChange, onEnd) => {
        onEnd();
        return () => {
          unsubscribed += 1;
        };
      },
      caughtUp: () => Promise.resolve(),
    };
    const first = relayStream(endsAtOnce, new AbortController().signal).getReader();
    expect(await next(first)).toBeNull();
    expect(unsubscribed).toBe(1);

    const stuck: RelaySource = {
      subscribe: () => () => {
        throw new Error('the connection is already gone');
      },
      caughtUp: () => Promise.resolve(),
    };
    const second = relayStream(stuck, new AbortController().signal).getReader();
    await next(second);
    await expect(second.cancel()).resolves.toBeUndefined();
  });

  it('closes when the browser leaves, and when the upstream ends', async () => {
    const leaving = upstream();
    const browser = new AbortController();
    const first = relayStream(leaving.source, browser.signal).getReader();
    await next(first);
    browser.abort();
    expect(await next(first)).toBeNull();
    expect(leaving.state.unsubscribed).toBe(1);
    await expect(first.cancel()).resolves.toBeUndefined();

    const ending = upstream();
    const second = relayStream(ending.source, new AbortController().signal).getReader();
    await next(second);
    ending.state.end();
    expect(await next(second)).toBeNull();
  });
});
