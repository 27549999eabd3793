// Test-only: fast-check arbitraries the domain's property tests share.
import fc from 'fast-check';

/** Dates in the given years, at every precision (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`). */
export const datesIn = (from: number, to: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.integer({ min: from, max: to }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.integer({ min: 0, max: 2 }),
    )
    .map(([year, month, day, precision]) => {
      const y = String(year);
      const m = String(month).padStart(2, '0');
      const d = String(day).padStart(2, '0');
      return precision === 0 ? y : precision === 1 ? `${y}-${m}` : `${y}-${m}-${d}`;
    });
