/**
 * Writes snapshots in a worker thread, so a rebuild goes on applying events while its snapshots
 * are copied (see `BackgroundSnapshots`). Each request is answered with `pinned` as soon as the
 * copy reads the read store at a fixed state, then `done` or `failed`.
 */
import { parentPort } from 'node:worker_threads';
import { type SnapshotInfo, type SnapshotRequest, writeSnapshot } from './snapshots.ts';

export type SnapshotWorkerMessage =
  | { readonly type: 'pinned' }
  | {
      readonly type: 'done';
      readonly snapshot: SnapshotInfo | null;
    }
  | { readonly type: 'failed'; readonly message: string };

const port = parentPort;
if (port === null) throw new Error('snapshotWorker.ts runs only as a worker thread');

port.on('message', (request: SnapshotRequest) => {
  const post = (message: SnapshotWorkerMessage) => port.postMessage(message);
  try {
    const snapshot = writeSnapshot(request, () => post({ type: 'pinned' }));
    post({ type: 'done', snapshot });
  } catch (error) {
    post({
      type: 'failed',
      message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
});
