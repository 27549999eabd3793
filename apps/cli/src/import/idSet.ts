/**
 * A set of UUIDs in typed arrays: 16 bytes per id at most half full, where a JS Set of the id
 * strings costs about 100 bytes each. A store of millions of events keeps its ids in tens of MB.
 */
const INITIAL_SLOTS = 1 << 12;

/** Value of each hex digit by character code, -1 for anything else. */
const HEX = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX[digit.toString(16).charCodeAt(0)] = digit;
  HEX[digit.toString(16).toUpperCase().charCodeAt(0)] = digit;
}

/**
 * Reads a UUID (any case) into four 32-bit words; false, leaving `into` undefined, when `id` is
 * not one. Read by hand rather than by a pattern: it runs several times for every line imported.
 */
export const uuidWords = (id: string, into: Uint32Array): boolean => {
  if (id.length !== 36) return false;
  let word = 0;
  let digits = 0;
  let next = 0;
  for (let at = 0; at < 36; at++) {
    const code = id.charCodeAt(at);
    if (at === 8 || at === 13 || at === 18 || at === 23) {
      if (code !== 45) return false;
      continue;
    }
    const value = code < 128 ? (HEX[code] ?? -1) : -1;
    if (value < 0) return false;
    word = (word << 4) | value;
    if (++digits === 8) {
      into[next++] = word;
      word = 0;
      digits = 0;
    }
  }
  return true;
};

/** The words of the id being looked up: one buffer, as lookups never overlap. */
const lookup = new Uint32Array(4);
/**
 * The id `lookup` holds the words of. An import asks `has` and then, for most lines, `add` with
 * the same id: the second reads no digit.
 */
let lookupId: string | undefined;

/** Reads `id` into `lookup`; false when it is not a UUID. */
const lookUp = (id: string): boolean => {
  if (id === lookupId) return true;
  lookupId = undefined;
  if (!uuidWords(id, lookup)) return false;
  lookupId = id;
  return true;
};

const words = (id: string): Uint32Array => {
  if (!lookUp(id)) throw new TypeError(`not a UUID: ${JSON.stringify(id)}`);
  return lookup;
};

const hashOf = (w: ArrayLike<number>): number =>
  Math.imul(
    (w[0] ?? 0) ^ Math.imul(w[1] ?? 0, 0x85ebca6b) ^ (w[2] ?? 0) ^ (w[3] ?? 0),
    0x9e3779b1,
  ) >>> 0;

/** A set's storage, as handed from one thread to another. */
export interface UuidSetParts {
  readonly slots: Uint32Array<ArrayBuffer>;
  readonly used: Uint8Array<ArrayBuffer>;
  readonly size: number;
}

export class UuidSet {
  #slots = new Uint32Array(INITIAL_SLOTS * 4);
  #used = new Uint8Array(INITIAL_SLOTS);
  #size = 0;

  /** The set `parts` (of `toParts`) hold. */
  static fromParts(parts: UuidSetParts): UuidSet {
    const set = new UuidSet();
    set.#slots = parts.slots;
    set.#used = parts.used;
    set.#size = parts.size;
    return set;
  }

  /** The storage, to send to another thread (transferring its buffers, which empties the set). */
  toParts(): UuidSetParts {
    return { slots: this.#slots, used: this.#used, size: this.#size };
  }

  get size(): number {
    return this.#size;
  }

  /**
   * Where the last lookup that found nothing stopped, and for which id (until the next add): an
   * import asks `has` and then `add` for the same id, and the add goes straight to that slot.
   */
  #freeSlot = -1;
  #freeFor: string | undefined;

  /** False for anything that is not a UUID: no such id can be in the set. */
  has(id: string): boolean {
    if (this.#size === 0 || !lookUp(id)) return false;
    if (this.#find(lookup) >= 0) return true;
    this.#freeFor = id;
    return false;
  }

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    const w = words(id);
    const known = this.#freeFor === id;
    this.#freeFor = undefined;
    if (!known && this.#find(w) >= 0) return false;
    if ((this.#size + 1) * 2 > this.#used.length) {
      this.#grow();
      this.#insert(w);
    } else if (known) {
      this.#used[this.#freeSlot] = 1;
      this.#slots.set(w, this.#freeSlot * 4);
    } else {
      this.#insert(w);
    }
    this.#size++;
    return true;
  }

  /** The slot holding `w`, or -1 (the free slot the search ended on is kept in `#freeSlot`). */
  #find(w: ArrayLike<number>): number {
    const mask = this.#used.length - 1;
    for (let slot = hashOf(w) & mask; ; slot = (slot + 1) & mask) {
      if (this.#used[slot] === 0) {
        this.#freeSlot = slot;
        return -1;
      }
      const at = slot * 4;
      if (
        this.#slots[at] === w[0] &&
        this.#slots[at + 1] === w[1] &&
        this.#slots[at + 2] === w[2] &&
        this.#slots[at + 3] === w[3]
      ) {
        return slot;
      }
    }
  }

  #insert(w: ArrayLike<number>): void {
    const mask = this.#used.length - 1;
    let slot = hashOf(w) & mask;
    while (this.#used[slot] !== 0) slot = (slot + 1) & mask;
    this.#used[slot] = 1;
    this.#slots.set(w, slot * 4);
  }

  #grow(): void {
    const oldSlots = this.#slots;
    const oldUsed = this.#used;
    this.#slots = new Uint32Array(oldSlots.length * 2);
    this.#used = new Uint8Array(oldUsed.length * 2);
    for (let slot = 0; slot < oldUsed.length; slot++) {
      if (oldUsed[slot] !== 0) this.#insert(oldSlots.subarray(slot * 4, slot * 4 + 4));
    }
  }
}
