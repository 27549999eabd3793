import { describe, expect, it } from 'vitest';
import { validateEvent } from '../codec.ts';
import { testMetadata } from '../shared/testSupport.ts';

const description = {
  projectId: 'progetto-olimpiadi-2026',
  title: 'Progetto Olimpiadi 2026',
  partners: [],
  networks: ['lac'],
  s3Ecosystems: [],
  pnrr: [],
};

const issuesOf = (result: ReturnType<typeof validateEvent>) => (result.ok ? [] : result.issues);

describe('project event schemas', () => {
  it('accepts a project under way whose programme and funder the source does not name', () => {
    const data = { ...description, fundedOn: '2022', dateQualifier: 'by' };
    expect(validateEvent({ type: 'ProjectFunded', data, metadata: testMetadata })).toEqual({
      ok: true,
      event: { type: 'ProjectFunded', data, metadata: testMetadata },
    });
  });

  it('still refuses an empty programme or funder', () => {
    const result = validateEvent({
      type: 'ProjectFunded',
      data: { ...description, programme: '', funder: '', fundedOn: '2022', dateQualifier: 'by' },
      metadata: testMetadata,
    });
    expect(issuesOf(result)).toEqual([
      { field: 'data.programme', reason: 'must not be empty' },
      { field: 'data.funder', reason: 'must not be empty' },
    ]);
  });

  it('accepts an undated proposal, with neither date nor qualifier', () => {
    expect(
      validateEvent({ type: 'ProjectProposed', data: description, metadata: testMetadata }).ok,
    ).toBe(true);
  });

  it('reads a dated proposal stored before the date became optional', () => {
    expect(
      validateEvent({
        type: 'ProjectProposed',
        data: {
          ...description,
          programme: 'Horizon Europe',
          funder: 'Unione Europea',
          proposedOn: '2022',
          dateQualifier: 'by',
        },
        metadata: testMetadata,
      }).ok,
    ).toBe(true);
  });

  it('keeps the qualifier and the proposal date together', () => {
    const dateOnly = validateEvent({
      type: 'ProjectProposed',
      data: { ...description, proposedOn: '2022' },
      metadata: testMetadata,
    });
    expect(issuesOf(dateOnly)).toEqual([
      { field: 'data.dateQualifier', reason: 'must be given with proposedOn' },
    ]);
    const qualifierOnly = validateEvent({
      type: 'ProjectProposed',
      data: { ...description, dateQualifier: 'on' },
      metadata: testMetadata,
    });
    expect(issuesOf(qualifierOnly)).toEqual([
      { field: 'data.dateQualifier', reason: 'must be omitted when proposedOn is' },
    ]);
  });
});
