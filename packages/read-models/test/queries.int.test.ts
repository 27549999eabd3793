import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryEventStore, type EventStore } from '@ledger/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auditTrail,
  createProjector,
  membershipRegisterOf,
  networkTimeline,
  openReadStore,
  organisationOf,
  projectList,
  type ReadStore,
} from '../src/index.ts';
import { eventData, joined, left, network, organisation, record } from './support/events.ts';

let dir: string;
let readStore: ReadStore;
let eventStore: EventStore;
let wrongJoinId: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'read-models-queries-'));
  eventStore = createMemoryEventStore({ clock: () => new Date('2026-02-01T10:00:00.000Z') });
  readStore = openReadStore({ file: join(dir, 'read-models.sqlite') });
  const wrongJoin = eventData(joined('afil', 'beta', '2016-04-01', 'research_organisation'));
  wrongJoinId = wrongJoin.id;
  await record(
    eventStore,
    network('afil', '2012'),
    organisation('alpha'),
    organisation('beta'),
    joined('afil', 'alpha', '2014-01-15'),
    wrongJoin,
    {
      type: 'OrganisationRenamed',
      data: { organisationId: 'alpha', name: 'Alpha S.p.A.', effectiveDate: '2018-07' },
    },
    {
      type: 'ProjectFunded',
      data: {
        projectId: 'robots',
        title: 'Robots',
        programme: 'Interreg',
        funder: 'Unione Europea',
        startDate: '2017-01',
        endDate: '2019-12',
        partners: [{ party: { kind: 'organisation', id: 'alpha' }, role: 'coordinator' }],
        networks: ['afil'],
        s3Ecosystems: [],
        pnrr: [],
        dateQualifier: 'on',
        fundedOn: '2016-11',
        amount: { value: 250_000, currency: 'EUR' },
      },
    },
    left('afil', 'alpha', '2020-03-01'),
    {
      type: 'MembershipRecordCorrected',
      data: {
        networkId: 'afil',
        organisationId: 'beta',
        correctsEventId: wrongJoinId,
        correction: { field: 'retracted' },
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

describe('the other read models', () => {
  it('per-network timeline: every event in effective-date order, with the member counts after each', () => {
    const timeline = networkTimeline(readStore, 'afil');
    // Every fact carries its citation, and whether it is synthetic, for any reader to reveal.
    expect(timeline.every((entry) => entry.source?.document === 'test scenario')).toBe(true);
    expect(timeline.some((entry) => entry.synthetic)).toBe(false);
    expect(
      timeline.map((entry) => [entry.type, entry.effectiveDate, entry.members?.total ?? null]),
    ).toEqual([
      ['NetworkRegistered', '2012', 0],
      ['MemberJoined', '2014-01-15', 1],
      // The retracted join is still in the log; the counts, like the register, leave it out.
      ['MemberJoined', '2016-04-01', 1],
      ['MembershipRecordCorrected', '2016-04-01', 1],
      ['ProjectFunded', '2017-01', 1],
      ['MemberLeft', '2020-03-01', 0],
    ]);
  });

  it('membership register: validity intervals, and the corrections with the fact before and after', () => {
    const register = membershipRegisterOf(readStore, 'afil');
    expect(register.intervals).toEqual([
      {
        organisationId: 'alpha',
        joinEventId: expect.any(String),
        from: '2014-01-15',
        dateQualifier: 'on',
        to: '2020-03-01',
        leaveEventId: expect.any(String),
        leaveReason: 'withdrew',
        periods: [
          {
            category: 'company',
            from: '2014-01-15',
            eventId: expect.any(String),
            startDay: '2014-01-15',
            endDay: '2020-03-01',
          },
        ],
      },
    ]);
    expect(register.corrections).toEqual([
      expect.objectContaining({
        correctsEventId: wrongJoinId,
        organisationId: 'beta',
        field: 'retracted',
        before: expect.objectContaining({ kind: 'join', retracted: false }),
        after: expect.objectContaining({ kind: 'join', retracted: true }),
        recordedAt: '2026-02-01T10:00:00.000Z',
      }),
    ]);
  });

  it('organisation directory: names over time, ties to networks and projects', () => {
    expect(organisationOf(readStore, 'alpha')).toEqual({
      id: 'alpha',
      kind: 'company',
      name: 'Alpha S.p.A.',
      city: null,
      province: null,
      country: 'IT',
      website: null,
      names: [
        { name: 'Organisation alpha', effectiveDate: null },
        { name: 'Alpha S.p.A.', effectiveDate: '2018-07' },
      ],
      networks: [
        { networkId: 'afil', from: '2014-01-15', to: '2020-03-01', categories: ['company'] },
      ],
      projects: [{ projectId: 'robots', title: 'Robots', role: 'coordinator' }],
    });
    expect(organisationOf(readStore, 'beta')?.networks).toEqual([]);
    expect(organisationOf(readStore, 'nobody')).toBeNull();
  });

  it('projects: programme, funding, partners, networks and period', () => {
    expect(projectList(readStore, { networkId: 'afil' })).toEqual([
      {
        id: 'robots',
        status: 'funded',
        title: 'Robots',
        programme: 'Interreg',
        funder: 'Unione Europea',
        amount: { value: 250_000, currency: 'EUR' },
        startDate: '2017-01',
        endDate: '2019-12',
        completedOn: null,
        networks: ['afil'],
        partners: [{ kind: 'organisation', id: 'alpha', role: 'coordinator', since: null }],
      },
    ]);
    expect(projectList(readStore, { networkId: 'other' })).toEqual([]);
  });

  it('audit trail: every event that touched a record, with its metadata and what a correction corrected', () => {
    const alpha = auditTrail(readStore, { kind: 'organisation', id: 'alpha' });
    expect(alpha.map((entry) => entry.type)).toEqual([
      'OrganisationRegistered',
      'MemberJoined',
      'OrganisationRenamed',
      'ProjectFunded',
      'MemberLeft',
    ]);
    expect(alpha[0]).toMatchObject({
      actor: 'test',
      source: { document: 'test scenario' },
      recordedAt: '2026-02-01T10:00:00.000Z',
      reason: null,
      correlationId: null,
      causationId: null,
      corrects: null,
    });
    const membership = auditTrail(readStore, {
      kind: 'membership',
      networkId: 'afil',
      organisationId: 'beta',
    });
    expect(membership.map((entry) => entry.type)).toEqual([
      'MemberJoined',
      'MembershipRecordCorrected',
    ]);
    expect(membership[1]?.corrects).toEqual({
      eventId: wrongJoinId,
      type: 'MemberJoined',
      correction: { field: 'retracted' },
      before: expect.objectContaining({ retracted: false }),
      after: expect.objectContaining({ retracted: true }),
    });
    expect(
      auditTrail(readStore, { kind: 'project', id: 'robots' }).map((entry) => entry.type),
    ).toEqual(['ProjectFunded']);
    expect(auditTrail(readStore, { kind: 'network', id: 'afil' })).toHaveLength(6);
  });
});
