import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../registry.ts';
import { envelopes } from '../shared/testSupport.ts';
import { networkDirectory } from './directory.ts';

const events: DomainEvent[] = [
  {
    type: 'NetworkRegistered',
    data: {
      networkId: 'afil',
      kind: 'technology_cluster',
      name: 'Associazione Fabbrica Intelligente Lombardia',
      acronym: 'AFIL',
      headquarters: [{ city: 'Bergamo', province: 'BG' }],
      s3Ecosystems: ['manifattura_avanzata'],
      technologyAreas: ['Advanced Manufacturing Technologies'],
      establishedOn: '2014',
    },
  },
  {
    type: 'NetworkRecognised',
    data: {
      networkId: 'afil',
      authority: 'Regione Lombardia',
      phase: 'start_up',
      recognisedOn: '2014',
    },
  },
  // Recorded later but effective earlier: must not override the 2022 change.
  {
    type: 'NetworkProfileChanged',
    data: {
      networkId: 'afil',
      effectiveDate: '2022',
      changes: { s3Ecosystems: ['manifattura_avanzata', 'connettivita_informazione'] },
    },
  },
  {
    type: 'NetworkProfileChanged',
    data: {
      networkId: 'afil',
      effectiveDate: '2019',
      changes: { s3Ecosystems: ['nutrizione'], website: 'https://www.afil.it' },
    },
  },
  {
    type: 'NetworkAffiliated',
    data: {
      networkId: 'afil',
      internationalNetwork: 'Vanguard Initiative',
      effectiveDate: '2016',
      dateQualifier: 'by',
    },
  },
];

describe('networkDirectory', () => {
  it('holds the current profile, recognitions and affiliations of each network', () => {
    const state = envelopes(events).reduce(networkDirectory.apply, networkDirectory.initialState);
    const afil = state.networks.afil;
    expect(afil?.profile).toMatchObject({
      name: 'Associazione Fabbrica Intelligente Lombardia',
      website: 'https://www.afil.it',
      s3Ecosystems: ['manifattura_avanzata', 'connettivita_informazione'],
    });
    expect(afil?.recognitions).toEqual([
      { authority: 'Regione Lombardia', phase: 'start_up', recognisedOn: '2014' },
    ]);
    expect(afil?.affiliations).toEqual([
      { internationalNetwork: 'Vanguard Initiative', effectiveDate: '2016', dateQualifier: 'by' },
    ]);
  });
});
