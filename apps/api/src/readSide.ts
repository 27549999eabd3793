/**
 * The read side as the API sees it: the read models' position in the log, read-your-writes waits,
 * and a cache of query results that lives exactly as long as the read models stay where they are.
 */
import type { StatementSync } from 'node:sqlite';
import type { EventStore } from '@ledger/event-store';
import { builtInProjections, NO_POSITION, type ReadStore } from '@ledger/read-models';
import { TRPCError } from '@trpc/server';
import { apiError } from './errors.ts';

const POLL_MS = 5;
const CACHE_ENTRIES = 500;
const FRESH_MS = 1;

interface Waiter {
  readonly position: number;
  readonly deadline: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export interface ReadPosition {
  /** The last log position every read model includes; `null` when one has none or is not built. */
  readonly position: number | null;
  /** Changes whenever any read model moves or is swapped for a rebuild. */
  readonly stamp: string;
}

export class ReadSide {
  readonly store: ReadStore;
  readonly #eventStore: EventStore;
  readonly #waitMs: number;
  readonly #names = builtInProjections.map((projection) => projection.name);
  readonly #versions = new Map(
    builtInProjections.map((projection) => [projection.name, projection.version]),
  );
  readonly #waiters = new Set<Waiter>();
  #timer: NodeJS.Timeout | undefined;
  readonly #cache = new Map<string, { readonly stamp: string; readonly value: unknown }>();
  readonly #dataVersion: StatementSync;
  #last:
    | { readonly version: number; readonly position: ReadPosition; readonly at: number }
    | undefined;

  constructor(store: ReadStore, eventStore: EventStore, waitMs: number) {
    this.store = store;
    this.#dataVersion = store.db.prepare('PRAGMA data_version');
    this.#eventStore = eventStore;
    this.#waitMs = waitMs;
  }

  /**
   * Where the read models stand. Re-read only when another connection (the projector) has
   * committed since the last look: SQLite's `data_version` tells, for the price of one integer.
   */
  position(): ReadPosition {
    const now = performance.now();
    const last = this.#last;
    // Within a millisecond the answer stands: positions only grow, so a reader is at worst told
    // an older one, and waits a little longer.
    if (last !== undefined && now - last.at < FRESH_MS) return last.position;
    const version = Number((this.#dataVersion.get() as { data_version: number }).data_version);
    const position = last?.version === version ? last.position : this.#readPosition();
    this.#last = { version, position, at: now };
    return position;
  }

  #readPosition(): ReadPosition {
    const live = new Map(this.store.checkpoints('live').map((c) => [c.name, c]));
    let position: number | null = Number.POSITIVE_INFINITY;
    const parts: string[] = [];
    for (const name of this.#names) {
      const checkpoint = live.get(name);
      if (checkpoint === undefined || checkpoint.version !== this.#versions.get(name)) {
        position = null;
        parts.push(`${name}:-`);
        continue;
      }
      parts.push(`${name}:${checkpoint.generation}:${checkpoint.position}`);
      if (position !== null) {
        position =
          checkpoint.position === NO_POSITION ? null : Math.min(position, checkpoint.position);
      }
    }
    return {
      position: position === Number.POSITIVE_INFINITY ? null : position,
      stamp: parts.join('|'),
    };
  }

  /** Whether every read model is built in this code's version (they may still lag). */
  ready(): boolean {
    return !this.position().stamp.includes(':-');
  }

  /**
   * Resolves once every read model includes log position `position`; throws a TIMEOUT error after
   * the configured wait, or a BAD_REQUEST error when the log has no such position yet.
   */
  async waitFor(position: number, signal?: AbortSignal): Promise<void> {
    if (this.#reached(position)) return;
    const head = await this.#eventStore.headPosition();
    if (head === null || position > head) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `minPosition must be a position of the log; ${position} is beyond its end (${head ?? 'empty'})`,
      });
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        position,
        deadline: Date.now() + this.#waitMs,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = () => {
        this.#waiters.delete(waiter);
        waiter.reject(new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'request aborted' }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
      this.#poll();
    });
  }

  #reached(position: number): boolean {
    const current = this.position().position;
    return current !== null && current >= position;
  }

  #poll(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const { position: current } = this.position();
      const now = Date.now();
      for (const waiter of this.#waiters) {
        if (current !== null && current >= waiter.position) {
          this.#waiters.delete(waiter);
          waiter.resolve();
        } else if (now >= waiter.deadline) {
          this.#waiters.delete(waiter);
          waiter.reject(
            new TRPCError({
              code: 'TIMEOUT',
              message: `the read models did not reach log position ${waiter.position} within ${this.#waitMs} ms (they are at ${current ?? 'none'}); retry shortly`,
            }),
          );
        }
      }
      if (this.#waiters.size > 0) this.#poll();
    }, POLL_MS);
    this.#timer.unref();
  }

  /**
   * The result of `compute`, reused while the read models stay where they are. With `built`, the
   * live read models must exist (a report as known at a past instant replays the log instead).
   */
  async cached<T>(
    key: string,
    compute: () => T | Promise<T>,
    options: { readonly built?: boolean } = {},
  ): Promise<T> {
    const { stamp } = this.position();
    if (options.built === true && stamp.includes(':-')) {
      throw apiError('SERVICE_UNAVAILABLE', 'the read models are not built yet; retry shortly', {
        retryAfter: 5,
      });
    }
    const hit = this.#cache.get(key);
    if (hit !== undefined && hit.stamp === stamp) return hit.value as T;
    const value = await compute();
    this.#cache.delete(key);
    this.#cache.set(key, { stamp, value });
    if (this.#cache.size > CACHE_ENTRIES) {
      const oldest = this.#cache.keys().next();
      if (oldest.done !== true) this.#cache.delete(oldest.value);
    }
    return value;
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const waiter of this.#waiters) {
      waiter.reject(
        new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'the server is shutting down' }),
      );
    }
    this.#waiters.clear();
  }
}
