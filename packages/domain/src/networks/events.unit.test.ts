import { describe, expect, it } from 'vitest';
import { validateEvent } from '../codec.ts';
import { testMetadata } from '../shared/testSupport.ts';

const registration = {
  networkId: 'partenariato-unibs',
  kind: 'partnership',
  name: 'Partenariato guidato dall’Università degli Studi di Brescia',
  headquarters: [],
  s3Ecosystems: [],
  technologyAreas: [],
};

// NetworkRegistered is at version 2; the shared test metadata names version 1.
const v2 = { ...testMetadata, schemaVersion: 2 };

const recognition = {
  networkId: 'afil',
  authority: 'Regione Lombardia',
  phase: 'start_up',
  recognisedOn: '2014',
};

describe('network event schemas', () => {
  it('accepts a network whose sources name no seat, with no headquarters', () => {
    expect(validateEvent({ type: 'NetworkRegistered', data: registration, metadata: v2 }).ok).toBe(
      true,
    );
  });

  it('still checks every address listed', () => {
    const result = validateEvent({
      type: 'NetworkRegistered',
      data: { ...registration, headquarters: [{ city: 'Brescia', province: 'Brescia' }] },
      metadata: v2,
    });
    expect(result.ok ? [] : result.issues).toEqual([
      {
        field: 'data.headquarters.0.province',
        reason: 'must be a two-letter province code (sigla), e.g. BG',
      },
    ]);
  });

  it('reads a recognition stored without a qualifier as it was written', () => {
    expect(
      validateEvent({ type: 'NetworkRecognised', data: recognition, metadata: testMetadata }),
    ).toEqual({
      ok: true,
      event: { type: 'NetworkRecognised', data: recognition, metadata: testMetadata },
    });
  });

  it('accepts a recognition attested only by a date, and refuses any other qualifier', () => {
    const by = {
      ...recognition,
      phase: 'consolidation',
      recognisedOn: '2022',
      dateQualifier: 'by',
    };
    expect(validateEvent({ type: 'NetworkRecognised', data: by, metadata: testMetadata }).ok).toBe(
      true,
    );
    const result = validateEvent({
      type: 'NetworkRecognised',
      data: { ...by, dateQualifier: 'around' },
      metadata: testMetadata,
    });
    expect(result.ok ? [] : result.issues).toEqual([
      { field: 'data.dateQualifier', reason: 'must be one of "on", "by"' },
    ]);
  });
});
