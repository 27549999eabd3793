import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../registry.ts';
import { envelopes } from '../shared/testSupport.ts';
import { networkDirectory, recognitionsOn } from './directory.ts';

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
    type: 'NetworkRecognised',
    data: {
      networkId: 'afil',
      authority: 'Regione Lombardia',
      phase: 'consolidation',
      recognisedOn: '2022',
      dateQualifier: 'by',
    },
  },
  {
    type: 'NetworkRegistered',
    data: {
      networkId: 'partenariato',
      kind: 'partnership',
      name: 'Partenariato senza sede nota',
      headquarters: [],
      s3Ecosystems: [],
      technologyAreas: [],
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
      {
        authority: 'Regione Lombardia',
        phase: 'start_up',
        recognisedOn: '2014',
        dateQualifier: 'on',
      },
      {
        authority: 'Regione Lombardia',
        phase: 'consolidation',
        recognisedOn: '2022',
        dateQualifier: 'by',
      },
    ]);
    expect(afil?.affiliations).toEqual([
      { internationalNetwork: 'Vanguard Initiative', effectiveDate: '2016', dateQualifier: 'by' },
    ]);
  });

  it('holds a network whose sources name no seat with no headquarters', () => {
    const state = envelopes(events).reduce(networkDirectory.apply, networkDirectory.initialState);
    expect(state.networks.partenariato?.profile.headquarters).toEqual([]);
  });

  it('counts an "on" recognition from the start of its date and a "by" one from its end', () => {
    const state = envelopes(events).reduce(networkDirectory.apply, networkDirectory.initialState);
    const afil = state.networks.afil;
    if (afil === undefined) throw new Error('afil is registered');
    const phases = (date: string) => recognitionsOn(afil, date).map((r) => r.phase);
    expect(phases('2013')).toEqual([]);
    expect(phases('2014-01')).toEqual(['start_up']);
    expect(phases('2022-06')).toEqual(['start_up']);
    expect(phases('2022')).toEqual(['start_up', 'consolidation']);
  });
});
