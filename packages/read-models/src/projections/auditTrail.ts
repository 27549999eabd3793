/**
 * The audit trail: one row per event with who recorded it, when, from which source and why, its
 * correlation and causation, and for a correction what it corrected. Records an event touches:
 * its stream (`network-…`, `organisation-…`, `project-…`), the member organisation of a membership
 * event (so a membership and an organisation see their events), and the partners and networks a
 * project event names.
 */
import type { DomainEvent, EventEnvelope } from '@ledger/domain';
import { defineProjection, type ProjectionTx } from '../projection.ts';

const memberOf = (event: EventEnvelope<DomainEvent>): string | null => {
  switch (event.type) {
    case 'MemberJoined':
    case 'MemberCategoryChanged':
    case 'MemberLeft':
      return event.data.organisationId;
    case 'MembershipRecordCorrected':
      return event.data.organisationId ?? null;
    default:
      return null;
  }
};

const touch = (tx: ProjectionTx, record: string, position: number): void => {
  tx.insert(
    'INSERT OR IGNORE INTO {audit_touches} (record, position) VALUES (?, ?)',
    record,
    position,
  );
};

/** Project events name other records: partners (organisations, networks) and networks. */
const touchProjectParties = (tx: ProjectionTx, event: EventEnvelope<DomainEvent>): void => {
  switch (event.type) {
    case 'ProjectFunded':
    case 'ProjectProposed': {
      const { lead, partners, networks } = event.data;
      const parties = [
        ...partners.map((partner) => partner.party),
        ...(lead === undefined ? [] : [lead]),
      ];
      for (const party of parties) touch(tx, `${party.kind}-${party.id}`, event.position);
      for (const networkId of networks) touch(tx, `network-${networkId}`, event.position);
      return;
    }
    case 'ProjectPartnerAdded':
      touch(tx, `${event.data.partner.kind}-${event.data.partner.id}`, event.position);
      return;
    default:
      return;
  }
};

export const auditTrailProjection = defineProjection({
  name: 'audit-trail',
  version: 1,
  description:
    'Every event with its recorded-at, actor, source, reason, correlation and causation, and what a correction corrected; indexed by the records it touched.',
  tables: [
    {
      name: 'audit_events',
      columns: `position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, type TEXT NOT NULL,
        stream_id TEXT NOT NULL, organisation_id TEXT, recorded_at TEXT NOT NULL,
        actor TEXT NOT NULL, source TEXT NOT NULL, reason TEXT, correlation_id TEXT,
        causation_id TEXT, schema_version INTEGER NOT NULL, synthetic INTEGER NOT NULL,
        corrects_event_id TEXT, correction TEXT`,
      queryIndexes: ['(stream_id)', '(organisation_id) WHERE organisation_id IS NOT NULL'],
    },
    {
      name: 'audit_touches',
      columns: 'record TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (record, position)',
      withoutRowid: true,
    },
  ],
  apply: (tx, event) => {
    const { metadata } = event;
    const correction = event.type === 'MembershipRecordCorrected' ? event.data : undefined;
    tx.insert(
      `INSERT INTO {audit_events} (position, event_id, type, stream_id, organisation_id,
         recorded_at, actor, source, reason, correlation_id, causation_id, schema_version,
         synthetic, corrects_event_id, correction)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      event.position,
      event.id,
      event.type,
      event.streamId,
      memberOf(event),
      event.recordedAt,
      metadata.actor,
      JSON.stringify(metadata.source),
      metadata.reason ?? null,
      metadata.correlationId ?? null,
      metadata.causationId ?? null,
      metadata.schemaVersion,
      metadata.synthetic === true ? 1 : 0,
      correction?.correctsEventId ?? null,
      correction === undefined ? null : JSON.stringify(correction.correction),
    );
    touchProjectParties(tx, event);
  },
});
