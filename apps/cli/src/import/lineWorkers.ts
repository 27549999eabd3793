import { Worker } from 'node:worker_threads';
import type { StoredEvent } from '@ledger/domain';
import { CliError, type ExitCode } from '../errors.ts';
import { Admission } from './admit.ts';
import {
  type AnyBlock,
  type EncodedBlock,
  type ImportBlock,
  type JudgedBlock,
  type LineTask,
  taskBlocks,
  type WorkerMessage,
} from './lineWork.ts';

/**
 * Blocks the worker may send ahead of the importer: enough that it never waits on a busy importer
 * for long, few enough (each ~100 KB) that memory stays flat.
 */
const WINDOW = 8;

/**
 * The worker's blocks die young and its own state is small: a small nursery keeps its memory
 * down (on 1,000,000 lines, 50 MB less at the peak) at no cost in speed. (The single pass's
 * admission state is long-lived too: 16 and 24 MB were no faster there.)
 */
const YOUNG_GENERATION_MB = 8;

/** What the importer sends the line worker: an acknowledged block, the store's events, the go. */
export type ToLineWorker =
  | 'ack'
  /** Events of the store (`StoredEvent[]` as JSON), all of them before `start`. */
  | { readonly kind: 'fold'; readonly json: string }
  | { readonly kind: 'start' };

type BlockOf<T extends LineTask['kind']> = T extends 'judge'
  ? JudgedBlock
  : T extends 'encode'
    ? EncodedBlock
    : ImportBlock;

type TaskOf<T extends LineTask['kind']> = { readonly kind: T } & Omit<
  Extract<LineTask, { kind: T }>,
  'window'
>;

/**
 * One pass's per-line work on a worker thread (`lineWorker.ts`) while the caller, on the main
 * thread, takes the blocks in file order: lines are read, parsed and validated (pass 1),
 * serialised (pass 2), or all of that and admitted (the single pass) on another core while the
 * caller admits or appends the lines before them. `inline` does the same work on this thread.
 * `window`: how many blocks the worker may send ahead of the caller.
 */
export class LinePass<T extends LineTask['kind']> {
  readonly #task: LineTask;
  readonly #worker: Worker | undefined;
  /** The single pass on this thread: the admission the store's events are folded into. */
  readonly #admission: Admission | undefined;
  readonly #queue: AnyBlock[] = [];
  #ended = false;
  #failure: Error | undefined;
  #wake: (() => void) | undefined;

  constructor(task: TaskOf<T>, inline = false, window = WINDOW) {
    this.#task = { ...task, window } as unknown as LineTask;
    if (inline) {
      // A small file: starting a thread costs more than the work it would take off this one.
      this.#admission = this.#task.kind === 'import' ? new Admission(this.#task.now) : undefined;
      return;
    }
    const worker = new Worker(new URL('./lineWorker.ts', import.meta.url), {
      workerData: this.#task,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'block') this.#queue.push(message);
      else if (message.kind === 'end') this.#ended = true;
      else {
        this.#failure ??=
          message.exitCode === null
            ? Object.assign(new Error(message.message), { stack: message.stack })
            : new CliError(message.exitCode as ExitCode, message.message);
      }
      this.#notify();
    });
    worker.on('error', (error) => {
      this.#failure ??= error;
      this.#notify();
    });
    worker.on('exit', (code) => {
      this.#failure ??= new Error(
        `the line worker stopped (exit code ${code}) before reading the file`,
      );
      this.#notify();
    });
    this.#worker = worker;
  }

  #notify(): void {
    this.#wake?.();
    this.#wake = undefined;
  }

  /** The single pass: events of the store, in log order, all of them before `blocks()`. */
  fold(events: readonly StoredEvent[]): void {
    if (this.#worker === undefined) this.#admission?.fold(events);
    else {
      this.#worker.postMessage({
        kind: 'fold',
        json: JSON.stringify(events),
      } satisfies ToLineWorker);
    }
  }

  /** The blocks in file order. The worker ends with the iteration, however it ends. */
  async *blocks(): AsyncGenerator<BlockOf<T>> {
    const worker = this.#worker;
    if (worker === undefined) {
      yield* taskBlocks(this.#task, this.#admission) as AsyncGenerator<BlockOf<T>>;
      return;
    }
    worker.postMessage({ kind: 'start' } satisfies ToLineWorker);
    try {
      for (;;) {
        // A failure first: blocks sent before it may rest on what failed (a partial fold).
        if (this.#failure !== undefined) throw this.#failure;
        const next = this.#queue.shift();
        if (next !== undefined) {
          worker.postMessage('ack' satisfies ToLineWorker);
          yield next as BlockOf<T>;
        } else if (this.#ended) {
          return;
        } else {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
        }
      }
    } finally {
      await this.close();
    }
  }

  /** Stops the worker; for a pass given up before its blocks were taken. */
  async close(): Promise<void> {
    if (this.#worker === undefined) return;
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }
}

/** The blocks of a pass 1 or pass 2 (see `LinePass`). */
export const lineBlocks = <T extends 'judge' | 'encode'>(
  task: TaskOf<T>,
  inline = false,
  window = WINDOW,
): AsyncGenerator<BlockOf<T>> => new LinePass<T>(task, inline, window).blocks();
