import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseStoredEvent, validateEvent } from './codec.ts';
import { parseCommand } from './commands.ts';
import { EVENT_TYPES, eventRegistry } from './registry.ts';
import { testMetadata, uuidFor } from './shared/testSupport.ts';

const joined = {
  networkId: 'afil',
  organisationId: 'politecnico-di-milano',
  category: 'research_organisation',
  effectiveDate: '2014-03',
  dateQualifier: 'on',
};

const fieldsOf = (result: ReturnType<typeof validateEvent>) =>
  result.ok ? [] : result.issues.map((issue) => issue.field);

describe('validateEvent', () => {
  it('accepts a valid event and returns it in the current schema version', () => {
    const result = validateEvent({ type: 'MemberJoined', data: joined, metadata: testMetadata });
    expect(result).toEqual({
      ok: true,
      event: { type: 'MemberJoined', data: joined, metadata: testMetadata },
    });
  });

  it('names the field and the reason of a bad date', () => {
    const result = validateEvent({
      type: 'MemberJoined',
      data: { ...joined, effectiveDate: '2021-02-30' },
      metadata: testMetadata,
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        { field: 'data.effectiveDate', reason: 'must be a date YYYY, YYYY-MM or YYYY-MM-DD' },
      ],
    });
  });

  it('reports an unknown event type on the field `type`', () => {
    expect(validateEvent({ type: 'MemberArrived', data: joined, metadata: testMetadata })).toEqual({
      ok: false,
      issues: [{ field: 'type', reason: 'must be a known event type, not "MemberArrived"' }],
    });
    expect(fieldsOf(validateEvent({ type: 42, data: joined, metadata: testMetadata }))).toEqual([
      'type',
    ]);
  });

  it('rejects unknown fields, missing fields and bad values anywhere, with dotted paths', () => {
    const result = validateEvent({
      type: 'MemberJoined',
      data: { ...joined, category: 'startup', colour: 'red', organisationId: undefined },
      metadata: { ...testMetadata, source: { document: '', url: 'ftp://example.org' } },
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues).toEqual(
      expect.arrayContaining([
        { field: 'metadata.source.document', reason: 'must not be empty' },
        { field: 'metadata.source.url', reason: 'must be an http or https URL' },
        { field: 'data.organisationId', reason: 'is required' },
        {
          field: 'data.category',
          reason: 'must be one of "company", "research_organisation", "other_body"',
        },
        { field: 'data.colour', reason: 'is not a known field' },
      ]),
    );
  });

  it('checks nested values: census sums, PNRR components, correction kinds', () => {
    expect(
      validateEvent({
        type: 'MembershipCensusReported',
        data: {
          networkId: 'afil',
          asOf: '2022',
          total: 10,
          companies: 5,
          researchOrganisations: 3,
          otherBodies: 1,
        },
        metadata: testMetadata,
      }),
    ).toEqual({
      ok: false,
      issues: [
        {
          field: 'data.total',
          reason: 'must equal companies + researchOrganisations + otherBodies (9)',
        },
      ],
    });
    const approximate = validateEvent({
      type: 'MembershipCensusReported',
      data: { networkId: 'afil', asOf: '2022', total: 700, companies: 500, approximate: true },
      metadata: testMetadata,
    });
    expect(approximate.ok).toBe(true);
    expect(
      fieldsOf(
        validateEvent({
          type: 'NetworkProfileChanged',
          data: {
            networkId: 'afil',
            effectiveDate: '2022',
            changes: {
              synergies: { s3Ecosystems: ['nutrizione'], pnrr: [{ mission: 3, component: 3 }] },
            },
          },
          metadata: testMetadata,
        }),
      ),
    ).toEqual(['data.changes.synergies.pnrr.0.component']);
    expect(
      validateEvent({
        type: 'MembershipRecordCorrected',
        data: { networkId: 'afil', correctsEventId: uuidFor(1), correction: { field: 'colour' } },
        metadata: testMetadata,
      }),
    ).toEqual({
      ok: false,
      issues: [
        {
          field: 'data.correction.field',
          reason: 'must be one of "effectiveDate", "category", "counts", "retracted"',
        },
      ],
    });
  });

  it('refuses an empty profile change', () => {
    expect(
      validateEvent({
        type: 'OrganisationProfileChanged',
        data: { organisationId: 'a2a-ambiente', effectiveDate: '2020', changes: {} },
        metadata: testMetadata,
      }),
    ).toEqual({
      ok: false,
      issues: [{ field: 'data.changes', reason: 'must change at least one field' }],
    });
  });

  it('fills the default country of an organisation', () => {
    const result = validateEvent({
      type: 'OrganisationRegistered',
      data: { organisationId: 'a2a-ambiente', kind: 'company', name: 'A2A Ambiente' },
      metadata: testMetadata,
    });
    expect(
      result.ok && result.event.type === 'OrganisationRegistered' && result.event.data.country,
    ).toBe('IT');
  });

  it('checks the event belongs to the stream it is written to', () => {
    expect(
      validateEvent({
        type: 'MemberJoined',
        data: joined,
        metadata: testMetadata,
        stream: 'network-le2c',
      }),
    ).toEqual({
      ok: false,
      issues: [{ field: 'stream', reason: 'must be "network-afil", the stream of data.networkId' }],
    });
  });

  it('refuses a schema version newer than the current one', () => {
    expect(
      validateEvent({
        type: 'MemberJoined',
        data: joined,
        metadata: { ...testMetadata, schemaVersion: 2 },
      }),
    ).toEqual({
      ok: false,
      issues: [
        {
          field: 'metadata.schemaVersion',
          reason: 'must be at most 1, the current version of MemberJoined',
        },
      ],
    });
  });
});

