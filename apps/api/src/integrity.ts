/**
 * The auditor's integrity check of the whole log, on two levels: the tamper-evident log (every
 * hash-chain link and anchor verifies, as `pnpm ledger verify` checks it) and the facts (every
 * event reads back as a domain event, log positions grow, revisions count up from 0 in every
 * stream, `recordedAt` never goes back, and every fact is admitted again by the domain against the
 * ledger as it stood before it).
 */
import { admit, createLedgerState, evolveLedger, parseStoredEvent } from '@ledger/domain';
import { type EventStore, isAnchor, type Verification, verifyEvents } from '@ledger/event-store';

export interface IntegrityProblem {
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly field: string;
  readonly reason: string;
}

export interface IntegrityReport {
  readonly ok: boolean;
  readonly events: number;
  readonly streams: number;
  /** Position of the last event checked; `null` for an empty log. */
  readonly head: number | null;
  readonly problemCount: number;
  /** The first problems found, in log order. */
  readonly problems: readonly IntegrityProblem[];
  /** The hash chains and anchors (docs/audit.md). */
  readonly chain: Verification;
}

const SHOWN = 100;

export async function verifyLog(store: EventStore, signal?: AbortSignal): Promise<IntegrityReport> {
  const chain = await verifyEvents(store.readAll(), signal === undefined ? {} : { signal });
  const ledger = createLedgerState();
  const revisions = new Map<string, number>();
  const problems: IntegrityProblem[] = [];
  let problemCount = 0;
  let events = 0;
  let head: number | null = null;
  let lastRecordedAt = '';
  for await (const recorded of store.readAll()) {
    signal?.throwIfAborted();
    const problem = (field: string, reason: string) => {
      problemCount++;
      if (problems.length < SHOWN) {
        problems.push({
          position: recorded.position,
          eventId: recorded.id,
          streamId: recorded.streamId,
          field,
          reason,
        });
      }
    };
    events++;
    if (head !== null && recorded.position <= head) {
      problem('position', `must be after the previous event's position ${head}`);
    }
    if (recorded.recordedAt < lastRecordedAt) {
      problem('recordedAt', `must not be before the previous event's (${lastRecordedAt})`);
    }
    const expected = (revisions.get(recorded.streamId) ?? -1) + 1;
    if (recorded.revision !== expected) {
      problem('revision', `must be ${expected}, the next revision of ${recorded.streamId}`);
    }
    head = recorded.position;
    lastRecordedAt = recorded.recordedAt;
    revisions.set(recorded.streamId, recorded.revision);
    // The log's own anchors are checked with the chain, not as facts.
    if (isAnchor(recorded)) continue;
    const parsed = parseStoredEvent(recorded);
    if (!parsed.ok) {
      for (const issue of parsed.issues) problem(issue.field, issue.reason);
      continue;
    }
    const admitted = admit(ledger, parsed.event, recorded.recordedAt);
    if (!admitted.ok) {
      problem(admitted.error.field, admitted.error.reason);
      continue;
    }
    evolveLedger(ledger, parsed.event);
  }
  if (!chain.ok && chain.firstBreak !== null) {
    problemCount++;
    problems.unshift({
      position: chain.firstBreak.position,
      eventId: chain.firstBreak.eventId,
      streamId: chain.firstBreak.streamId,
      field: 'metadata.chain',
      reason: chain.firstBreak.reason,
    });
  }
  return {
    ok: problemCount === 0,
    events,
    streams: revisions.size,
    head,
    problemCount,
    problems: problems.slice(0, SHOWN),
    chain,
  };
}
