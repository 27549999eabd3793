import { describe, expect, it } from 'vitest';
import { eventCatalog } from './catalog.ts';
import { validateEvent } from './codec.ts';
import { EVENT_TYPES, eventRegistry } from './registry.ts';

const catalog = eventCatalog();

describe('the event catalog', () => {
  it('lists every event type of the registry, at its current version and stream', () => {
    expect(catalog.events.map((entry) => entry.type)).toEqual(EVENT_TYPES);
    for (const entry of catalog.events) {
      expect(entry.version).toBe(eventRegistry[entry.type].version);
      expect(entry.stream).toBe(eventRegistry[entry.type].stream);
      expect(entry.pastVersions.map((past) => past.version)).toEqual(
        eventRegistry[entry.type].upcasters.map((upcaster) => upcaster.fromVersion),
      );
    }
  });

  it.each(catalog.events)('$type: its example is accepted by the current schema', (entry) => {
    const checked = validateEvent({
      type: entry.type,
      data: entry.example,
      metadata: { actor: 'catalog', source: { document: 'example' }, schemaVersion: entry.version },
    });
    expect(checked.ok ? [] : checked.issues).toEqual([]);
  });

  it.each(catalog.events)('$type: every field, however deep, is described', (entry) => {
    expect(entry.description).not.toBeNull();
    const undescribed = entry.fields.filter((field) => field.description === null);
    expect(undescribed.map((field) => field.path)).toEqual([]);
  });

  it('reads the schemas: types, required fields, nesting and past versions', () => {
    const funded = catalog.events.find((entry) => entry.type === 'ProjectFunded');
    expect(funded?.fields).toContainEqual(
      expect.objectContaining({
        path: 'partners[].party',
        type: '{ kind: "organisation", id: slug (a-z, 0-9, -) } | { kind: "network", id: slug (a-z, 0-9, -) }',
        required: true,
      }),
    );
    expect(funded?.fields).toContainEqual(
      expect.objectContaining({ path: 'pnrr[].mission', type: 'integer 1–6' }),
    );
    const census = catalog.events.find((entry) => entry.type === 'MembershipCensusReported');
    expect(census?.fields).toContainEqual(
      expect.objectContaining({ path: 'total', type: 'integer ≥ 0', required: true }),
    );
    const organisation = catalog.events.find((entry) => entry.type === 'OrganisationRegistered');
    // A field with a default may be omitted by writers.
    expect(organisation?.fields).toContainEqual(
      expect.objectContaining({ path: 'country', required: false }),
    );
    const network = catalog.events.find((entry) => entry.type === 'NetworkRegistered');
    expect(network?.pastVersions[0]?.fields).toContainEqual(
      expect.objectContaining({ path: 's3Ecosystem', type: 'string' }),
    );
    expect(catalog.metadata.map((field) => field.path)).toContain('source.document');
  });
});