const registeredV1 = {
  networkId: 'afil',
  kind: 'technology_cluster',
  name: 'Associazione Fabbrica Intelligente Lombardia',
  acronym: 'AFIL',
  headquarters: [
    { street: 'Via Stezzano, 87', postalCode: '24126', city: 'Bergamo', province: 'BG' },
    { street: 'Via G. Colombo, 83', postalCode: '20133', city: 'Milano', province: 'MI' },
  ],
  s3Ecosystem: 'Manifatturiero Avanzato',
  technologyAreas: ['Advanced Manufacturing Technologies'],
  establishedOn: '2014',
};

const stored = (data: unknown, schemaVersion: number) => ({
  id: uuidFor(7),
  type: 'NetworkRegistered',
  streamId: 'network-afil',
  revision: 0,
  position: 12,
  recordedAt: '2019-04-01T08:00:00.000Z',
  data,
  metadata: { ...testMetadata, schemaVersion },
});

describe('parseStoredEvent', () => {
  it('reads a stored v1 NetworkRegistered as v2', () => {
    const result = parseStoredEvent(stored(registeredV1, 1));
    const { s3Ecosystem: _old, ...unchanged } = registeredV1;
    expect(result).toEqual({
      ok: true,
      event: {
        id: uuidFor(7),
        type: 'NetworkRegistered',
        streamId: 'network-afil',
        revision: 0,
        position: 12,
        recordedAt: '2019-04-01T08:00:00.000Z',
        data: { ...unchanged, s3Ecosystems: ['manifattura_avanzata'] },
        metadata: { ...testMetadata, schemaVersion: 2 },
      },
    });
  });

  it('reports a bad v1 event in the terms it was written in', () => {
    expect(
      parseStoredEvent(stored({ ...registeredV1, s3Ecosystem: 'Mobilità Sostenibile' }, 1)),
    ).toEqual({
      ok: false,
      issues: [
        { field: 'data.s3Ecosystem', reason: 'must be the name of a Lombardy S3 ecosystem' },
      ],
    });
  });

  it('refuses v2 data stored under version 1', () => {
    const { s3Ecosystem: _old, ...rest } = registeredV1;
    const result = parseStoredEvent(stored({ ...rest, s3Ecosystems: ['manifattura_avanzata'] }, 1));
    expect(result.ok ? [] : result.issues.map((issue) => issue.field)).toEqual([
      'data.s3Ecosystem',
      'data.s3Ecosystems',
    ]);
  });

  it('refuses an event read from the wrong stream', () => {
    expect(parseStoredEvent({ ...stored(registeredV1, 1), streamId: 'network-le2c' })).toEqual({
      ok: false,
      issues: [{ field: 'streamId', reason: 'must be "network-afil" for this event\'s data' }],
    });
  });
});

describe('registry', () => {
  it('documents every event type and its fields', () => {
    for (const type of EVENT_TYPES) {
      const { schema, version, upcasters } = eventRegistry[type];
      const json = z.toJSONSchema(schema, { io: 'input' });
      expect(json.description, type).toBeTruthy();
      for (const [field, property] of Object.entries(json.properties ?? {})) {
        expect(
          typeof property === 'object' && property.description,
          `${type}.${field}`,
        ).toBeTruthy();
      }
      expect(upcasters.map((upcaster) => upcaster.fromVersion)).toEqual(
        Array.from({ length: version - 1 }, (_, index) => index + 1),
      );
    }
  });
});

describe('parseCommand', () => {
  it('names the fields of a bad command', () => {
    expect(
      parseCommand({ type: 'RecordLeave', now: 'yesterday', data: { networkId: 'AFIL' } }),
    ).toEqual({
      ok: false,
      issues: [
        { field: 'now', reason: 'must be an ISO-8601 timestamp, e.g. 2024-05-01T09:30:00Z' },
        {
          field: 'data.networkId',
          reason:
            'must be a slug: 1 to 80 lowercase letters, digits or hyphens, not starting or ending with a hyphen',
        },
        { field: 'data.organisationId', reason: 'is required' },
        { field: 'data.effectiveDate', reason: 'is required' },
        { field: 'data.reason', reason: 'is required' },
      ],
    });
    expect(parseCommand({ type: 'Join' })).toEqual({
      ok: false,
      issues: [{ field: 'type', reason: 'must be a known command type, not "Join"' }],
    });
  });

  it('accepts a valid command', () => {
    const result = parseCommand({ type: 'RecordJoin', now: '2024-06-01T10:00:00Z', data: joined });
    expect(result).toEqual({
      ok: true,
      command: { type: 'RecordJoin', now: '2024-06-01T10:00:00Z', data: joined },
    });
  });
});
