/**
 * Password hashing with scrypt (memory-hard, built into node:crypto). A stored hash carries its
 * parameters, so raising the cost later still verifies older hashes. At most `parallelism`
 * hashes run at once: each takes 2^cost × 1 KiB of memory, and a flood of sign-ins must not
 * exhaust it.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

const BLOCK_SIZE = 8;
const PARALLELISATION = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const PREFIX = 'scrypt';

const derive = (password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });

const optionsFor = (cost: number, blockSize: number, parallelisation: number): ScryptOptions => {
  const N = 2 ** cost;
  return { N, r: blockSize, p: parallelisation, maxmem: 256 * N * blockSize };
};

export class PasswordHasher {
  readonly #cost: number;
  readonly #parallelism: number;
  #running = 0;
  readonly #queue: (() => void)[] = [];
  /** A hash of nothing anyone knows: verified against when a user is unknown, so timing tells nothing. */
  readonly #decoy: Promise<string>;

  constructor(cost: number, parallelism = 2) {
    this.#cost = cost;
    this.#parallelism = parallelism;
    this.#decoy = this.hash(randomBytes(24).toString('base64url'));
  }

  async #gated<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#parallelism) {
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    }
    this.#running++;
    try {
      return await work();
    } finally {
      this.#running--;
      this.#queue.shift()?.();
    }
  }

  /** `scrypt$<cost>$<r>$<p>$<salt>$<key>`, salt and key in base64url. */
  hash(password: string): Promise<string> {
    return this.#gated(async () => {
      const salt = randomBytes(SALT_LENGTH);
      const key = await derive(password, salt, optionsFor(this.#cost, BLOCK_SIZE, PARALLELISATION));
      return [
        PREFIX,
        this.#cost,
        BLOCK_SIZE,
        PARALLELISATION,
        salt.toString('base64url'),
        key.toString('base64url'),
      ].join('$');
    });
  }

  /** Whether `password` matches `stored`; with `stored` undefined, spends the same time and says no. */
  async verify(password: string, stored: string | undefined): Promise<boolean> {
    const target = stored ?? (await this.#decoy);
    const [prefix, cost, blockSize, parallelisation, salt, key] = target.split('$');
    if (
      prefix !== PREFIX ||
      salt === undefined ||
      key === undefined ||
      !/^\d+$/.test(`${cost}${blockSize}${parallelisation}`)
    ) {
      return false;
    }
    const expected = Buffer.from(key, 'base64url');
    const actual = await this.#gated(() =>
      derive(
        password,
        Buffer.from(salt, 'base64url'),
        optionsFor(Number(cost), Number(blockSize), Number(parallelisation)),
      ),
    );
    return (
      stored !== undefined && actual.length === expected.length && timingSafeEqual(actual, expected)
    );
  }
}
