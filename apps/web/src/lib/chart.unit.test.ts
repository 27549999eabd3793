import { describe, expect, it } from 'vitest';
import { dayNumber, linear, niceCeiling, pathOf, valueTicks, yearTicks } from './chart.ts';

describe('chart geometry', () => {
  it('counts days from the epoch', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2014-01-01') - dayNumber('2013-01-01')).toBe(365);
  });

  it('rounds the top of the axis up to a readable number', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(11)).toBe(20);
    expect(niceCeiling(755)).toBe(1000);
    expect(niceCeiling(230)).toBe(250);
  });

  it('ticks whole numbers from zero to the top', () => {
    expect(valueTicks(755)).toEqual([0, 200, 400, 600, 800]);
    expect(valueTicks(3)).toEqual([0, 1, 2, 3]);
    expect(valueTicks(11)).toEqual([0, 5, 10, 15]);
    expect(valueTicks(0)).toEqual([0, 1]);
  });

  it('maps a domain onto a range, flipping when asked', () => {
    const y = linear([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(linear([5, 5], [0, 10])(5)).toBe(0);
  });

  it('labels at most a handful of years', () => {
    expect(yearTicks('2014-01-01', '2016-06-30')).toEqual([
      '2014-01-01',
      '2015-01-01',
      '2016-01-01',
    ]);
    expect(yearTicks('2014-03-01', '2026-11-23', 7)).toEqual([
      '2015-01-01',
      '2017-01-01',
      '2019-01-01',
      '2021-01-01',
      '2023-01-01',
      '2025-01-01',
    ]);
  });

  it('draws steps that hold a value until the next point', () => {
    const points = [
      { x: 0, y: 10 },
      { x: 5, y: 4 },
    ];
    expect(pathOf(points, true)).toBe('M0.0 10.0H5.0V4.0');
    expect(pathOf(points, false)).toBe('M0.0 10.0L5.0 4.0');
    expect(pathOf([], true)).toBe('');
  });
});
