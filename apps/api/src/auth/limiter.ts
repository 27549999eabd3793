/**
 * Sign-in throttling. Failed attempts are counted per user name and per client address over a
 * sliding window; once a key has `maxFailures` in the window (ten times that for an address, which
 * many people may share), sign-ins for it are refused until the oldest failure leaves the window.
 * A success clears the user name's failures, not the address's.
 */
export interface SignInLimits {
  readonly maxFailures: number;
  readonly windowMs: number;
}

/** How many keys are remembered at most; the least recently failed are forgotten first. */
const MAX_KEYS = 10_000;
const ADDRESS_FACTOR = 10;

export class SignInLimiter {
  readonly #limits: SignInLimits;
  readonly #clock: () => number;
  readonly #failures = new Map<string, number[]>();

  constructor(limits: SignInLimits, clock: () => number = Date.now) {
    this.#limits = limits;
    this.#clock = clock;
  }

  #recent(key: string, now: number): number[] {
    const since = now - this.#limits.windowMs;
    const kept = (this.#failures.get(key) ?? []).filter((time) => time > since);
    if (kept.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, kept);
    return kept;
  }

  /** Milliseconds until a sign-in for this user from this address may be tried; 0 when it may now. */
  retryAfterMs(username: string, address: string): number {
    const now = this.#clock();
    const waits = [
      [`user:${username}`, this.#limits.maxFailures],
      [`address:${address}`, this.#limits.maxFailures * ADDRESS_FACTOR],
    ] as const;
    let wait = 0;
    for (const [key, max] of waits) {
      const recent = this.#recent(key, now);
      if (recent.length >= max) {
        const oldest = recent[recent.length - max] ?? now;
        wait = Math.max(wait, oldest + this.#limits.windowMs - now);
      }
    }
    return wait;
  }

  failed(username: string, address: string): void {
    const now = this.#clock();
    for (const key of [`user:${username}`, `address:${address}`]) {
      const recent = this.#recent(key, now);
      this.#failures.delete(key);
      this.#failures.set(key, [...recent, now]);
    }
    while (this.#failures.size > MAX_KEYS) {
      const oldest = this.#failures.keys().next();
      if (oldest.done === true) break;
      this.#failures.delete(oldest.value);
    }
  }

  succeeded(username: string): void {
    this.#failures.delete(`user:${username}`);
  }
}
