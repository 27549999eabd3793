/**
 * Browsing the read models: the list of networks with their profiles, one network's profile, and
 * a search across networks, organisations and projects — what a front end needs to find a record
 * before it asks the other queries about it.
 */
import type { DirectoryEntry } from '@ledger/domain';
import type { ReadStore } from './readStore.ts';

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

export interface NetworkView {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly acronym: string | null;
  /** The first day the ledger knows the network existed (its establishment, else its first fact). */
  readonly firstDay: string | null;
  /** Profile, recognitions, affiliations and profile changes, as the domain's directory keeps them. */
  readonly entry: DirectoryEntry;
  /** The registered name, then each rename with its effective date, in date order. */
  readonly names: readonly { readonly name: string; readonly effectiveDate: string | null }[];
}

const networkViewOf = (store: ReadStore, row: Record<string, unknown>): NetworkView => {
  const id = String(row.network_id);
  return {
    id,
    kind: String(row.kind),
    name: String(row.name),
    acronym: text(row.acronym),
    firstDay: text(row.first_day),
    entry: JSON.parse(String(row.entry)) as DirectoryEntry,
    names: [
      { name: String(row.registered_name), effectiveDate: null },
      ...store
        .all(
          'SELECT name, effective_date FROM network_names WHERE network_id = ? ORDER BY effective_day, seq',
          id,
        )
        .map((name) => ({ name: String(name.name), effectiveDate: String(name.effective_date) })),
    ],
  };
};

/** Every network, by name. */
export function networkList(store: ReadStore): NetworkView[] {
  return store
    .all('SELECT * FROM network_directory ORDER BY name COLLATE NOCASE, network_id')
    .map((row) => networkViewOf(store, row));
}

/** One network's profile; null if it is not registered. */
export function networkOf(store: ReadStore, networkId: string): NetworkView | null {
  const row = store.get('SELECT * FROM network_directory WHERE network_id = ?', networkId);
  return row === undefined ? null : networkViewOf(store, row);
}

export type SearchKind = 'network' | 'organisation' | 'project';

export interface SearchHit {
  readonly kind: SearchKind;
  readonly id: string;
  /** The record's current name (a project's title). */
  readonly name: string;
  /** The name or acronym that matched, when it is not the current name (a former name, say). */
  readonly matched: string | null;
  /** Networks: their kind; organisations: their kind; projects: their status. */
  readonly detail: string;
}

export interface SearchOptions {
  /** Matched case-insensitively anywhere in names, former names, acronyms and ids. */
  readonly text: string;
  /** Most hits per kind. Default 20. */
  readonly limit?: number;
  readonly kinds?: readonly SearchKind[];
}

/** `%`, `_` and the escape itself match literally: the text is what the user typed, not a pattern. */
const likePattern = (value: string): string => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Networks, organisations and projects whose name, former name, acronym or id contains the text;
 * names that start with it first, then alphabetically.
 */
export function search(store: ReadStore, options: SearchOptions): SearchHit[] {
  const needle = options.text.trim();
  if (needle === '') return [];
  const limit = options.limit ?? 20;
  const kinds = new Set(options.kinds ?? ['network', 'organisation', 'project']);
  const pattern = likePattern(needle);
  const prefix = `${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const hits: SearchHit[] = [];
  const hitsOf = (
    kind: SearchKind,
    sql: string,
    detail: (row: Record<string, unknown>) => string,
  ): void => {
    for (const row of store.all(sql, pattern, pattern, pattern, pattern, prefix, limit)) {
      const name = String(row.name);
      const matched = text(row.matched);
      hits.push({
        kind,
        id: String(row.id),
        name,
        matched: matched === null || matched === name ? null : matched,
        detail: detail(row),
      });
    }
  };
  // Each query takes: pattern ×4 (current name, other name, acronym, id), prefix, limit.
  if (kinds.has('network')) {
    hitsOf(
      'network',
      `SELECT d.network_id AS id, d.name, d.kind,
         COALESCE(
           CASE WHEN d.name LIKE ?1 ESCAPE '\\' THEN d.name END,
           (SELECT n.name FROM network_names n WHERE n.network_id = d.network_id
              AND n.name LIKE ?2 ESCAPE '\\' ORDER BY n.seq LIMIT 1),
           CASE WHEN d.registered_name LIKE ?2 ESCAPE '\\' THEN d.registered_name END,
           CASE WHEN d.acronym LIKE ?3 ESCAPE '\\' THEN d.acronym END,
           d.network_id) AS matched
       FROM network_directory d
       WHERE d.name LIKE ?1 ESCAPE '\\' OR d.registered_name LIKE ?2 ESCAPE '\\'
         OR d.acronym LIKE ?3 ESCAPE '\\' OR d.network_id LIKE ?4 ESCAPE '\\'
         OR EXISTS (SELECT 1 FROM network_names n WHERE n.network_id = d.network_id
                      AND n.name LIKE ?2 ESCAPE '\\')
       ORDER BY (d.name LIKE ?5 ESCAPE '\\') DESC, d.name COLLATE NOCASE, d.network_id
       LIMIT ?6`,
      (row) => String(row.kind),
    );
  }
  if (kinds.has('organisation')) {
    hitsOf(
      'organisation',
      `SELECT o.organisation_id AS id, o.name, o.kind,
         COALESCE(
           CASE WHEN o.name LIKE ?1 ESCAPE '\\' THEN o.name END,
           (SELECT n.name FROM organisation_names n WHERE n.organisation_id = o.organisation_id
              AND n.name LIKE ?2 ESCAPE '\\' ORDER BY n.seq LIMIT 1),
           CASE WHEN o.registered_name LIKE ?3 ESCAPE '\\' THEN o.registered_name END,
           o.organisation_id) AS matched
       FROM organisations o
       WHERE o.name LIKE ?1 ESCAPE '\\' OR o.registered_name LIKE ?3 ESCAPE '\\'
         OR o.organisation_id LIKE ?4 ESCAPE '\\'
         OR EXISTS (SELECT 1 FROM organisation_names n WHERE n.organisation_id = o.organisation_id
                      AND n.name LIKE ?2 ESCAPE '\\')
       ORDER BY (o.name LIKE ?5 ESCAPE '\\') DESC, o.name COLLATE NOCASE, o.organisation_id
       LIMIT ?6`,
      (row) => String(row.kind),
    );
  }
  if (kinds.has('project')) {
    hitsOf(
      'project',
      `SELECT p.project_id AS id, p.title AS name, p.status,
         COALESCE(
           CASE WHEN p.title LIKE ?1 ESCAPE '\\' THEN p.title END,
           CASE WHEN p.acronym LIKE ?2 ESCAPE '\\' THEN p.acronym END,
           CASE WHEN p.programme LIKE ?3 ESCAPE '\\' THEN p.programme END,
           p.project_id) AS matched
       FROM projects p
       WHERE p.title LIKE ?1 ESCAPE '\\' OR p.acronym LIKE ?2 ESCAPE '\\'
         OR p.programme LIKE ?3 ESCAPE '\\' OR p.project_id LIKE ?4 ESCAPE '\\'
       ORDER BY (p.title LIKE ?5 ESCAPE '\\') DESC, p.title COLLATE NOCASE, p.project_id
       LIMIT ?6`,
      (row) => String(row.status),
    );
  }
  return hits;
}
