/**
 * The geometry of the time charts: days on the x axis, counts on the y axis. Pure functions, so
 * the SVG components only draw.
 */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` day. */
export const dayNumber = (day: string): number => {
  const [year, month, date] = day.split('-').map(Number);
  return Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1) / DAY_MS;
};

/** The smallest "round" number (1, 2, 2.5 or 5 times a power of ten) not below `value`; at least 1. */
export const niceCeiling = (value: number): number => {
  if (!(value > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
};

/** Whole-number ticks from 0 to just above `max`, about `count` steps; the last is the axis top. */
export const valueTicks = (max: number, count = 4): number[] => {
  const step = niceCeiling(max / count);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let tick = 0; tick <= top; tick += step) ticks.push(tick);
  return ticks;
};

/** A linear map from `domain` to `range`; a zero-width domain maps to the range's start. */
export const linear =
  (domain: readonly [number, number], range: readonly [number, number]) =>
  (value: number): number => {
    const [d0, d1] = domain;
    const [r0, r1] = range;
    return d1 === d0 ? r0 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
  };

/** Years whose 1 January falls within the span, thinned to at most `most` labels. */
export const yearTicks = (fromDay: string, toDay: string, most = 7): string[] => {
  const first = Number(fromDay.slice(0, 4)) + (fromDay.slice(5) === '01-01' ? 0 : 1);
  const last = Number(toDay.slice(0, 4));
  const years: number[] = [];
  for (let year = first; year <= last; year++) years.push(year);
  const every = Math.max(1, Math.ceil(years.length / most));
  return years.filter((year) => (year - first) % every === 0).map((year) => `${year}-01-01`);
};

/**
 * An SVG path through the points. A step path holds each value until the next point: a count
 * stays what it is until a fact changes it.
 */
export const pathOf = (points: readonly { x: number; y: number }[], step: boolean): string => {
  let path = '';
  let previous: { x: number; y: number } | undefined;
  for (const point of points) {
    const x = point.x.toFixed(1);
    const y = point.y.toFixed(1);
    if (previous === undefined) path += `M${x} ${y}`;
    else if (step) path += `H${x}V${y}`;
    else path += `L${x} ${y}`;
    previous = point;
  }
  return path;
};
