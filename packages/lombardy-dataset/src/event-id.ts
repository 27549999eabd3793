import { createHash } from 'node:crypto';

/**
 * Namespace of every curated Lombardy event id. Fixed forever: changing it would give every event of
 * the dataset a new id, and an import of the new file would no longer be an idempotent retry of the old.
 */
export const LOMBARDY_DATASET_NAMESPACE = '3f0b7c52-8a64-4e0f-9d0c-6c1e2f7a9b41';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function uuidBytes(uuid: string): Buffer {
  if (!UUID_PATTERN.test(uuid)) {
    throw new TypeError(`namespace: expected a lower-case UUID, got ${JSON.stringify(uuid)}`);
  }
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

/** RFC 9562 UUID version 5: SHA-1 of the namespace's bytes followed by the name's UTF-8 bytes. */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes.writeUInt8(((bytes.readUInt8(6) & 0x0f) | 0x50) >>> 0, 6);
  bytes.writeUInt8(((bytes.readUInt8(8) & 0x3f) | 0x80) >>> 0, 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of the event at `ordinal` (0-based, its revision) in `stream`: the same fact always gets the
 * same id, so re-importing the dataset is an idempotent retry rather than a duplicate.
 */
export function curatedEventId(stream: string, ordinal: number): string {
  if (!Number.isSafeInteger(ordinal) || ordinal < 0) {
    throw new RangeError(`ordinal: expected an integer ≥ 0, got ${ordinal}`);
  }
  return uuidV5(`${stream}/${ordinal}`, LOMBARDY_DATASET_NAMESPACE);
}
