import { readFileSync } from 'node:fs';
import {
  type DomainEvent,
  type EventEnvelope,
  networkDirectory,
  parseStoredEvent,
} from '@ledger/domain';
import { describe, expect, it } from 'vitest';
import { LEDGER_FILE } from './ledger-file.ts';
import { storedEventsOf } from './stored-events.ts';

// What the three articles among the seeds say, and what the report leaves unsaid.
const PARTNERSHIP = '000_6326e1b7a617da13.txt';

const events: EventEnvelope<DomainEvent>[] = storedEventsOf(readFileSync(LEDGER_FILE, 'utf8')).map(
  (stored) => {
    const parsed = parseStoredEvent(stored);
    if (!parsed.ok) throw new Error(`${stored.id}: ${JSON.stringify(parsed.issues)}`);
    return parsed.event;
  },
);

const directory = events.reduce(networkDirectory.apply, networkDirectory.initialState);

// The article's list: 6 universities, CNR and ENEA, 5 chambers of commerce, 6 industrial
// confederations, 3 municipalities and 3 provinces.
const PARTNERS = [
  'universita-degli-studi-di-brescia',
  'universita-degli-studi-di-bergamo',
  'politecnico-di-milano',
  'universita-di-verona',
  'universita-di-trento',
  'universita-di-bolzano',
  'cnr',
  'enea',
  'camera-di-commercio-di-brescia',
  'camera-di-commercio-di-bergamo',
  'camera-di-commercio-di-trento',
  'camera-di-commercio-di-verona',
  'camera-di-commercio-di-vicenza',
  'confindustria-brescia',
  'confindustria-bergamo',
  'confindustria-lecco',
  'confindustria-verona',
  'confindustria-vicenza',
  'confindustria-trento',
  'comune-di-bergamo',
  'comune-di-cremona',
  'comune-di-mantova',
  'provincia-di-brescia',
  'provincia-di-verona',
  'provincia-di-vicenza',
];

describe('the seed articles in the ledger', () => {
  it('holds the seed 000 partnership as an undated proposal led by the Università degli Studi di Brescia', () => {
    const proposals = events.filter(
      (event) => event.type === 'ProjectProposed' && event.metadata.source.document === PARTNERSHIP,
    );
    expect(proposals).toHaveLength(1);
    const [proposal] = proposals;
    if (proposal?.type !== 'ProjectProposed') throw new Error('no seed 000 proposal');
    expect(proposal.data.lead).toEqual({
      kind: 'organisation',
      id: 'universita-degli-studi-di-brescia',
    });
    expect(proposal.data.partners.map(({ party }) => [party.kind, party.id])).toEqual(
      PARTNERS.map((id) => ['organisation', id]),
    );
    for (const field of ['proposedOn', 'dateQualifier', 'programme', 'funder']) {
      expect(proposal.data, field).not.toHaveProperty(field);
    }
    const registeredFromSeed = events.filter(
      (event) =>
        event.type === 'OrganisationRegistered' && event.metadata.source.document === PARTNERSHIP,
    );
    expect(
      registeredFromSeed.map((event) =>
        event.type === 'OrganisationRegistered' ? event.data.organisationId : '',
      ),
    ).toEqual(PARTNERS);
  });

  it('holds no seat the seeds do not give, and keeps those they do', () => {
    const cities = (networkId: string) =>
      directory.networks[networkId]?.profile.headquarters.map((address) => address.city);
    expect(cities('cluster-tecnologici-lombardi')).toEqual([]);
    expect(cities('dih-lombardia')).toEqual([]);
    expect(cities('confindustria-lombardia')).toEqual(['Milano']);
    expect(cities('bergamo-pmi-innovation-hub')).toEqual(['Dalmine']);
  });
});
