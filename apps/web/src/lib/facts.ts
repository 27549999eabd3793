/**
 * A membership fact as a correction saw it, before and after, field by field: the corrected
 * fields are those whose values differ.
 */
import { categoryLabel, qualifierLabel } from '$lib/labels.ts';
import { m } from '$lib/paraglide/messages.js';

export interface FactRow {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly changed: boolean;
}

// Identity fields say which fact it is, not what it states: they never change in a correction.
const HIDDEN = new Set(['eventId', 'organisationId', 'kind']);

const LABELS: Readonly<Record<string, () => string>> = {
  effectiveDate: m.fact_field_date,
  asOf: m.fact_field_date,
  category: m.category,
  from: m.fact_field_from,
  to: m.fact_field_to,
  dateQualifier: m.fact_field_qualifier,
  reason: m.fact_field_reason,
  retracted: m.fact_field_retracted,
  total: m.count_total,
  companies: m.category_company,
  researchOrganisations: m.category_research,
  otherBodies: m.category_other,
  approximate: m.approximate,
};

const show = (key: string, value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? m.yes() : m.no();
  if (key === 'category' || key === 'from' || key === 'to') return categoryLabel(String(value));
  if (key === 'dateQualifier') return qualifierLabel(String(value));
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

const entries = (fact: unknown): [string, unknown][] =>
  typeof fact === 'object' && fact !== null ? Object.entries(fact) : [];

/** The rows of `fact`, each flagged when `other` holds a different value for it. */
export const factRows = (fact: unknown, other: unknown): FactRow[] => {
  const others = new Map(entries(other));
  return entries(fact)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => ({
      key,
      label: LABELS[key]?.() ?? key,
      value: show(key, value),
      changed: JSON.stringify(value) !== JSON.stringify(others.get(key)),
    }));
};
