/**
 * Admission: the ledger state a file is judged against, built from the store's events, and the
 * verdict on each validated line in file order. In two passes it is pass 1's, on its own thread
 * for a large file (`admitWorker.ts`) and on the importer's for a small one; in the single pass
 * it runs inside the line worker (`lineWorker.ts`), beside the validation.
 */
import {
  admit,
  createLedgerState,
  evolveLedger,
  type LedgerEvent,
  parseStoredEvent,
  type StoredEvent,
} from '@ledger/domain';
import type { LineRejection, Verdicts } from './admission.ts';
import { UuidSet } from './idSet.ts';
import { APPEND, HEADER, type JudgedLine, REJECTED, STORED } from './lineWork.ts';

export class Admission {
  readonly #now: string;
  readonly #state = createLedgerState();
  readonly #storedIds = new UuidSet();
  readonly #fileIds = new UuidSet();
  readonly #revisions = new Map<string, number>();
  /** The store's revisions, kept once the file's lines start coming, to count the streams they move. */
  #storeRevisions: ReadonlyMap<string, number> | undefined;

  constructor(now: string) {
    this.#now = now;
  }

  fold(events: readonly StoredEvent[]): void {
    for (const recorded of events) {
      this.#storedIds.add(recorded.id);
      this.#revisions.set(recorded.streamId, recorded.revision);
      const parsed = parseStoredEvent(recorded);
      // Events this domain cannot read (written by other tools, the log's anchors) are kept out
      // of the state, not fatal.
      if (parsed.ok) evolveLedger(this.#state, parsed.event);
    }
  }

  /** Judges one block's lines against the store and the lines before them. */
  judge(lines: readonly JudgedLine[]): Verdicts {
    this.#storeRevisions ??= new Map(this.#revisions);
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
      if (this.#storedIds.has(line.id)) {
        numbers.push(line.n);
        codes.push(STORED);
        continue;
      }
      if (this.#fileIds.has(line.id)) {
        reject(line.n, line.text, [
          { field: 'id', reason: 'repeats the id of an earlier line of the file' },
        ]);
        continue;
      }
      if (!('event' in line)) {
        reject(line.n, line.text, line.issues);
        continue;
      }
      const revision = (this.#revisions.get(line.stream) ?? -1) + 1;
      const event = {
        type: line.event.type,
        data: line.event.data,
        metadata: line.event.metadata,
        id: line.id,
        streamId: line.stream,
        revision,
        position: 0,
        recordedAt: this.#now,
      } as LedgerEvent;
      const admitted = admit(this.#state, event, this.#now);
      if (!admitted.ok) {
        reject(line.n, line.text, [{ field: admitted.error.field, reason: admitted.error.reason }]);
        continue;
      }
      evolveLedger(this.#state, event);
      this.#revisions.set(line.stream, revision);
      this.#fileIds.add(line.id);
      numbers.push(line.n);
      codes.push(APPEND);
    }
    return { kind: 'verdicts', numbers, codes, rejections };
  }

  /** The ids admitted, and how many streams they append to. */
  finish(): { readonly admitted: UuidSet; readonly streams: number } {
    let streams = 0;
    for (const [stream, revision] of this.#revisions) {
      if (this.#storeRevisions?.get(stream) !== revision) streams++;
    }
    return { admitted: this.#fileIds, streams };
  }
}
