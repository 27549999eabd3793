/**
 * Entry of the line worker thread (`lineWorkers.ts` starts it): reads the import file, does the
 * per-line work of one pass, and sends the lines to the importer in blocks, never more than
 * `window` blocks ahead of it, so a slow importer holds the worker back instead of its memory
 * growing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from '../errors.ts';
import { type Line, readLines } from './lines.ts';
import {
  BLOCK_LINES,
  BlockEncoder,
  type JudgedLine,
  judgeLine,
  type LineTask,
  readerFor,
  type WorkerMessage,
} from './lineWork.ts';

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
  const reader = readerFor(task.format);
  const encoder =
    task.kind === 'encode' ? new BlockEncoder(reader, task.plan, task.codes) : undefined;
  let lines: Line[] = [];
  /** Sends the lines collected so far; false once a changed line ends pass 2. */
  const flush = async (bytesRead: number): Promise<boolean> => {
    if (encoder !== undefined) {
      const encoded = encoder.encode(bytesRead, lines);
      await send(encoded);
      if (encoded.changed !== null) return false;
    } else {
      const judged: JudgedLine[] = [];
      for (const line of lines) {
        const verdict = judgeLine(reader, line, task.kind === 'judge' && task.keepText);
        if (verdict !== null) judged.push(verdict);
      }
      await send({ kind: 'block', bytesRead, json: JSON.stringify(judged) });
    }
    lines = [];
    return true;
  };
  let bytesRead = 0;
  for await (const batch of readLines(task.file)) {
    bytesRead = batch.bytesRead;
    for (const line of batch.lines) {
      lines.push(line);
      if (lines.length === BLOCK_LINES && !(await flush(bytesRead))) return;
    }
  }
  if (lines.length > 0 && !(await flush(bytesRead))) return;
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
