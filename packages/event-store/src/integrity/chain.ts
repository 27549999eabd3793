/**
 * The hash chain of a stream. Every event's metadata carries `chain: { v, prev, hash }`:
 * `hash` commits to the event's stream, revision, id, type, data and metadata (all but the chain
 * itself) and to `prev`, the hash of the event before it in its stream (`null` for the first).
 * Altering, removing or reordering an event inside a stream breaks the link after it. The hash is
 * computed in two steps — the content, then the link — so that the content hashes of many events
 * can be computed in parallel and only the cheap link step follows the stream's order.
 */
import type { JsonObject, JsonValue } from '../port.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';

export const CHAIN_VERSION = 1;
/** The metadata key of the link. */
export const CHAIN_KEY = 'chain';

export interface ChainLink {
  readonly v: typeof CHAIN_VERSION;
  /** The hash of the previous event of the stream; `null` for its first event. */
  readonly prev: string | null;
  readonly hash: string;
}

const HEX_64 = /^[0-9a-f]{64}$/;

/** The metadata as hashed: everything but the link. */
export const withoutChain = (metadata: JsonObject): JsonObject => {
  if (!(CHAIN_KEY in metadata)) return metadata;
  const { [CHAIN_KEY]: _chain, ...rest } = metadata;
  return rest;
};

/** The hash of what an event says: its type, data and metadata (without the link). */
export const contentHash = (type: string, data: JsonValue, metadata: JsonObject): string =>
  contentHashOfCanonical(type, canonicalJson(data), canonicalJson(withoutChain(metadata)));

/**
 * `contentHash` from the canonical JSON of the data and of the metadata without its link, for a
 * caller that stores those texts too and so writes them once.
 */
export const contentHashOfCanonical = (type: string, data: string, metadata: string): string =>
  sha256Hex(`ledger-content/1\n${type}\n${data}\n${metadata}`);

/** The link hash: the content, where it sits (stream, revision, id) and the link before it. */
export const linkHash = (link: {
  readonly streamId: string;
  readonly revision: number;
  readonly id: string;
  readonly content: string;
  readonly prev: string | null;
}): string =>
  sha256Hex(
    `ledger-chain/${CHAIN_VERSION}\n${link.streamId}\n${link.revision}\n${link.id}\n${link.prev ?? '-'}\n${link.content}`,
  );

/** The link an event's metadata carries; `undefined` when it has none, a reason when it is malformed. */
export function chainOf(
  metadata: JsonObject,
): ChainLink | undefined | { readonly malformed: string } {
  const value = metadata[CHAIN_KEY];
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { malformed: 'metadata.chain is not an object' };
  }
  const { v, prev, hash } = value as Record<string, unknown>;
  if (v !== CHAIN_VERSION)
    return { malformed: `metadata.chain.v is ${JSON.stringify(v)}, not ${CHAIN_VERSION}` };
  if (typeof hash !== 'string' || !HEX_64.test(hash)) {
    return { malformed: 'metadata.chain.hash is not a SHA-256 hex digest' };
  }
  if (prev !== null && (typeof prev !== 'string' || !HEX_64.test(prev))) {
    return { malformed: 'metadata.chain.prev is neither null nor a SHA-256 hex digest' };
  }
  return { v: CHAIN_VERSION, prev, hash };
}

export const isLink = (link: ReturnType<typeof chainOf>): link is ChainLink =>
  link !== undefined && !('malformed' in link);
