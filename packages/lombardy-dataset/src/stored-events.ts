import type { StoredEvent } from '@ledger/domain';

/** The time a replay of the dataset stamps on every event; the ledger itself never carries one. */
export const REPLAY_RECORDED_AT = '2022-12-31T23:59:59.000Z';

/**
 * Reads an interchange file as a store would hold it after importing it into an empty log: each
 * line's revision counts within its stream, its position along the file.
 */
export const storedEventsOf = (jsonl: string): StoredEvent[] => {
  const revisions = new Map<string, number>();
  return jsonl
    .split('\n')
    .filter((line) => line !== '')
    .map((line, position) => {
      const { id, stream, type, data, metadata } = JSON.parse(line) as {
        id: string;
        stream: string;
        type: string;
        data: unknown;
        metadata: unknown;
      };
      const revision = revisions.get(stream) ?? 0;
      revisions.set(stream, revision + 1);
      return {
        id,
        type,
        streamId: stream,
        revision,
        position,
        recordedAt: REPLAY_RECORDED_AT,
        data,
        metadata,
      };
    });
};
