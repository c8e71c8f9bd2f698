/**
 * Similarities of one query word to listed items or words, by code (MatchIndex, names.ts):
 * open addressing over one plain array, with a small number kept beside each similarity (the
 * way the words are alike). Candidate lookup asks it for every run of postings it walks, a few
 * hundred times a query; a Map's hashing and boxing cost more there than the comparisons it
 * saved, and its entries, young objects in old tables, made every minor garbage collection
 * slower.
 */
export class SimilarityTable {
  /** How many numbers a table keeps beside its similarities (0 to TAGS - 1). */
  static readonly TAGS = 16;
  /**
   * Two numbers a slot: (code + 1) * TAGS + the number kept beside (0: empty), then the
   * similarity. One plain array, made on the first set (most glued spellings never keep any):
   * a typed array's separate buffer cost the garbage collector more than lookups cost.
   */
  private slots: number[] = NONE;
  private count = 0;

  /** The similarity kept for an item code (>= 0), or -1. */
  get(code: number): number {
    const at = this.find(code);
    return at < 0 ? -1 : this.slots[at + 1];
  }

  /** The number kept beside a code that get() found (0 for one never kept). */
  tag(code: number): number {
    const at = this.find(code);
    return at < 0 ? 0 : this.slots[at] - (code + 1) * SimilarityTable.TAGS;
  }

  set(code: number, sim: number, tag = 0): void {
    if (!(tag >= 0 && tag < SimilarityTable.TAGS)) throw new Error(`SimilarityTable keeps numbers 0 to ${SimilarityTable.TAGS - 1} beside a similarity, not ${tag}`);
    if (4 * (this.count + 1) > this.slots.length) this.grow();
    const { slots } = this;
    const mask = (slots.length >> 1) - 1;
    const low = (code + 1) * SimilarityTable.TAGS;
    let at = hashCode(code) & mask;
    for (let k = slots[2 * at]; k !== 0 && !(k >= low && k < low + SimilarityTable.TAGS); k = slots[2 * at]) at = (at + 1) & mask;
    if (slots[2 * at] === 0) this.count++;
    slots[2 * at] = low + tag;
    slots[2 * at + 1] = sim;
  }

  /** Where a code's slot starts in slots, or -1. */
  private find(code: number): number {
    const { slots } = this;
    if (!this.count) return -1;
    const mask = (slots.length >> 1) - 1;
    const low = (code + 1) * SimilarityTable.TAGS;
    for (let at = hashCode(code) & mask; ; at = (at + 1) & mask) {
      const k = slots[2 * at];
      if (k >= low && k < low + SimilarityTable.TAGS) return 2 * at;
      if (k === 0) return -1;
    }
  }

  private grow(): void {
    const { slots } = this;
    this.slots = zeros(Math.max(32, slots.length * 2));
    this.count = 0;
    for (let at = 0; at < slots.length; at += 2) {
      const k = slots[at];
      if (k !== 0) {
        const code = Math.floor(k / SimilarityTable.TAGS) - 1;
        this.set(code, slots[at + 1], k - (code + 1) * SimilarityTable.TAGS);
      }
    }
  }
}

const NONE: number[] = [];

/**
 * A new array of n zeros, already of doubles: `new Array(n).fill(0)` holds small integers, and
 * the first similarity stored made V8 copy it into an array of doubles, so every table grown
 * was allocated twice. A slice of a double array is one allocation of the same kind.
 */
function zeros(n: number): number[] {
  if (ZEROS.length < n) ZEROS = new Array<number>(n).fill(0.5).fill(0);
  return ZEROS.slice(0, n);
}
let ZEROS: number[] = [];

/** Item codes of one word's neighbours lie close together: spread them over the table. */
function hashCode(code: number): number {
  const h = Math.imul(code, 0x9e3779b1);
  return (h ^ (h >>> 16)) >>> 0;
}
