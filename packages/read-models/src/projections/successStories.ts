/**
 * Per network, its success stories in date order, each with the citation it was recorded from.
 * The citation is kept here, from the event's metadata, so the read model answers alone.
 */
import { earliestDay } from '@ledger/domain';
import { defineProjection } from '../projection.ts';

export const successStoriesProjection = defineProjection({
  name: 'success-stories',
  version: 1,
  description: "Per network, its success stories in date order, with each one's citation.",
  tables: [
    {
      name: 'success_stories',
      columns: `network_id TEXT NOT NULL, story_id TEXT NOT NULL, sort_day TEXT NOT NULL,
        position INTEGER NOT NULL, event_id TEXT NOT NULL, title TEXT NOT NULL,
        summary TEXT NOT NULL, reported_on TEXT NOT NULL, date_qualifier TEXT NOT NULL,
        related_projects TEXT NOT NULL, recorded_at TEXT NOT NULL, source TEXT NOT NULL,
        synthetic INTEGER NOT NULL, PRIMARY KEY (network_id, story_id)`,
      withoutRowid: true,
      queryIndexes: ['(network_id, sort_day, position)'],
    },
  ],
  apply: (tx, event) => {
    if (event.type !== 'SuccessStoryRecorded') return;
    const { networkId, storyId, title, summary, reportedOn, dateQualifier } = event.data;
    tx.insert(
      `INSERT INTO {success_stories} (network_id, story_id, sort_day, position, event_id, title,
         summary, reported_on, date_qualifier, related_projects, recorded_at, source, synthetic)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      networkId,
      storyId,
      earliestDay(reportedOn),
      event.position,
      event.id,
      title,
      summary,
      reportedOn,
      dateQualifier,
      JSON.stringify(event.data.relatedProjects ?? []),
      event.recordedAt,
      JSON.stringify(event.metadata.source),
      event.metadata.synthetic === true ? 1 : 0,
    );
  },
});
