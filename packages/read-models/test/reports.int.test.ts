import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryEventStore, type EventStore } from '@ledger/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createProjector,
  ecosystemDiff,
  ecosystemReport,
  listSnapshots,
  openReadStore,
  type ReadStore,
  ReportInputError,
  ReportUnavailableError,
  renderDiff,
  renderReport,
  reportProjections,
  takeSnapshot,
} from '../src/index.ts';
import { eventData, joined, left, network, organisation, record } from './support/events.ts';

let dir: string;
let readStore: ReadStore;
let eventStore: EventStore;
let clock: number;
const at = (iso: string) => {
  clock = Date.parse(iso);
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'read-models-reports-'));
  clock = Date.parse('2026-01-01T00:00:00.000Z');
  eventStore = createMemoryEventStore({ clock: () => new Date(clock) });
  readStore = openReadStore({ file: join(dir, 'read', 'read-models.sqlite') });
});

afterEach(async () => {
  readStore.close();
  await eventStore.close();
  rmSync(dir, { recursive: true, force: true });
});

const project = async () => {
  const projector = createProjector({ readStore, eventStore });
  projector.prepare();
  await projector.build();
  await projector.catchUp();
};

const NOW = new Date('2026-12-31T00:00:00.000Z');

describe('valid-time report', () => {
  it('is empty but valid on a date before any event', async () => {
    await record(
      eventStore,
      network('afil', '2012'),
      organisation('acme'),
      joined('afil', 'acme', '2013-05-01'),
    );
    await project();
    const report = await ecosystemReport({ readStore, validAt: '1999-12-31' });
    expect(report).toEqual({
      validAt: '1999-12-31',
      knownAt: '2026-01-01T00:00:00.000Z',
      position: 3,
      hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      totals: { networks: 0, members: 0, companies: 0, research: 0, other: 0, projects: 0 },
      networks: [],
      receipt: {
        format: 'ledger-receipt/2',
        report: 'ecosystem',
        arguments: { validAt: '1999-12-31', knownAt: null },
        position: 3,
        knownAt: '2026-01-01T00:00:00.000Z',
        anchor: null,
        hash: report.hash,
      },
    });
    expect(renderReport(report, 'csv')).toBe(
      'valid_at,known_at,position,hash,network_id,name,kind,members_total,companies,research,other,census_date,census_total,census_source,projects_active,project_ids\n',
    );
  });

  it('counts members from the register, with the census and projects of the day', async () => {
    await record(
      eventStore,
      network('afil', '2012'),
      organisation('acme'),
      organisation('polimi'),
      organisation('bye'),
      joined('afil', 'acme', '2013-05-01'),
      joined('afil', 'polimi', '2014', 'research_organisation'),
      joined('afil', 'bye', '2014-02-01'),
      left('afil', 'bye', '2018-06-30'),
      {
        type: 'MembershipCensusReported',
        data: {
          networkId: 'afil',
          asOf: '2018',
          total: 3,
          companies: 2,
          researchOrganisations: 1,
          otherBodies: 0,
        },
      },
      {
        type: 'ProjectFunded',
        data: {
          projectId: 'robots',
          title: 'Robots',
          programme: 'Horizon 2020',
          funder: 'Unione Europea',
          startDate: '2017-01',
          endDate: '2020-12',
          partners: [],
          networks: ['afil'],
          s3Ecosystems: [],
          pnrr: [],
          dateQualifier: 'on',
          fundedOn: '2016',
        },
      },
    );
    await project();
    const report = await ecosystemReport({ readStore, validAt: '2019-12-31' });
    expect(report.networks).toEqual([
      {
        id: 'afil',
        name: 'Network afil',
        kind: 'technology_cluster',
        members: { total: 2, companies: 1, research: 1, other: 0 },
        census: {
          date: '2018',
          total: 3,
          companies: 2,
          research: 1,
          other: 0,
          approximate: false,
          source: { document: 'test scenario' },
          eventId: expect.any(String),
        },
        projects: [
          {
            id: 'robots',
            title: 'Robots',
            programme: 'Horizon 2020',
            startDate: '2017-01',
            endDate: '2020-12',
          },
        ],
      },
    ]);
    expect(report.totals).toEqual({
      networks: 1,
      members: 2,
      companies: 1,
      research: 1,
      other: 0,
      projects: 1,
    });
    const before = await ecosystemReport({ readStore, validAt: '2018-06-29' });
    expect(before.networks[0]?.members.total).toBe(3);
    expect(before.networks[0]?.census).toBeNull();
  });

  it('refuses malformed and out-of-range dates with the field and the reason', async () => {
    await project();
    for (const validAt of ['2019-13-01', '2019-02-30', '31/12/2019', '2019', '']) {
      await expect(ecosystemReport({ readStore, validAt })).rejects.toThrow(
        new ReportInputError(
          'validAt',
          `must be a calendar date YYYY-MM-DD (e.g. 2019-12-31), got "${validAt}"`,
        ),
      );
    }
    await expect(ecosystemReport({ readStore, validAt: '1850-01-01' })).rejects.toThrow(
      'validAt must be between 1900-01-01 and 2099-12-31, got "1850-01-01"',
    );
    await expect(
      ecosystemReport({
        readStore,
        eventStore,
        validAt: '2019-12-31',
        knownAt: '2026-06-01',
        now: NOW,
      }),
    ).rejects.toThrow(/^knownAt must be an ISO-8601 timestamp with a Z or numeric offset/);
    await expect(
      ecosystemReport({
        readStore,
        eventStore,
        validAt: '2019-12-31',
        knownAt: '2027-01-01T00:00:00Z',
        now: NOW,
      }),
    ).rejects.toThrow(
      'knownAt must not be in the future (it is now 2026-12-31T00:00:00.000Z), got "2027-01-01T00:00:00Z"',
    );
    await expect(
      ecosystemDiff({ readStore, from: '2020-01-01', to: '2019-01-01' }),
    ).rejects.toThrow('from must not be after to (2019-01-01), got "2020-01-01"');
    await expect(
      ecosystemReport({ readStore, validAt: '2019-12-31' }).then((report) =>
        renderReport(report, 'xml'),
      ),
    ).rejects.toThrow('format must be one of json, csv, got "xml"');
  });

  it('says which read model is missing when none has been built', async () => {
    await expect(ecosystemReport({ readStore, validAt: '2019-12-31' })).rejects.toThrow(
      ReportUnavailableError,
    );
  });
});

