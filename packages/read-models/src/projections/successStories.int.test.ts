import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent } from '@ledger/domain';
import { createMemoryEventStore, type EventStore } from '@ledger/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { network, record } from '../../test/support/events.ts';
import { createProjector } from '../projector.ts';
import { successStoriesOf } from '../queries.ts';
import { openReadStore, type ReadStore } from '../readStore.ts';
import { successStoriesProjection } from './successStories.ts';

let dir: string;
let readStore: ReadStore;
let eventStore: EventStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'projection-success-stories-'));
  eventStore = createMemoryEventStore();
  readStore = openReadStore({ file: join(dir, 'read-models.sqlite') });
});

afterEach(async () => {
  readStore.close();
  await eventStore.close();
  rmSync(dir, { recursive: true, force: true });
});

const story = (networkId: string, storyId: string, reportedOn: string): DomainEvent => ({
  type: 'SuccessStoryRecorded',
  data: {
    networkId,
    storyId,
    title: `Story ${storyId}`,
    summary: `What ${networkId} achieved.`,
    reportedOn,
    dateQualifier: 'by',
    relatedProjects: ['ceup-2030'],
  },
});

describe('the success-stories projection', () => {
  it("keeps each network's stories in date order, with the citation each was recorded from", async () => {
    await record(
      eventStore,
      network('afil'),
      network('le2c'),
      story('afil', 'later', '2022-05'),
      story('afil', 'earlier', '2020'),
      story('le2c', 'other', '2021'),
    );
    const projector = createProjector({
      readStore,
      eventStore,
      projections: [successStoriesProjection],
    });
    projector.prepare();
    await projector.build();
    const stories = successStoriesOf(readStore, 'afil');
    expect(stories.map((entry) => entry.storyId)).toEqual(['earlier', 'later']);
    expect(stories[0]).toMatchObject({
      title: 'Story earlier',
      summary: 'What afil achieved.',
      reportedOn: '2020',
      dateQualifier: 'by',
      relatedProjects: ['ceup-2030'],
      source: { document: 'test scenario' },
      synthetic: false,
    });
    expect(successStoriesOf(readStore, 'le2c').map((entry) => entry.storyId)).toEqual(['other']);
    expect(successStoriesOf(readStore, 'no-such-network')).toEqual([]);
  });
});
