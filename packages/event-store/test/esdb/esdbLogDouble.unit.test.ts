import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EsdbLogDouble, type ProposedEvent } from './esdbLogDouble.ts';

const proposed = (id: string = randomUUID()): ProposedEvent => ({
  id,
  type: 'Happened',
  isJson: true,
  data: new TextEncoder().encode('{}'),
  customMetadata: new Uint8Array(),
});

describe('esdb log double: appends', () => {
  it('writes when the expectation holds and reports the last revision and position', () => {
    const log = new EsdbLogDouble({ clock: () => 1_700_000_000_000 });
    const outcome = log.append('s-1', { kind: 'no_stream' }, [proposed(), proposed()]);
    expect(outcome).toEqual({
      kind: 'written',
      currentRevision: 1n,
      position: log.at(1)?.position,
    });
    expect(log.at(0)?.createdTicks).toBe(17_000_000_000_000_000n);
  });

  it('gives positions that grow by the size of each record', () => {
    const log = new EsdbLogDouble();
    log.append('s-1', { kind: 'any' }, [proposed(), proposed()]);
    const [first, second] = [log.at(0), log.at(1)];
    expect(first?.position).toBe(128n);
    expect((second?.position ?? 0n) - (first?.position ?? 0n)).toBeGreaterThan(100n);
  });

  it('is idempotent when the ids at the expected slots match, whatever came after', () => {
    const log = new EsdbLogDouble();
    const batch = [proposed(), proposed()];
    log.append('s-1', { kind: 'no_stream' }, batch);
    log.append('s-1', { kind: 'revision', revision: 1n }, [proposed()]);
    expect(log.append('s-1', { kind: 'no_stream' }, batch)).toEqual({
      kind: 'idempotent',
      currentRevision: 1n,
      position: log.at(1)?.position,
    });
    expect(log.size).toBe(3);
  });

  it('is idempotent with any when every id is already in the stream', () => {
    const log = new EsdbLogDouble();
    const batch = [proposed(), proposed()];
    log.append('s-1', { kind: 'any' }, batch);
    expect(log.append('s-1', { kind: 'any' }, batch).kind).toBe('idempotent');
    expect(log.append('s-1', { kind: 'stream_exists' }, batch).kind).toBe('idempotent');
  });

  it('answers a partly matching retry with a wrong expected version, never a partial write', () => {
    const log = new EsdbLogDouble();
    const [a, b] = [proposed(), proposed()];
    log.append('s-1', { kind: 'no_stream' }, [a, b]);
    const partial = [a, proposed()];
    expect(log.append('s-1', { kind: 'no_stream' }, partial)).toEqual({
      kind: 'wrong_expected_version',
      currentRevision: 1n,
    });
    expect(log.append('s-1', { kind: 'any' }, partial)).toEqual({
      kind: 'wrong_expected_version',
      currentRevision: 1n,
    });
    expect(log.size).toBe(2);
  });

  it('checks stream_exists and exact revisions against the stream', () => {
    const log = new EsdbLogDouble();
    expect(log.append('s-1', { kind: 'stream_exists' }, [proposed()])).toEqual({
      kind: 'wrong_expected_version',
      currentRevision: undefined,
    });
    log.append('s-1', { kind: 'any' }, [proposed()]);
    expect(log.append('s-1', { kind: 'revision', revision: 3n }, [proposed()])).toEqual({
      kind: 'wrong_expected_version',
      currentRevision: 0n,
    });
    expect(log.append('s-1', { kind: 'revision', revision: 0n }, [proposed()]).kind).toBe(
      'written',
    );
  });
});

describe('esdb log double: reads', () => {
  const filled = () => {
    const log = new EsdbLogDouble();
    log.append('a-1', { kind: 'any' }, [proposed(), proposed()]);
    log.append('b-1', { kind: 'any' }, [proposed()]);
    log.append('a-1', { kind: 'any' }, [proposed()]);
    return log;
  };

  it('reads a stream in both directions, clamping a start past the end backwards', () => {
    const log = filled();
    const revisions = (events: { revision: bigint }[] | undefined) =>
      events?.map((e) => e.revision);
    expect(revisions(log.readStream('a-1', 'forwards', 1n, 10))).toEqual([1n, 2n]);
    expect(revisions(log.readStream('a-1', 'backwards', 'end', 2))).toEqual([2n, 1n]);
    expect(revisions(log.readStream('a-1', 'backwards', 9n, 10))).toEqual([2n, 1n, 0n]);
    expect(revisions(log.readStream('a-1', 'backwards', 'start', 10))).toEqual([0n]);
    expect(log.readStream('missing', 'forwards', 'start', 10)).toBeUndefined();
  });

  it('reads $all forwards from a position inclusively and backwards exclusively, with filters', () => {
    const log = filled();
    const second = log.at(1);
    if (second === undefined) throw new Error('expected events');
    const at = { commit: second.position, prepare: second.position };
    const streams = (events: { streamId: string }[]) => events.map((e) => e.streamId);
    expect(streams(log.readAll('forwards', at, 10, undefined))).toEqual(['a-1', 'b-1', 'a-1']);
    expect(streams(log.readAll('backwards', at, 10, undefined))).toEqual(['a-1']);
    expect(
      streams(log.readAll('forwards', 'start', 10, { on: 'stream', prefixes: ['b-'], regex: '' })),
    ).toEqual(['b-1']);
    expect(log.indexAfter(at)).toBe(2);
  });
});
