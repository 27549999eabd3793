import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryEventStore, type EventStore } from '@ledger/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { network, organisation, record } from '../test/support/events.ts';
import { networkList, networkOf, search } from './browse.ts';
import { createProjector } from './projector.ts';
import { openReadStore, type ReadStore } from './readStore.ts';

let dir: string;
let readStore: ReadStore;
let eventStore: EventStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'read-models-browse-'));
  eventStore = createMemoryEventStore({ clock: () => new Date('2026-02-01T10:00:00.000Z') });
  readStore = openReadStore({ file: join(dir, 'read-models.sqlite') });
  await record(
    eventStore,
    network('afil', '2012'),
    network('lecc', '2014'),
    {
      type: 'NetworkRecognised',
      data: {
        networkId: 'afil',
        authority: 'Regione Lombardia',
        phase: 'start_up',
        recognisedOn: '2014',
      },
    },
    {
      type: 'NetworkProfileChanged',
      data: {
        networkId: 'lecc',
        effectiveDate: '2019-05',
        changes: { name: 'Lombardy Energy Cleantech Cluster', acronym: 'LE2C' },
      },
    },
    organisation('alpha'),
    organisation('beta'),
    {
      type: 'OrganisationRenamed',
      data: { organisationId: 'beta', name: 'Beta 50% Lab', effectiveDate: '2020' },
    },
    {
      type: 'OrganisationRenamed',
      data: { organisationId: 'alpha', name: 'Alpha Robotica S.p.A.', effectiveDate: '2018-07' },
    },
    {
      type: 'ProjectFunded',
      data: {
        projectId: 'fanghi',
        title: 'FANGHI',
        programme: 'Call Hub Ricerca e Innovazione',
        partners: [],
        networks: ['lecc'],
        s3Ecosystems: [],
        pnrr: [],
        dateQualifier: 'on',
        fundedOn: '2022',
      },
    },
  );
  const projector = createProjector({ readStore, eventStore });
  projector.prepare();
  await projector.build();
});

afterEach(async () => {
  readStore.close();
  await eventStore.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browsing networks', () => {
  it('lists every network by current name, with its profile and names over time', () => {
    const list = networkList(readStore);
    expect(list.map((n) => [n.id, n.name])).toEqual([
      ['lecc', 'Lombardy Energy Cleantech Cluster'],
      ['afil', 'Network afil'],
    ]);
    expect(list[0]?.names).toEqual([
      { name: 'Network lecc', effectiveDate: null },
      { name: 'Lombardy Energy Cleantech Cluster', effectiveDate: '2019-05' },
    ]);
    expect(list[0]?.acronym).toBe('LE2C');
  });

  it('gives one network with its recognitions, or null for an unknown id', () => {
    const afil = networkOf(readStore, 'afil');
    expect(afil?.entry.recognitions).toMatchObject([
      { authority: 'Regione Lombardia', recognisedOn: '2014', dateQualifier: 'on' },
    ]);
    expect(afil?.firstDay).toBe('2012-01-01');
    expect(networkOf(readStore, 'nope')).toBeNull();
  });
});

describe('search', () => {
  it('finds networks, organisations and projects by name, case-insensitively', () => {
    expect(search(readStore, { text: 'cleantech' })).toEqual([
      {
        kind: 'network',
        id: 'lecc',
        name: 'Lombardy Energy Cleantech Cluster',
        matched: null,
        detail: 'technology_cluster',
      },
    ]);
    expect(search(readStore, { text: 'fanghi' }).map((hit) => [hit.kind, hit.id])).toEqual([
      ['project', 'fanghi'],
    ]);
  });

  it('finds a record by a former name or acronym and says which one matched', () => {
    expect(search(readStore, { text: 'Organisation alpha' })).toMatchObject([
      {
        kind: 'organisation',
        id: 'alpha',
        name: 'Alpha Robotica S.p.A.',
        matched: 'Organisation alpha',
      },
    ]);
    expect(search(readStore, { text: 'le2c' })).toMatchObject([
      { kind: 'network', id: 'lecc', matched: 'LE2C' },
    ]);
    expect(search(readStore, { text: 'Ricerca e Innovazione' })).toMatchObject([
      { kind: 'project', id: 'fanghi', matched: 'Call Hub Ricerca e Innovazione' },
    ]);
  });

  it('takes % and _ literally, honours kinds and limit, and finds nothing for blank text', () => {
    expect(search(readStore, { text: '50%' }).map((hit) => hit.id)).toEqual(['beta']);
    expect(search(readStore, { text: '%' }).map((hit) => hit.id)).toEqual(['beta']);
    expect(search(readStore, { text: 'a_' })).toEqual([]);
    expect(search(readStore, { text: 'network', kinds: ['organisation'] })).toEqual([]);
    expect(search(readStore, { text: 'network', limit: 1 })).toHaveLength(1);
    expect(search(readStore, { text: '   ' })).toEqual([]);
  });

  it('ranks names that start with the text first', () => {
    expect(search(readStore, { text: 'a', kinds: ['organisation'] }).map((hit) => hit.id)).toEqual([
      'alpha',
      'beta',
    ]);
  });
});
