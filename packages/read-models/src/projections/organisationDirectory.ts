/**
 * The organisation directory: every organisation's profile and its names over valid time. Its
 * ties to networks (memberships) and projects (lead, partner) are read from the membership
 * register and the projects model at query time (see queries.ts), so they never disagree.
 */
import { earliestDay } from '@ledger/domain';
import { defineProjection } from '../projection.ts';

export const organisationDirectoryProjection = defineProjection({
  name: 'organisation-directory',
  version: 1,
  description: 'Every organisation: kind, seat, website, and its names over time.',
  tables: [
    {
      name: 'organisations',
      columns: `organisation_id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,
        registered_name TEXT NOT NULL, city TEXT, province TEXT, country TEXT NOT NULL,
        website TEXT, seq INTEGER NOT NULL`,
    },
    {
      name: 'organisation_names',
      columns: `organisation_id TEXT NOT NULL, seq INTEGER NOT NULL, effective_date TEXT NOT NULL,
        effective_day TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (organisation_id, seq)`,
      withoutRowid: true,
    },
  ],
  apply: (tx, event) => {
    switch (event.type) {
      case 'OrganisationRegistered': {
        const { data } = event;
        tx.run(
          `INSERT OR REPLACE INTO {organisations} (organisation_id, kind, name, registered_name,
             city, province, country, website, seq)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          data.organisationId,
          data.kind,
          data.name,
          data.name,
          data.city ?? null,
          data.province ?? null,
          data.country,
          data.website ?? null,
          event.position,
        );
        return;
      }
      case 'OrganisationRenamed': {
        const { organisationId, effectiveDate, name } = event.data;
        tx.run(
          `INSERT INTO {organisation_names} (organisation_id, seq, effective_date, effective_day, name)
           VALUES (?, ?, ?, ?, ?)`,
          organisationId,
          event.position,
          effectiveDate,
          earliestDay(effectiveDate),
          name,
        );
        // The current name is the one with the latest effective date, however late it was recorded.
        tx.run(
          `UPDATE {organisations} SET name = (
             SELECT name FROM {organisation_names} WHERE organisation_id = ?
             ORDER BY effective_day DESC, seq DESC LIMIT 1)
           WHERE organisation_id = ?`,
          organisationId,
          organisationId,
        );
        return;
      }
      case 'OrganisationProfileChanged': {
        const { organisationId, changes } = event.data;
        tx.run(
          `UPDATE {organisations} SET kind = COALESCE(?, kind), city = COALESCE(?, city),
             province = COALESCE(?, province), country = COALESCE(?, country),
             website = COALESCE(?, website)
           WHERE organisation_id = ?`,
          changes.kind ?? null,
          changes.city ?? null,
          changes.province ?? null,
          changes.country ?? null,
          changes.website ?? null,
          organisationId,
        );
        return;
      }
      default:
        return;
    }
  },
});