describe('both time axes', () => {
  // A member recorded on 2026-01-01 as joined in 2019; on 2026-03-01 a correction says 2017.
  const scenario = async () => {
    at('2026-01-01T00:00:00.000Z');
    const join = eventData(joined('afil', 'late', '2019-06-01'));
    await record(eventStore, network('afil', '2012'), organisation('early'), organisation('late'));
    await record(eventStore, joined('afil', 'early', '2015-03-01'), join);
    at('2026-03-01T00:00:00.000Z');
    await record(eventStore, {
      type: 'MembershipRecordCorrected',
      data: {
        networkId: 'afil',
        organisationId: 'late',
        correctsEventId: join.id,
        correction: { field: 'effectiveDate', value: '2017-01-01' },
      },
    });
    await project();
  };

  it('a backdated correction changes earlier valid-time reports, not a report known before it', async () => {
    await scenario();
    const corrected = await ecosystemReport({ readStore, validAt: '2018-12-31' });
    expect(corrected.networks[0]?.members.total).toBe(2);
    const knownBefore = await ecosystemReport({
      readStore,
      eventStore,
      validAt: '2018-12-31',
      knownAt: '2026-02-01T00:00:00Z',
      now: NOW,
    });
    expect(knownBefore.networks[0]?.members.total).toBe(1);
    expect(knownBefore.knownAt).toBe('2026-02-01T00:00:00.000Z');
    expect(knownBefore.position).toBe(5);
    const knownAfter = await ecosystemReport({
      readStore,
      eventStore,
      validAt: '2018-12-31',
      knownAt: '2026-03-01T00:00:00Z',
      now: NOW,
    });
    expect(knownAfter.networks[0]?.members.total).toBe(2);
    expect(knownAfter.position).toBe(6);
    // Later dates are the same on both axes: the member was there by 2020 either way.
    for (const knownAt of ['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z']) {
      const report = await ecosystemReport({
        readStore,
        eventStore,
        validAt: '2020-12-31',
        knownAt,
        now: NOW,
      });
      expect(report.networks[0]?.members.total).toBe(2);
    }
  });

  it('a known-at report before the first event is empty, with no position', async () => {
    await scenario();
    const report = await ecosystemReport({
      readStore,
      eventStore,
      validAt: '2020-12-31',
      knownAt: '2025-01-01T00:00:00Z',
      now: NOW,
    });
    expect(report.position).toBeNull();
    expect(report.networks).toEqual([]);
  });

  it('gives the same bytes on every rerun, from a replay, a snapshot or the live store', async () => {
    await scenario();
    const args = { readStore, eventStore, validAt: '2018-12-31', now: NOW };
    const liveReport = await ecosystemReport(args);
    const live = renderReport(liveReport, 'json');
    expect(renderReport(await ecosystemReport(args), 'json')).toBe(live);
    // Known at a T after the last event: the live store itself answers, with the same content.
    const atEnd = await ecosystemReport({ ...args, knownAt: '2026-03-15T00:00:00Z' });
    const { receipt: _liveReceipt, ...liveContent } = liveReport;
    const { receipt: atEndReceipt, ...atEndContent } = atEnd;
    expect(atEndContent).toEqual({
      ...liveContent,
      knownAt: '2026-03-15T00:00:00.000Z',
      hash: atEnd.hash,
    });
    expect(atEndReceipt).toMatchObject({
      arguments: { validAt: '2018-12-31', knownAt: '2026-03-15T00:00:00Z' },
      position: liveReport.position,
    });
    // Once the log moves on, the same T is a replay from the start…
    at('2026-04-01T00:00:00.000Z');
    await record(eventStore, organisation('later'));
    await createProjector({ readStore, eventStore }).catchUp();
    const replayed = renderReport(
      await ecosystemReport({ ...args, knownAt: '2026-03-15T00:00:00Z' }),
      'json',
    );
    expect(replayed).toBe(renderReport(atEnd, 'json'));
    // …or starts from a snapshot recorded before T, with the same bytes.
    expect(takeSnapshot(readStore, reportProjections, 'live')?.position).toBe(7);
    expect(listSnapshots(readStore.snapshotDir, reportProjections)).toHaveLength(1);
    expect(
      renderReport(await ecosystemReport({ ...args, knownAt: '2026-03-15T00:00:00Z' }), 'json'),
    ).toBe(replayed);
    const diffArgs = { readStore, eventStore, from: '2016-12-31', to: '2019-12-31', now: NOW };
    for (const format of ['json', 'csv']) {
      for (const knownAt of [undefined, '2026-02-15T00:00:00Z', '2026-03-15T00:00:00Z']) {
        const first = renderDiff(await ecosystemDiff({ ...diffArgs, knownAt }), format);
        expect(renderDiff(await ecosystemDiff({ ...diffArgs, knownAt }), format)).toBe(first);
      }
    }
  });
});

