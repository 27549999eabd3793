import { Worker } from 'node:worker_threads';
import type { StoredEvent } from '@ledger/domain';
import { Admission } from './admit.ts';
import type { Issue } from './candidate.ts';
import { UuidSet, type UuidSetParts } from './idSet.ts';
import type { JudgedLine } from './lineWork.ts';

/** What the admission worker (`admitWorker.ts`) is started with. */
export interface AdmitTask {
  /** The clock admission decides with, and the events' `recordedAt` while they are judged. */
  readonly now: string;
}

export interface LineRejection {
  readonly n: number;
  readonly text: string;
  readonly issues: readonly Issue[];
}

export type AdmitRequest =
  /** Events of the store (`StoredEvent[]` as JSON), all of them before the first block. */
  | { readonly kind: 'fold'; readonly json: string }
  /** A block of validated lines (`JudgedLine[]` as JSON). */
  | { readonly kind: 'block'; readonly json: string }
  | { readonly kind: 'finish' };

/** The verdicts on one block: a code (see `lineWork.ts`) per line that is not blank. */
export interface Verdicts {
  readonly kind: 'verdicts';
  readonly numbers: readonly number[];
  readonly codes: readonly number[];
  /** The rejected lines, in order, with their reasons. */
  readonly rejections: readonly LineRejection[];
}

export interface Admitted {
  /** The ids of the lines admitted. */
  readonly admitted: UuidSet;
  /** How many streams the admitted lines append to. */
  readonly streams: number;
}

export type AdmitResponse =
  | Verdicts
  | { readonly kind: 'finished'; readonly admitted: UuidSetParts; readonly streams: number }
  | { readonly kind: 'error'; readonly message: string; readonly stack: string };

/**
 * Its young generation is kept small: the state it builds is long-lived, and left to V8's
 * defaults the young generation of the thread building it grew to 128 MB on 1,000,000 lines.
 */
const YOUNG_GENERATION_MB = 16;

/** Pass 1's admission, wherever it runs: the store's events first, then the blocks in file order. */
export interface AdmissionRunner {
  fold(events: readonly StoredEvent[]): void;
  judge(json: string): Promise<Verdicts>;
  finish(): Promise<Admitted>;
  close(): Promise<void>;
}

/** Admission on the importer's own thread: for a small file, starting a thread costs more than it saves. */
export class InlineAdmission implements AdmissionRunner {
  readonly #admission: Admission;

  constructor(task: AdmitTask) {
    this.#admission = new Admission(task.now);
  }

  fold(events: readonly StoredEvent[]): void {
    this.#admission.fold(events);
  }

  async judge(json: string): Promise<Verdicts> {
    return this.#admission.judge(JSON.parse(json) as JudgedLine[]);
  }

  async finish(): Promise<Admitted> {
    return this.#admission.finish();
  }

  async close(): Promise<void> {}
}

/**
 * The admission of pass 1 on its own thread (`admitWorker.ts`): the importer sends it the store's
 * events, then the validated blocks in file order, and gets the verdicts back in that order.
 */
export class AdmissionWorker implements AdmissionRunner {
  readonly #worker: Worker;
  readonly #pending: {
    readonly resolve: (response: AdmitResponse) => void;
    readonly reject: (error: Error) => void;
  }[] = [];
  #failure: Error | undefined;

  constructor(task: AdmitTask) {
    this.#worker = new Worker(new URL('./admitWorker.ts', import.meta.url), {
      workerData: task,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    this.#worker.on('message', (response: AdmitResponse) => {
      if (response.kind === 'error') {
        this.#fail(Object.assign(new Error(response.message), { stack: response.stack }));
      } else {
        this.#pending.shift()?.resolve(response);
      }
    });
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', (code) => {
      this.#fail(new Error(`the admission worker stopped (exit code ${code})`));
    });
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiting of this.#pending.splice(0)) waiting.reject(this.#failure);
  }

  #request(request: AdmitRequest): Promise<AdmitResponse> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#worker.postMessage(request);
    });
  }

  fold(events: readonly StoredEvent[]): void {
    this.#worker.postMessage({ kind: 'fold', json: JSON.stringify(events) } satisfies AdmitRequest);
  }

  async judge(json: string): Promise<Verdicts> {
    return (await this.#request({ kind: 'block', json })) as Verdicts;
  }

  async finish(): Promise<Admitted> {
    const response = await this.#request({ kind: 'finish' });
    if (response.kind !== 'finished') throw new Error(`admission answered ${response.kind}`);
    return { admitted: UuidSet.fromParts(response.admitted), streams: response.streams };
  }

  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }
}
