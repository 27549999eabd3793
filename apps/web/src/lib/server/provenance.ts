/**
 * Where each fact on a page comes from. Censuses carry their citation for every reader; the
 * citations of all other facts are in the audit trail, which the API opens to auditors only.
 */
import type { Api } from './api.ts';

export interface Provenance {
  readonly source: { document: string; section?: string | undefined; url?: string | undefined };
  readonly synthetic: boolean;
}

type AuditRecord = Parameters<Api['audit']['trail']['query']>[0]['record'];

/** Each fact of the record's audit trail by event id; empty for roles the trail is closed to. */
export const trailProvenance = async (
  api: Api,
  record: AuditRecord,
  allowed: boolean,
  minPosition: { minPosition?: number },
): Promise<Record<string, Provenance>> => {
  if (!allowed) return {};
  const trail = await api.audit.trail.query({ record, ...minPosition });
  return Object.fromEntries(
    trail.map((entry) => [entry.eventId, { source: entry.source, synthetic: entry.synthetic }]),
  );
};