describe('diff between two dates', () => {
  it('lists joins, leaves, category changes, projects started and ended, census changes', async () => {
    await record(
      eventStore,
      network('afil', '2012'),
      organisation('stays'),
      organisation('goes'),
      organisation('comes'),
      joined('afil', 'stays', '2013-01-01', 'research_organisation'),
      joined('afil', 'goes', '2013-01-01'),
      {
        type: 'MembershipCensusReported',
        data: { networkId: 'afil', asOf: '2014-06', total: 2 },
      },
      joined('afil', 'comes', '2016-01-01'),
      left('afil', 'goes', '2017-01-01'),
      {
        type: 'MemberCategoryChanged',
        data: {
          networkId: 'afil',
          organisationId: 'stays',
          from: 'research_organisation',
          to: 'company',
          effectiveDate: '2018-01-01',
        },
      },
      {
        type: 'MembershipCensusReported',
        data: { networkId: 'afil', asOf: '2018-06', total: 2 },
      },
    );
    await project();
    const diff = await ecosystemDiff({ readStore, from: '2015-01-01', to: '2019-01-01' });
    expect(diff.totals).toEqual({
      joined: 1,
      left: 1,
      categoryChanged: 1,
      projectsStarted: 0,
      projectsEnded: 0,
      censusChanged: 1,
    });
    expect(diff.networks[0]?.members).toEqual({
      from: { total: 2, companies: 1, research: 1, other: 0 },
      to: { total: 2, companies: 2, research: 0, other: 0 },
      joined: ['comes'],
      left: ['goes'],
      categoryChanged: [{ organisationId: 'stays', from: 'research_organisation', to: 'company' }],
    });
    expect(diff.networks[0]?.census?.from?.date).toBe('2014-06');
    expect(diff.networks[0]?.census?.to?.date).toBe('2018-06');
    expect(renderDiff(diff, 'csv').split('\n').slice(1, -1)).toEqual([
      `2015-01-01,2019-01-01,2026-01-01T00:00:00.000Z,11,${diff.hash},afil,member_joined,comes,,`,
      `2015-01-01,2019-01-01,2026-01-01T00:00:00.000Z,11,${diff.hash},afil,member_left,goes,,`,
      `2015-01-01,2019-01-01,2026-01-01T00:00:00.000Z,11,${diff.hash},afil,category_changed,stays,research_organisation,company`,
      `2015-01-01,2019-01-01,2026-01-01T00:00:00.000Z,11,${diff.hash},afil,census_changed,,2 (2014-06),2 (2018-06)`,
    ]);
  });
});
