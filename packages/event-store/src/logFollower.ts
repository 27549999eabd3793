/**
 * Catch-up-then-live subscriptions for adapters that can read their own log by position.
 * Catching up and staying live are one loop over one cursor, so there is no hand-over between
 * a "historical" and a "live" phase where an event could be lost or delivered twice.
 */
import type { RecordedEvent, Subscription } from './port.ts';

/** Wakes waiting subscriptions after a commit made through this process. */
export class CommitSignal {
  readonly #listeners = new Set<() => void>();

  listen(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

export interface LogPage<Row> {
  /** Matching rows in log order, still undecoded. */
  readonly rows: readonly Row[];
  /** The cursor to continue from: every event up to here was examined. */
  readonly scannedThrough: number;
}

export interface FollowedLog<Row> {
  /** Matching rows strictly after `after`, at most `limit` of them. */
  readPage(after: number, limit: number): LogPage<Row>;
  decode(row: Row): RecordedEvent;
  readonly signal: CommitSignal;
  /** Also look again this often while idle, for commits made by other processes. */
  readonly pollIntervalMs: number | undefined;
}

const PAGE_SIZE = 500;

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class LogSubscription<Row> implements Subscription {
  readonly #log: FollowedLog<Row>;
  readonly #onEnd: (subscription: LogSubscription<Row>) => void;
  #cursor: number;
  #closed = false;
  #wake: (() => void) | undefined;
  #iterator: AsyncGenerator<RecordedEvent> | undefined;

  constructor(
    log: FollowedLog<Row>,
    after: number,
    onEnd: (subscription: LogSubscription<Row>) => void,
  ) {
    this.#log = log;
    this.#cursor = after;
    this.#onEnd = onEnd;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    this.#iterator ??= this.#run();
    return this.#iterator;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#wake?.();
    this.#onEnd(this);
  }

  async *#run(): AsyncGenerator<RecordedEvent> {
    try {
      while (!this.#closed) {
        const page = this.#log.readPage(this.#cursor, PAGE_SIZE);
        for (const row of page.rows) {
          const event = this.#log.decode(row);
          this.#cursor = event.position;
          yield event;
          if (this.#closed) return;
        }
        this.#cursor = Math.max(this.#cursor, page.scannedThrough);
        if (page.rows.length === 0) {
          // Only an empty page may wait: after yielding, commits may have happened meanwhile.
          await this.#changed();
        } else if (page.rows.length === PAGE_SIZE) {
          // Still catching up: let timers and I/O run between pages of a long replay.
          await nextMacrotask();
        }
      }
    } finally {
      await this.close();
    }
  }

  #changed(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        stopListening();
        this.#wake = undefined;
        resolve();
      };
      const stopListening = this.#log.signal.listen(done);
      const { pollIntervalMs } = this.#log;
      const timer = pollIntervalMs === undefined ? undefined : setTimeout(done, pollIntervalMs);
      this.#wake = done;
    });
  }
}
