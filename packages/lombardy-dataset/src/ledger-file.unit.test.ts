import { readFileSync } from 'node:fs';
import { type EventType, parseStoredEvent, validateEvent } from '@ledger/domain';
import { describe, expect, it } from 'vitest';
import { curatedEventId } from './event-id.ts';
import { lombardyEvents, toJsonl } from './index.ts';
import { LEDGER_FILE } from './ledger-file.ts';
import { storedEventsOf } from './stored-events.ts';

const checkedIn = readFileSync(LEDGER_FILE, 'utf8');
const lines = checkedIn.split('\n').slice(0, -1);

describe('data/lombardy/ledger.jsonl', () => {
  it('is exactly what the generator writes (run `pnpm build:data` after changing a fact)', () => {
    expect(checkedIn).toBe(toJsonl(lombardyEvents));
  });

  it('holds one event per line and ends with a single newline', () => {
    expect(checkedIn.endsWith('\n')).toBe(true);
    expect(checkedIn.endsWith('\n\n')).toBe(false);
    expect(lines).toHaveLength(lombardyEvents.length);
  });

  it('validates every line with the domain, in the stream the line names', () => {
    const refused = lines.flatMap((line, index) => {
      const { format, stream, type, data, metadata } = JSON.parse(line);
      const result = validateEvent({ type, data, metadata, stream });
      const formatIssue =
        format === 'ledger-event/1' ? [] : [`line ${index + 1}: format ${format}`];
      return result.ok
        ? formatIssue
        : [
            ...formatIssue,
            ...result.issues.map((i) => `line ${index + 1}: ${i.field} ${i.reason}`),
          ];
    });
    expect(refused).toEqual([]);
  });

  it('writes the envelope keys in a fixed order and the data and metadata keys sorted', () => {
    for (const line of lines) {
      const parsed = JSON.parse(line);
      expect(Object.keys(parsed)).toEqual(['format', 'id', 'stream', 'type', 'data', 'metadata']);
      for (const part of [parsed.data, parsed.metadata]) {
        const keys = Object.keys(part);
        expect(keys).toEqual([...keys].sort());
      }
    }
  });

  it('gives each event the id of its stream and revision, once across the file', () => {
    const stored = storedEventsOf(checkedIn);
    for (const event of stored) {
      expect(event.id).toBe(curatedEventId(event.streamId, event.revision));
    }
    expect(new Set(stored.map((event) => event.id)).size).toBe(stored.length);
  });

  it('records every fact with the dataset actor and a seed citation', () => {
    for (const event of storedEventsOf(checkedIn)) {
      const parsed = parseStoredEvent(event);
      if (!parsed.ok) throw new Error(`${event.id}: ${JSON.stringify(parsed.issues)}`);
      expect(parsed.event.metadata.actor).toBe('dataset:lombardy');
      expect(parsed.event.metadata.source.document).toMatch(/^00[0-3]_[0-9a-f]{16}\.txt$/);
      expect(parsed.event.metadata.source.section).toBeTruthy();
      expect(parsed.event.metadata.synthetic).toBeUndefined();
    }
  });

  it('holds the expected number of facts of each type', () => {
    const counts: Partial<Record<EventType, number>> = {};
    for (const event of lombardyEvents) counts[event.type] = (counts[event.type] ?? 0) + 1;
    expect(counts).toEqual({
      OrganisationRegistered: 51,
      NetworkRegistered: 14,
      NetworkRecognised: 27,
      NetworkAffiliated: 33,
      MembershipCensusReported: 12,
      MemberJoined: 11,
      ProjectFunded: 40,
      ProjectProposed: 3,
    });
  });
});
