/**
 * Entry of the admission worker thread (`admission.ts` starts it): holds the ledger state the
 * file is judged against, built from the store's events the importer sends first, and admits
 * the validated lines in file order. The state lives here rather than on the importer's thread
 * so that its memory is bounded by this thread's limits and given back whole when pass 1 ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoredEvent } from '@ledger/domain';
import type { AdmitRequest, AdmitResponse, AdmitTask } from './admission.ts';
import { Admission } from './admit.ts';
import type { JudgedLine } from './lineWork.ts';

const { now } = workerData as AdmitTask;
const port = parentPort;
if (port === null) throw new Error('admitWorker.ts runs as a worker thread');

const admission = new Admission(now);

port.on('message', (request: AdmitRequest) => {
  try {
    if (request.kind === 'fold') admission.fold(JSON.parse(request.json) as StoredEvent[]);
    else if (request.kind === 'block') {
      port.postMessage(admission.judge(JSON.parse(request.json) as JudgedLine[]));
    } else {
      const { admitted, streams } = admission.finish();
      const parts = admitted.toParts();
      const response: AdmitResponse = { kind: 'finished', admitted: parts, streams };
      port.postMessage(response, [parts.slots.buffer, parts.used.buffer]);
    }
  } catch (error) {
    port.postMessage({
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? (error.stack ?? '') : '',
    } satisfies AdmitResponse);
  }
});
