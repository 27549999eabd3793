/**
 * Projects with programme, funding, partners, networks and period. The period is a closed range
 * of days for valid-time queries: from the first day of the start date (the funding date when the
 * start is not known) to the last day of the completion date, else of the planned end (open when
 * neither is known). Only funded projects are ever active; proposals are kept but never counted.
 */
import {
  type EventOf,
  earliestDay,
  latestDay,
  type PartialDate,
  type PartyRef,
} from '@ledger/domain';
import { defineProjection, type ProjectionTx } from '../projection.ts';

type Described = EventOf<'ProjectFunded'> | EventOf<'ProjectProposed'>;

const dayOrNull = (date: PartialDate | undefined, pick: (date: PartialDate) => string) =>
  date === undefined ? null : pick(date);

function writeDescription(tx: ProjectionTx, event: Described & { position: number }): void {
  const { data } = event;
  const funded = event.type === 'ProjectFunded';
  const fundedOn = funded ? event.data.fundedOn : undefined;
  const start = data.startDate ?? (funded ? fundedOn : undefined);
  const previous = tx.get(
    'SELECT completed_on FROM {projects} WHERE project_id = ?',
    data.projectId,
  );
  const completedOn = previous?.completed_on == null ? undefined : String(previous.completed_on);
  tx.run(
    `INSERT OR REPLACE INTO {projects} (project_id, status, title, acronym, summary, programme,
       call, funder, amount, currency, start_date, end_date, completed_on, funded_on, proposed_on,
       date_qualifier, lead_kind, lead_id, s3_ecosystems, start_day, end_day, seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    data.projectId,
    completedOn !== undefined ? 'completed' : funded ? 'funded' : 'proposed',
    data.title,
    data.acronym ?? null,
    data.summary ?? null,
    data.programme ?? null,
    data.call ?? null,
    data.funder ?? null,
    event.type === 'ProjectFunded' ? (event.data.amount?.value ?? null) : null,
    event.type === 'ProjectFunded' ? (event.data.amount?.currency ?? null) : null,
    data.startDate ?? null,
    data.endDate ?? null,
    completedOn ?? null,
    fundedOn ?? null,
    event.type === 'ProjectProposed' ? (event.data.proposedOn ?? null) : null,
    data.dateQualifier ?? null,
    data.lead?.kind ?? null,
    data.lead?.id ?? null,
    JSON.stringify(data.s3Ecosystems),
    dayOrNull(start, earliestDay),
    dayOrNull(completedOn ?? data.endDate, latestDay),
    event.position,
  );
  // The description lists the partners and networks in full: it replaces the previous list, and
  // partners added later (with a date) stay.
  tx.run('DELETE FROM {project_partners} WHERE project_id = ? AND since IS NULL', data.projectId);
  for (const partner of data.partners) {
    insertPartner(tx, data.projectId, partner.party, partner.role, undefined, event.position);
  }
  if (data.lead !== undefined) {
    insertPartner(tx, data.projectId, data.lead, 'lead', undefined, event.position);
  }
  tx.run('DELETE FROM {project_networks} WHERE project_id = ?', data.projectId);
  for (const networkId of new Set(data.networks)) {
    tx.run(
      'INSERT INTO {project_networks} (network_id, project_id) VALUES (?, ?)',
      networkId,
      data.projectId,
    );
  }
}

const insertPartner = (
  tx: ProjectionTx,
  projectId: string,
  party: PartyRef,
  role: string | undefined,
  since: PartialDate | undefined,
  seq: number,
): void => {
  tx.run(
    `INSERT INTO {project_partners} (project_id, party_kind, party_id, role, since, seq)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (project_id, party_kind, party_id) DO UPDATE SET
       role = COALESCE(role, excluded.role), since = COALESCE(since, excluded.since)`,
    projectId,
    party.kind,
    party.id,
    role ?? null,
    since ?? null,
    seq,
  );
};

export const projectsProjection = defineProjection({
  name: 'projects',
  version: 1,
  description:
    'Every project: programme, funder, funding, lead and partners, networks, period, status (proposed, funded, completed).',
  tables: [
    {
      name: 'projects',
      columns: `project_id TEXT PRIMARY KEY, status TEXT NOT NULL, title TEXT NOT NULL,
        acronym TEXT, summary TEXT, programme TEXT, call TEXT, funder TEXT,
        amount REAL, currency TEXT, start_date TEXT, end_date TEXT, completed_on TEXT,
        funded_on TEXT, proposed_on TEXT, date_qualifier TEXT, lead_kind TEXT,
        lead_id TEXT, s3_ecosystems TEXT NOT NULL, start_day TEXT, end_day TEXT,
        seq INTEGER NOT NULL`,
    },
    {
      name: 'project_partners',
      columns: `project_id TEXT NOT NULL, party_kind TEXT NOT NULL, party_id TEXT NOT NULL,
        role TEXT, since TEXT, seq INTEGER NOT NULL,
        PRIMARY KEY (project_id, party_kind, party_id)`,
      withoutRowid: true,
      queryIndexes: ['(party_kind, party_id)'],
    },
    {
      name: 'project_networks',
      columns:
        'network_id TEXT NOT NULL, project_id TEXT NOT NULL, PRIMARY KEY (network_id, project_id)',
      withoutRowid: true,
      indexes: ['(project_id)'],
    },
  ],
  apply: (tx, event) => {
    switch (event.type) {
      case 'ProjectFunded':
      case 'ProjectProposed':
        writeDescription(tx, event);
        return;
      case 'ProjectPartnerAdded':
        insertPartner(
          tx,
          event.data.projectId,
          event.data.partner,
          event.data.role,
          event.data.effectiveDate,
          event.position,
        );
        return;
      case 'ProjectCompleted':
        tx.run(
          `UPDATE {projects} SET status = 'completed', completed_on = ?, end_day = ?
           WHERE project_id = ?`,
          event.data.completedOn,
          latestDay(event.data.completedOn),
          event.data.projectId,
        );
        return;
      default:
        return;
    }
  },
});
