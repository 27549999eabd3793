/**
 * A set of UUIDs in typed arrays: 16 bytes per id at most half full, where a JS Set of the id
 * strings costs about 100 bytes each. A store of millions of events keeps its ids in tens of MB.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INITIAL_SLOTS = 1 << 12;

const words = (id: string): [number, number, number, number] => {
  if (!UUID.test(id)) throw new TypeError(`not a UUID: ${JSON.stringify(id)}`);
  return [
    Number.parseInt(id.slice(0, 8), 16),
    Number.parseInt(id.slice(9, 13) + id.slice(14, 18), 16),
    Number.parseInt(id.slice(19, 23) + id.slice(24, 28), 16),
    Number.parseInt(id.slice(28, 36), 16),
  ];
};

const hashOf = (w: ArrayLike<number>): number =>
  Math.imul(
    (w[0] ?? 0) ^ Math.imul(w[1] ?? 0, 0x85ebca6b) ^ (w[2] ?? 0) ^ (w[3] ?? 0),
    0x9e3779b1,
  ) >>> 0;

export class UuidSet {
  #slots = new Uint32Array(INITIAL_SLOTS * 4);
  #used = new Uint8Array(INITIAL_SLOTS);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  has(id: string): boolean {
    const w = words(id);
    return this.#find(w) >= 0;
  }

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    const w = words(id);
    if (this.#find(w) >= 0) return false;
    if ((this.#size + 1) * 2 > this.#used.length) this.#grow();
    this.#insert(w);
    this.#size++;
    return true;
  }

  /** The slot holding `w`, or -1. */
  #find(w: ArrayLike<number>): number {
    const mask = this.#used.length - 1;
    for (let slot = hashOf(w) & mask; ; slot = (slot + 1) & mask) {
      if (this.#used[slot] === 0) return -1;
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
