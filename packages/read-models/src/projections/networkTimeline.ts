/**
 * Per network, every event that concerns it (its own stream, and the projects reported under it)
 * in effective-date order: by the first day of the date the event states, then by log position.
 * The member counts after each entry are read from the membership register at query time (see
 * queries.ts), so a later correction shows in every count it affects.
 */
import {
  type DomainEvent,
  type EventEnvelope,
  earliestDay,
  type PartialDate,
} from '@ledger/domain';
import { defineProjection, type ProjectionTx } from '../projection.ts';

const insertEntry = (
  tx: ProjectionTx,
  networkId: string,
  event: EventEnvelope<DomainEvent>,
  effectiveDate: PartialDate | null,
): void => {
  tx.insert(
    `INSERT INTO {network_timeline} (network_id, sort_day, position, event_id, type,
       effective_date, recorded_at, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    networkId,
    effectiveDate === null ? '' : earliestDay(effectiveDate),
    event.position,
    event.id,
    event.type,
    effectiveDate,
    event.recordedAt,
    JSON.stringify(event.data),
  );
};

/**
 * The dates of the facts a correction may name (joins, category changes, leaves, censuses), by
 * event id: kept in memory while the memo holds every entry written (the build started on an
 * empty table), so a rebuild never looks ids up in an index it would fill at random places.
 */
interface Subjects {
  readonly complete: boolean;
  readonly byId: Map<string, { readonly networkId: string; readonly date: PartialDate | null }>;
}

const SUBJECTS = 'subjects';
/** Beyond this many, the subjects are dropped and looked up through the index from then on. */
const SUBJECT_LIMIT = 2_000_000;

const subjectsOf = (tx: ProjectionTx): Subjects => {
  let subjects = tx.memo.get(SUBJECTS) as Subjects | undefined;
  if (subjects === undefined) {
    subjects = { complete: tx.memoSeesAll('network_timeline'), byId: new Map() };
    tx.memo.set(SUBJECTS, subjects);
  }
  return subjects;
};

/** Enters a fact a correction may later name. */
const insertSubject = (
  tx: ProjectionTx,
  networkId: string,
  event: EventEnvelope<DomainEvent>,
  date: PartialDate,
): void => {
  insertEntry(tx, networkId, event, date);
  const subjects = subjectsOf(tx);
  if (!subjects.complete) return;
  subjects.byId.set(event.id, { networkId, date });
  if (subjects.byId.size > SUBJECT_LIMIT) tx.memo.delete(SUBJECTS);
};

/** The date of the fact a correction names, when it is in the network's timeline. */
const subjectDate = (tx: ProjectionTx, eventId: string, networkId: string): PartialDate | null => {
  const subjects = subjectsOf(tx);
  if (subjects.complete) {
    const subject = subjects.byId.get(eventId);
    return subject?.networkId === networkId ? subject.date : null;
  }
  const row = tx.get(
    'SELECT effective_date FROM {network_timeline} WHERE event_id = ? AND network_id = ?',
    eventId,
    networkId,
  );
  return row?.effective_date == null ? null : String(row.effective_date);
};

const projectNetworks = (tx: ProjectionTx, projectId: string): string[] =>
  tx
    .all('SELECT network_id FROM {timeline_projects} WHERE project_id = ?', projectId)
    .map((row) => String(row.network_id));

export const networkTimelineProjection = defineProjection({
  name: 'network-timeline',
  version: 2,
  description:
    'Per network, every event concerning it in effective-date order (member counts after each are read from the register).',
  tables: [
    {
      name: 'network_timeline',
      // Rows go in log order and are sorted by the readers' index, built once at the swap: kept in
      // effective-date order from the start, each row would land at a random place in the table.
      columns: `network_id TEXT NOT NULL, sort_day TEXT NOT NULL, position INTEGER NOT NULL,
        event_id TEXT NOT NULL, type TEXT NOT NULL, effective_date TEXT, recorded_at TEXT NOT NULL,
        data TEXT NOT NULL`,
      lookupIndexes: ['(event_id)'],
      queryIndexes: ['(network_id, sort_day, position)'],
    },
    {
      name: 'timeline_projects',
      columns:
        'project_id TEXT NOT NULL, network_id TEXT NOT NULL, PRIMARY KEY (project_id, network_id)',
      withoutRowid: true,
    },
  ],
  apply: (tx, event) => {
    // Taken at the first event a memo sees, when the table shows whether it holds every entry.
    subjectsOf(tx);
    switch (event.type) {
      case 'NetworkRegistered':
        insertEntry(tx, event.data.networkId, event, event.data.establishedOn ?? null);
        return;
      case 'NetworkProfileChanged':
      case 'NetworkAffiliated':
        insertEntry(tx, event.data.networkId, event, event.data.effectiveDate);
        return;
      case 'MemberJoined':
      case 'MemberCategoryChanged':
      case 'MemberLeft':
        insertSubject(tx, event.data.networkId, event, event.data.effectiveDate);
        return;
      case 'NetworkRecognised':
        insertEntry(tx, event.data.networkId, event, event.data.recognisedOn);
        return;
      case 'MembershipCensusReported':
        insertSubject(tx, event.data.networkId, event, event.data.asOf);
        return;
      case 'MembershipRecordCorrected': {
        // A correction sits where its subject does: at the corrected date, else at the date of
        // the fact it corrects.
        const { correction, correctsEventId, networkId } = event.data;
        const date =
          correction.field === 'effectiveDate'
            ? correction.value
            : subjectDate(tx, correctsEventId, networkId);
        insertEntry(tx, networkId, event, date);
        return;
      }
      case 'ProjectFunded':
      case 'ProjectProposed': {
        const { projectId, networks } = event.data;
        const date =
          event.type === 'ProjectFunded'
            ? (event.data.startDate ?? event.data.fundedOn)
            : (event.data.proposedOn ?? null);
        for (const networkId of new Set(networks)) {
          tx.run(
            'INSERT OR IGNORE INTO {timeline_projects} (project_id, network_id) VALUES (?, ?)',
            projectId,
            networkId,
          );
          insertEntry(tx, networkId, event, date);
        }
        return;
      }
      case 'ProjectPartnerAdded':
        for (const networkId of projectNetworks(tx, event.data.projectId)) {
          insertEntry(tx, networkId, event, event.data.effectiveDate);
        }
        return;
      case 'ProjectCompleted':
        for (const networkId of projectNetworks(tx, event.data.projectId)) {
          insertEntry(tx, networkId, event, event.data.completedOn);
        }
        return;
      default:
        return;
    }
  },
});
