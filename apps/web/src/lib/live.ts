/**
 * Which live changes concern the page on screen. A page lists the records it shows as keys
 * (`network:afil`, `organisation:polimi`), or `*` when any change may alter it (the overview).
 */
import type { ChangedRecord } from '@ledger/api';

export type LiveKey = '*' | `${'network' | 'organisation' | 'project'}:${string}`;

export const keysOf = (record: ChangedRecord): LiveKey[] =>
  record.kind === 'membership'
    ? [`network:${record.networkId}`, `organisation:${record.organisationId}`]
    : [`${record.kind}:${record.id}`];

export const concerns = (watched: readonly string[], records: readonly ChangedRecord[]): boolean =>
  watched.includes('*') ||
  records.some((record) => keysOf(record).some((key) => watched.includes(key)));
