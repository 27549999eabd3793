/**
 * What the interface offers each role. The API decides what is allowed; this only keeps the
 * interface from offering what would be refused.
 */
import type { Role } from '@ledger/api';

export const canEdit = (role: Role | undefined): boolean => role === 'editor' || role === 'admin';

export const canAudit = (role: Role | undefined): boolean => role === 'auditor' || role === 'admin';
