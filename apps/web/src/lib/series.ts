/**
 * Counts over time from a membership register: each validity period adds one member of its
 * category from its first day and removes it on its end day (exclusive).
 */

export interface Period {
  readonly category: string;
  readonly startDay: string;
  readonly endDay: string;
}

export interface CountPoint {
  readonly day: string;
  readonly total: number;
  readonly companies: number;
  readonly research: number;
  readonly other: number;
}

const FIELD: Readonly<Record<string, 'companies' | 'research' | 'other'>> = {
  company: 'companies',
  research_organisation: 'research',
  other_body: 'other',
};

/** Members by category on every day the count changes, from `from` (zero members) to `to`. */
export const countsOverTime = (
  periods: readonly Period[],
  from: string,
  to: string,
): CountPoint[] => {
  const deltas = new Map<string, Map<string, number>>();
  const bump = (day: string, category: string, delta: number) => {
    if (day > to) return;
    const onDay = deltas.get(day) ?? new Map<string, number>();
    onDay.set(category, (onDay.get(category) ?? 0) + delta);
    deltas.set(day, onDay);
  };
  for (const period of periods) {
    bump(period.startDay < from ? from : period.startDay, period.category, 1);
    bump(period.endDay, period.category, -1);
  }
  const running = { total: 0, companies: 0, research: 0, other: 0 };
  const points: CountPoint[] = [];
  if (!deltas.has(from)) points.push({ day: from, ...running });
  for (const day of [...deltas.keys()].sort()) {
    for (const [category, delta] of deltas.get(day) ?? []) {
      const field = FIELD[category];
      if (field !== undefined) running[field] += delta;
      running.total += delta;
    }
    points.push({ day, ...running });
  }
  return points;
};
