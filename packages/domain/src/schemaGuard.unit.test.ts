/**
 * The schema guard: events as they were stored — every type at every version it was ever written
 * with, frozen in test/stored-events.json — must still read through the current schemas and
 * upcasters. A domain change that would make stored history unreadable fails here, naming the
 * event type, version and field. Never edit the frozen file to make this pass: add an upcaster.
 */
import { describe, expect, it } from 'vitest';
import frozen from '../test/stored-events.json' with { type: 'json' };
import { parseStoredEvent, type StoredEvent } from './codec.ts';
import { EVENT_TYPES, eventRegistry } from './registry.ts';

const stored = frozen as readonly (StoredEvent & { metadata: { schemaVersion: number } })[];

/** What no longer reads, one line per stored event: `Type vN (line L): field reason; …`. */
const unreadable = (events: readonly StoredEvent[]): string[] =>
  events.flatMap((event, index) => {
    const parsed = parseStoredEvent(event);
    if (parsed.ok) return [];
    const version = (event.metadata as { schemaVersion?: unknown }).schemaVersion;
    return [
      `${event.type} v${String(version)} (line ${index + 1}): ${parsed.issues
        .map((issue) => `${issue.field} ${issue.reason}`)
        .join('; ')}`,
    ];
  });

describe('stored events of every type and version still read', () => {
  it('the frozen history holds every event type at every version the registry reads', () => {
    const held = new Set(stored.map((event) => `${event.type} v${event.metadata.schemaVersion}`));
    const readable = EVENT_TYPES.flatMap((type) =>
      [...eventRegistry[type].upcasters.map((u) => u.fromVersion), eventRegistry[type].version].map(
        (version) => `${type} v${version}`,
      ),
    );
    expect(readable.filter((version) => !held.has(version))).toEqual([]);
  });

  it('reads each through the current schemas and upcasters', () => {
    expect(unreadable(stored)).toEqual([]);
  });

  it('names the event type, version and field when a stored event no longer reads', () => {
    const broken = stored.map((event) =>
      event.type === 'MemberLeft'
        ? { ...event, data: { ...(event.data as object), reason: 42 } }
        : event,
    );
    expect(unreadable(broken)).toEqual([
      expect.stringMatching(/^MemberLeft v1 \(line \d+\): data\.reason /),
    ]);
  });
});
