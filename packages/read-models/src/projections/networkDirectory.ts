/**
 * The networks of the ecosystem overview: each network's profile (kept with the domain's
 * `networkDirectory` logic), its names over valid time, and the first day the ledger places it in
 * existence: its founding date when known, else the earliest dated fact about it.
 */
import {
  type DirectoryEntry,
  earliestDay,
  latestDay,
  networkDirectory,
  type PartialDate,
} from '@ledger/domain';
import { defineProjection, type ProjectionTx } from '../projection.ts';

const loadEntry = (tx: ProjectionTx, networkId: string): DirectoryEntry | undefined => {
  const row = tx.get('SELECT entry FROM {network_directory} WHERE network_id = ?', networkId);
  return row === undefined ? undefined : (JSON.parse(String(row.entry)) as DirectoryEntry);
};

/** What decides whether a fact moves the network's first day: kept in the memo per network. */
interface FirstDay {
  readonly established: boolean;
  day: string | null;
}

const firstDayKey = (networkId: string) => `first-day:${networkId}`;

/**
 * Moves the network's first day earlier when a fact is dated before it. Most facts are not:
 * the memo knows the network's first day, so they cost no statement.
 */
const seenOn = (tx: ProjectionTx, networkId: string, day: string): void => {
  const key = firstDayKey(networkId);
  let known = tx.memo.get(key) as FirstDay | undefined;
  if (known === undefined) {
    const row = tx.get(
      'SELECT established_day, first_day FROM {network_directory} WHERE network_id = ?',
      networkId,
    );
    if (row === undefined) return;
    known = {
      established: row.established_day !== null,
      day: row.first_day === null ? null : String(row.first_day),
    };
    tx.memo.set(key, known);
  }
  if (known.established || (known.day !== null && known.day <= day)) return;
  tx.run('UPDATE {network_directory} SET first_day = ? WHERE network_id = ?', day, networkId);
  known.day = day;
};

const dayOfFact = (date: PartialDate, qualifier: 'on' | 'by' = 'on'): string =>
  qualifier === 'by' ? latestDay(date) : earliestDay(date);

export const networkDirectoryProjection = defineProjection({
  name: 'network-directory',
  version: 1,
  description:
    'Every network: kind, profile with its changes, recognitions, affiliations, names over time and the first day it existed.',
  tables: [
    {
      name: 'network_directory',
      columns: `network_id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,
        registered_name TEXT NOT NULL, acronym TEXT, established_on TEXT, established_day TEXT,
        first_day TEXT, entry TEXT NOT NULL, seq INTEGER NOT NULL`,
    },
    {
      name: 'network_names',
      columns: `network_id TEXT NOT NULL, seq INTEGER NOT NULL, effective_date TEXT NOT NULL,
        effective_day TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (network_id, seq)`,
      withoutRowid: true,
    },
  ],
  apply: (tx, event) => {
    switch (event.type) {
      case 'NetworkRegistered': {
        const state = networkDirectory.apply({ networks: {} }, event);
        const entry = state.networks[event.data.networkId];
        if (entry === undefined) return;
        const established =
          event.data.establishedOn === undefined ? null : earliestDay(event.data.establishedOn);
        tx.run(
          `INSERT OR REPLACE INTO {network_directory} (network_id, kind, name, registered_name,
             acronym, established_on, established_day, first_day, entry, seq)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          entry.networkId,
          entry.kind,
          entry.profile.name,
          entry.profile.name,
          entry.profile.acronym ?? null,
          event.data.establishedOn ?? null,
          established,
          established,
          JSON.stringify(entry),
          event.position,
        );
        tx.memo.set(firstDayKey(entry.networkId), {
          established: established !== null,
          day: established,
        } satisfies FirstDay);
        return;
      }
      case 'NetworkProfileChanged':
      case 'NetworkRecognised':
      case 'NetworkAffiliated': {
        const { networkId } = event.data;
        const current = loadEntry(tx, networkId);
        if (current === undefined) return;
        const entry = networkDirectory.apply({ networks: { [networkId]: current } }, event)
          .networks[networkId];
        if (entry === undefined) return;
        tx.run(
          'UPDATE {network_directory} SET name = ?, acronym = ?, entry = ? WHERE network_id = ?',
          entry.profile.name,
          entry.profile.acronym ?? null,
          JSON.stringify(entry),
          networkId,
        );
        if (event.type === 'NetworkProfileChanged') {
          const { name } = event.data.changes;
          if (name !== undefined) {
            tx.run(
              `INSERT INTO {network_names} (network_id, seq, effective_date, effective_day, name)
               VALUES (?, ?, ?, ?, ?)`,
              networkId,
              event.position,
              event.data.effectiveDate,
              earliestDay(event.data.effectiveDate),
              name,
            );
          }
          seenOn(tx, networkId, earliestDay(event.data.effectiveDate));
        } else if (event.type === 'NetworkRecognised') {
          seenOn(tx, networkId, dayOfFact(event.data.recognisedOn, event.data.dateQualifier));
        } else {
          seenOn(tx, networkId, dayOfFact(event.data.effectiveDate, event.data.dateQualifier));
        }
        return;
      }
      case 'MemberJoined':
        seenOn(
          tx,
          event.data.networkId,
          dayOfFact(event.data.effectiveDate, event.data.dateQualifier),
        );
        return;
      case 'MembershipCensusReported':
        seenOn(tx, event.data.networkId, latestDay(event.data.asOf));
        return;
      default:
        return;
    }
  },
});
