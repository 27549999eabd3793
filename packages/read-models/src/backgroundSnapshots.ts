/**
 * Snapshots taken beside the runner: a worker thread copies the report projections while the
 * runner goes on applying events, so a rebuild does not stop for each copy. The runner waits
 * only until the copy has pinned its read of the store (a few milliseconds): the copy then holds
 * the projections as of that position whatever the runner commits next (SQLite's WAL keeps that
 * state for the copy's read transaction).
 *
 * One snapshot is written at a time. When the worker thread cannot run, snapshots are written in
 * the runner's thread, as before.
 */
import { Worker } from 'node:worker_threads';
import { type SnapshotInfo, type SnapshotRequest, writeSnapshot } from './snapshots.ts';
import type { SnapshotWorkerMessage } from './snapshotWorker.ts';

export interface SnapshotLog {
  taken(snapshot: SnapshotInfo): void;
  failed(message: string): void;
}

export class BackgroundSnapshots {
  readonly #log: SnapshotLog;
  #worker: Worker | undefined;
  #broken = false;
  #running: Promise<void> | undefined;

  constructor(log: SnapshotLog) {
    this.#log = log;
  }

  /**
   * Starts writing the snapshot. Resolves true once its copy is pinned, false when the
   * projections moved on before (no snapshot is written then) or another is being written.
   */
  start(request: SnapshotRequest): Promise<boolean> {
    if (this.#running !== undefined) return Promise.resolve(false);
    const worker = this.#workerOrNull();
    if (worker === null) return Promise.resolve(this.#inThread(request));
    return new Promise<boolean>((resolvePinned) => {
      let finish: () => void = () => {};
      this.#running = new Promise<void>((resolve) => {
        finish = resolve;
      });
      let pinned = false;
      const end = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        this.#running = undefined;
        finish();
      };
      const onMessage = (message: SnapshotWorkerMessage) => {
        if (message.type === 'pinned') {
          pinned = true;
          resolvePinned(true);
          return;
        }
        end();
        if (message.type === 'done') {
          if (message.snapshot !== null) this.#log.taken(message.snapshot);
          if (!pinned) resolvePinned(false);
        } else {
          this.#log.failed(message.message);
          if (!pinned) resolvePinned(false);
        }
      };
      const onError = (error: Error) => {
        this.#broken = true;
        this.#worker = undefined;
        end();
        this.#log.failed(`the snapshot thread stopped: ${error.message}`);
        if (!pinned) resolvePinned(this.#inThread(request));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage(request);
    });
  }

  /** Resolves when no snapshot is being written. */
  async settle(): Promise<void> {
    await this.#running;
  }

  /** Waits for the snapshot being written, then stops the thread. */
  async close(): Promise<void> {
    await this.settle();
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #workerOrNull(): Worker | null {
    if (this.#broken) return null;
    if (this.#worker === undefined) {
      try {
        this.#worker = new Worker(new URL('./snapshotWorker.ts', import.meta.url));
      } catch (error) {
        this.#broken = true;
        this.#log.failed(`cannot start the snapshot thread: ${(error as Error).message}`);
        return null;
      }
      // An idle thread must not keep the process alive.
      this.#worker.unref();
    }
    return this.#worker;
  }

  #inThread(request: SnapshotRequest): boolean {
    try {
      const snapshot = writeSnapshot(request);
      if (snapshot !== null) this.#log.taken(snapshot);
      return snapshot !== null;
    } catch (error) {
      this.#log.failed(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      return false;
    }
  }
}
