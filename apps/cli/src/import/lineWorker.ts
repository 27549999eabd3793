/**
 * Entry of the line worker thread (`lineWorkers.ts` starts it): reads the import file, does the
 * per-line work of one pass, and sends the lines to the importer in blocks, never more than
 * `window` blocks ahead of it, so a slow importer holds the worker back instead of its memory
 * growing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from '../errors.ts';
import { type LineTask, taskBlocks, type WorkerMessage } from './lineWork.ts';

const task = workerData as LineTask;
const port = parentPort;
if (port === null) throw new Error('lineWorker.ts runs as a worker thread');

let credits = task.window;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
  wake = undefined;
});

const send = async (message: WorkerMessage): Promise<void> => {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  port.postMessage(message);
};

const run = async (): Promise<void> => {
  for await (const block of taskBlocks(task)) await send(block);
  await send({ kind: 'end' });
};

run().catch((error: unknown) => {
  port.postMessage({
    kind: 'error',
    exitCode: error instanceof CliError ? error.exitCode : null,
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? (error.stack ?? '') : '',
  } satisfies WorkerMessage);
});
