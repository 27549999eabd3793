import type { ExpectedRevision } from './port.ts';

/** What an append does once the stream's state is known; shared so every owned-storage adapter agrees. */
export type AppendDecision =
  | { readonly kind: 'write' }
  /** Every id was already written by an earlier append starting at `firstRevision`: write nothing. */
  | { readonly kind: 'already_written'; readonly lastRevision: number }
  | { readonly kind: 'conflict' };

export interface StreamFacts {
  /** Revision of the stream's last event, or `'no_stream'`. */
  readonly current: number | 'no_stream';
  /**
   * Revision at which an earlier append to this stream started with `ids[0]`, if any. Only the
   * first id of each append is looked up: a retry repeats a whole earlier append, so its first
   * id is always the first id of some earlier append (EventStoreDB checks the same way).
   */
  readonly startOfEarlierAppend: () => number | undefined;
  /** Ids of the stored events from `revision` on, at most `count` of them. */
  readonly storedIds: (revision: number, count: number) => readonly string[];
}

/**
 * Idempotency first (as EventStoreDB does): a retry of an append that already succeeded must
 * return its original result even though the stream has moved past the expected revision.
 * A retry that only partly matches what was stored is a conflict, never a partial write.
 */
export function decideAppend(
  expected: ExpectedRevision,
  ids: readonly string[],
  facts: StreamFacts,
): AppendDecision {
  const { current } = facts;
  const nothingCanBeStoredYet =
    current === 'no_stream' || (typeof expected === 'number' && current === expected);
  if (!nothingCanBeStoredYet) {
    const start = facts.startOfEarlierAppend();
    if (start !== undefined && retryFits(expected, start)) {
      const stored = facts.storedIds(start, ids.length);
      const same = stored.length === ids.length && stored.every((id, i) => id === ids[i]);
      return same
        ? { kind: 'already_written', lastRevision: start + ids.length - 1 }
        : { kind: 'conflict' };
    }
  }
  return expectationHolds(expected, current) ? { kind: 'write' } : { kind: 'conflict' };
}

function retryFits(expected: ExpectedRevision, start: number): boolean {
  switch (expected) {
    case 'any':
    case 'stream_exists':
      return true;
    case 'no_stream':
      return start === 0;
    default:
      return start === expected + 1;
  }
}

function expectationHolds(expected: ExpectedRevision, current: number | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === 'no_stream';
    case 'stream_exists':
      return current !== 'no_stream';
    default:
      return current === expected;
  }
}
