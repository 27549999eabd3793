import { createHash } from 'node:crypto';

/** JSON.stringify replacer: plain objects come out with their keys sorted; numbers must be finite. */
const canonicalValue = (_key: string, value: unknown): unknown => {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`canonicalJson: ${value} has no JSON form`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = (value as Record<string, unknown>)[key];
  }
  return sorted;
};

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, arrays in their given
 * order, undefined fields left out. The same content always gives the same bytes, whatever order
 * the keys were built in — and whatever store kept it.
 */
export const canonicalJson = (value: unknown): string => JSON.stringify(value, canonicalValue);

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
