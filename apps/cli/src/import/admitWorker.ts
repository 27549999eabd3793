/**
 * Entry of the admission worker thread (`admission.ts` starts it): holds the ledger state the
 * file is judged against, built from the store's events the importer sends first, and admits
 * the validated lines in file order. The state lives here rather than on the importer's thread
 * so that its memory is bounded by this thread's limits and given back whole when pass 1 ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  admit,
  createLedgerState,
  evolveLedger,
  type LedgerEvent,
  parseStoredEvent,
  type StoredEvent,
} from '@ledger/domain';
import type { AdmitRequest, AdmitResponse, AdmitTask, LineRejection } from './admission.ts';
import { UuidSet } from './idSet.ts';
import { APPEND, HEADER, type JudgedLine, REJECTED, STORED } from './lineWork.ts';

const { now } = workerData as AdmitTask;
const port = parentPort;
if (port === null) throw new Error('admitWorker.ts runs as a worker thread');

const state = createLedgerState();
const storedIds = new UuidSet();
const fileIds = new UuidSet();
const revisions = new Map<string, number>();
/** The store's revisions, kept once the file's lines start coming, to count the streams they move. */
let storeRevisions: ReadonlyMap<string, number> | undefined;

const fold = (events: readonly StoredEvent[]): void => {
  for (const recorded of events) {
    storedIds.add(recorded.id);
    revisions.set(recorded.streamId, recorded.revision);
    const parsed = parseStoredEvent(recorded);
    // Events this domain cannot read (written by other tools) are kept out of the state, not fatal.
    if (parsed.ok) evolveLedger(state, parsed.event);
  }
};

/** Judges one block's lines against the store and the lines before them. */
const judge = (lines: readonly JudgedLine[]): AdmitResponse => {
  storeRevisions ??= new Map(revisions);
  const numbers: number[] = [];
  const codes: number[] = [];
  const rejections: LineRejection[] = [];
  const reject = (n: number, text: string | undefined, issues: LineRejection['issues']) => {
    numbers.push(n);
    codes.push(REJECTED);
    rejections.push({ n, text: text ?? '', issues });
  };
  for (const line of lines) {
    if ('header' in line) {
      numbers.push(line.n);
      codes.push(HEADER);
      continue;
    }
    if (!('id' in line)) {
      reject(line.n, line.text, line.issues);
      continue;
    }
    if (storedIds.has(line.id)) {
      numbers.push(line.n);
      codes.push(STORED);
      continue;
    }
    if (fileIds.has(line.id)) {
      reject(line.n, line.text, [
        { field: 'id', reason: 'repeats the id of an earlier line of the file' },
      ]);
      continue;
    }
    if (!('event' in line)) {
      reject(line.n, line.text, line.issues);
      continue;
    }
    const revision = (revisions.get(line.stream) ?? -1) + 1;
    const event = {
      ...line.event,
      id: line.id,
      streamId: line.stream,
      revision,
      position: 0,
      recordedAt: now,
    } as LedgerEvent;
    const admitted = admit(state, event, now);
    if (!admitted.ok) {
      reject(line.n, line.text, [{ field: admitted.error.field, reason: admitted.error.reason }]);
      continue;
    }
    evolveLedger(state, event);
    revisions.set(line.stream, revision);
    fileIds.add(line.id);
    numbers.push(line.n);
    codes.push(APPEND);
  }
  return { kind: 'verdicts', numbers, codes, rejections };
};

const finish = (): void => {
  let streams = 0;
  for (const [stream, revision] of revisions) {
    if (storeRevisions?.get(stream) !== revision) streams++;
  }
  const admitted = fileIds.toParts();
  const response: AdmitResponse = { kind: 'finished', admitted, streams };
  port.postMessage(response, [admitted.slots.buffer, admitted.used.buffer]);
};

port.on('message', (request: AdmitRequest) => {
  try {
    if (request.kind === 'fold') fold(JSON.parse(request.json) as StoredEvent[]);
    else if (request.kind === 'block') {
      port.postMessage(judge(JSON.parse(request.json) as JudgedLine[]));
    } else finish();
  } catch (error) {
    port.postMessage({
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? (error.stack ?? '') : '',
    } satisfies AdmitResponse);
  }
});
