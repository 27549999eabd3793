/**
 * The line worker thread (`lineWorkers.ts` starts it, through `lineWorker.ts`): reads the import
 * file, does the per-line work of one pass, and sends the lines to the importer in blocks, never
 * more than `window` blocks ahead of it, so a slow importer holds the worker back instead of its
 * memory growing. For the single pass it first takes the store's events (`fold`), which admission
 * judges the file against, and starts reading on `start`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoredEvent } from '@ledger/domain';
import { CliError } from '../errors.ts';
import { Admission } from './admit.ts';
import { type LineTask, taskBlocks, type WorkerMessage } from './lineWork.ts';
import type { ToLineWorker } from './lineWorkers.ts';

const task = workerData as LineTask;
const port = parentPort;
if (port === null) throw new Error('lineWorker.ts runs as a worker thread');

const admission = task.kind === 'import' ? new Admission(task.now) : undefined;
let credits = task.window;
let wake: (() => void) | undefined;
let start: (() => void) | undefined;
let foldFailed = false;
const started =
  task.kind === 'import'
    ? new Promise<void>((resolve) => {
        start = resolve;
      })
    : Promise.resolve();

const fail = (error: unknown): void => {
  port.postMessage({
    kind: 'error',
    exitCode: error instanceof CliError ? error.exitCode : null,
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? (error.stack ?? '') : '',
  } satisfies WorkerMessage);
};

port.on('message', (message: ToLineWorker) => {
  if (message === 'ack') {
    credits++;
    wake?.();
    wake = undefined;
  } else if (message.kind === 'fold') {
    if (foldFailed) return;
    try {
      admission?.fold(JSON.parse(message.json) as StoredEvent[]);
    } catch (error) {
      // Judging against part of the store would admit what it should refuse: read nothing.
      foldFailed = true;
      fail(error);
    }
  } else {
    start?.();
  }
});

const send = async (message: WorkerMessage): Promise<void> => {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  port.postMessage(message);
};

const run = async (): Promise<void> => {
  await started;
  if (foldFailed) return;
  for await (const block of taskBlocks(task, admission)) await send(block);
  await send({ kind: 'end' });
};

run().catch(fail);
