/**
 * Similarities of one query word to listed items, by item code (MatchIndex): open addressing
 * over two typed arrays. Candidate lookup asks it for every run of postings it walks, a few
 * hundred times a query; a Map's hashing and boxing cost more there than the comparisons it
 * saved.
 */
export class SimilarityTable {
  /** code + 1 (0: empty slot); made on the first set (most glued spellings never keep any). */
  private keys = NONE;
  private values = new Float64Array(0);
  private count = 0;

  /** The similarity kept for an item code (>= 0), or -1. */
  get(code: number): number {
    const { keys } = this;
    if (!this.count) return -1;
    const mask = keys.length - 1;
    for (let at = hashCode(code) & mask; ; at = (at + 1) & mask) {
      const k = keys[at];
      if (k === code + 1) return this.values[at];
      if (k === 0) return -1;
    }
  }

  set(code: number, sim: number): void {
    if (2 * (this.count + 1) > this.keys.length) this.grow();
    const { keys } = this;
    const mask = keys.length - 1;
    let at = hashCode(code) & mask;
    while (keys[at] !== 0 && keys[at] !== code + 1) at = (at + 1) & mask;
    if (keys[at] === 0) this.count++;
    keys[at] = code + 1;
    this.values[at] = sim;
  }

  private grow(): void {
    const { keys, values } = this;
    const size = Math.max(64, keys.length * 2);
    this.keys = new Int32Array(size);
    this.values = new Float64Array(size);
    this.count = 0;
    for (let at = 0; at < keys.length; at++) if (keys[at] !== 0) this.set(keys[at] - 1, values[at]);
  }
}

const NONE = new Int32Array(0);

/** Item codes of one word's neighbours lie close together: spread them over the table. */
function hashCode(code: number): number {
  const h = Math.imul(code, 0x9e3779b1);
  return (h ^ (h >>> 16)) >>> 0;
}
