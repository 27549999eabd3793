import { canonicalJson, sha256Hex } from '@ledger/event-store';

// One canonical form for the whole platform: the event store's, which the hash chain uses too.
export { canonicalJson };

/** `sha256:<hex>` of the canonical JSON of `value`. */
export const contentHash = (value: unknown): string => `sha256:${sha256Hex(canonicalJson(value))}`;
