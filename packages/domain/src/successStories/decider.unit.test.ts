import { describe, expect, it } from 'vitest';
import { admit, createLedgerState, evolveLedger } from '../admission.ts';
import type { NetworkRegistered } from '../networks/events.ts';
import type { ProjectFunded } from '../projects/events.ts';
import { envelopes, fold } from '../shared/testSupport.ts';
import type { RecordSuccessStory } from './commands.ts';
import {
  decideRecordSuccessStory,
  evolveSuccessStories,
  initialSuccessStoryState,
  type SuccessStoryState,
} from './decider.ts';

const now = '2024-06-01T10:00:00Z';

const registered: NetworkRegistered = {
  type: 'NetworkRegistered',
  data: {
    networkId: 'afil',
    kind: 'technology_cluster',
    name: 'Associazione Fabbrica Intelligente Lombardia',
    headquarters: [],
    s3Ecosystems: ['manifattura_avanzata'],
    technologyAreas: [],
    establishedOn: '2014',
  },
};

const story: RecordSuccessStory['data'] = {
  networkId: 'afil',
  storyId: 'roadmap-economia-circolare',
  title: 'Roadmap Economia Circolare',
  summary: 'AFIL coordinated the regional circular economy roadmap.',
  reportedOn: '2020',
  dateQualifier: 'on',
};

const record = (data: RecordSuccessStory['data'], state: SuccessStoryState) =>
  decideRecordSuccessStory({ type: 'RecordSuccessStory', now, data }, state);

const afterRegistration = (): SuccessStoryState =>
  fold(evolveSuccessStories, initialSuccessStoryState, envelopes([registered]));

describe('RecordSuccessStory', () => {
  it("records a story of a registered network, in the network's stream", () => {
    expect(record(story, afterRegistration())).toEqual({
      ok: true,
      value: [{ type: 'SuccessStoryRecorded', data: story }],
    });
  });

  it('refuses a story of a network that is not registered', () => {
    const result = record(story, initialSuccessStoryState);
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'not_registered',
      field: 'data.networkId',
      reason: 'names network "afil", which is not registered',
    });
  });

  it('refuses a story id the network has already recorded', () => {
    const recorded = fold(
      evolveSuccessStories,
      afterRegistration(),
      envelopes([{ type: 'SuccessStoryRecorded', data: story }], 2),
    );
    const result = record({ ...story, title: 'Another title' }, recorded);
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'already_registered',
      field: 'data.storyId',
    });
    expect(record({ ...story, storyId: 'another-story' }, recorded).ok).toBe(true);
  });

  it('refuses a story dated before the network was established, or in the future', () => {
    const early = record(
      { ...story, reportedOn: '2013-12', dateQualifier: 'by' },
      afterRegistration(),
    );
    expect(early.ok ? null : early.error).toMatchObject({
      code: 'before_establishment',
      field: 'data.reportedOn',
    });
    const future = record({ ...story, reportedOn: '2025' }, afterRegistration());
    expect(future.ok ? null : future.error).toMatchObject({
      code: 'in_the_future',
      field: 'data.reportedOn',
    });
  });
});

describe('admitting SuccessStoryRecorded', () => {
  const funded: ProjectFunded = {
    type: 'ProjectFunded',
    data: {
      projectId: 'ceup-2030',
      title: 'CEUP 2030',
      partners: [],
      networks: ['afil'],
      s3Ecosystems: [],
      pnrr: [],
      fundedOn: '2019',
      dateQualifier: 'by',
    },
  };
  const related = { ...story, relatedProjects: ['ceup-2030'] };

  it('refuses a related project the ledger does not hold, naming its index', () => {
    const state = createLedgerState();
    for (const event of envelopes([registered])) evolveLedger(state, event);
    const [recorded] = envelopes([{ type: 'SuccessStoryRecorded', data: related }], 2);
    if (recorded === undefined) throw new Error('no envelope');
    const refused = admit(state, recorded, now);
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'not_registered',
      field: 'data.relatedProjects.0',
      reason: 'names project "ceup-2030", which is not registered',
    });
    for (const event of envelopes([funded], 3)) evolveLedger(state, event);
    expect(admit(state, recorded, now).ok).toBe(true);
  });
});
