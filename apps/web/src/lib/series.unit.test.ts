import { describe, expect, it } from 'vitest';
import { countsOverTime } from './series.ts';

const OPEN = '9999-12-31';

describe('members over time from validity periods', () => {
  it('starts at zero and steps on each join, change and leave', () => {
    const points = countsOverTime(
      [
        { category: 'company', startDay: '2018-01-01', endDay: OPEN },
        { category: 'research_organisation', startDay: '2018-01-01', endDay: '2020-06-01' },
        // The same member after a category change: a second period from the change on.
        { category: 'company', startDay: '2020-06-01', endDay: OPEN },
      ],
      '2014-01-01',
      '2026-01-01',
    );
    expect(points).toEqual([
      { day: '2014-01-01', total: 0, companies: 0, research: 0, other: 0 },
      { day: '2018-01-01', total: 2, companies: 1, research: 1, other: 0 },
      { day: '2020-06-01', total: 2, companies: 2, research: 0, other: 0 },
    ]);
  });

  it('leaves out what happens after the end of the span', () => {
    const points = countsOverTime(
      [{ category: 'other_body', startDay: '2030-01-01', endDay: OPEN }],
      '2014-01-01',
      '2026-01-01',
    );
    expect(points).toEqual([{ day: '2014-01-01', total: 0, companies: 0, research: 0, other: 0 }]);
  });

  it('counts a member who joined before the span from its first day', () => {
    const points = countsOverTime(
      [{ category: 'company', startDay: '2010-05-01', endDay: OPEN }],
      '2014-01-01',
      '2026-01-01',
    );
    expect(points).toEqual([{ day: '2014-01-01', total: 1, companies: 1, research: 0, other: 0 }]);
  });
});
