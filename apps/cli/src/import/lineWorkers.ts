import { Worker } from 'node:worker_threads';
import { CliError, type ExitCode } from '../errors.ts';
import {
  type EncodedBlock,
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
 * down (on 1,000,000 lines, 50 MB less at the peak) at no cost in speed.
 */
const YOUNG_GENERATION_MB = 8;

type BlockOf<T extends LineTask['kind']> = T extends 'judge' ? JudgedBlock : EncodedBlock;

/**
 * Runs one pass's per-line work on a worker thread (`lineWorker.ts`) while the caller, on the
 * main thread, takes the blocks in file order: lines are read, parsed and validated (pass 1) or
 * serialised (pass 2) on another core while the caller admits or appends the lines before them.
 * The worker ends with the iteration, however it ends. `inline` does the same work on this thread.
 * `window`: how many blocks the worker may send ahead of the caller.
 */
export async function* lineBlocks<T extends LineTask['kind']>(
  task: { readonly kind: T } & Omit<Extract<LineTask, { kind: T }>, 'window'>,
  inline = false,
  window = WINDOW,
): AsyncGenerator<BlockOf<T>> {
  if (inline) {
    // A small file: starting a thread costs more than the work it would take off this one.
    yield* taskBlocks({ ...task, window } as unknown as LineTask) as AsyncGenerator<BlockOf<T>>;
    return;
  }
  const queue: (JudgedBlock | EncodedBlock)[] = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const worker = new Worker(new URL('./lineWorker.ts', import.meta.url), {
    workerData: { ...task, window },
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  worker.on('message', (message: WorkerMessage) => {
    if (message.kind === 'block') queue.push(message);
    else if (message.kind === 'end') ended = true;
    else {
      failure ??=
        message.exitCode === null
          ? Object.assign(new Error(message.message), { stack: message.stack })
          : new CliError(message.exitCode as ExitCode, message.message);
    }
    notify();
  });
  worker.on('error', (error) => {
    failure ??= error;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the line worker stopped (exit code ${code}) before reading the file`);
    notify();
  });
  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        worker.postMessage('ack');
        yield next as BlockOf<T>;
      } else if (ended) {
        return;
      } else if (failure !== undefined) {
        throw failure;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
