/**
 * Similarities of one query word to listed items or words, by code (MatchIndex, names.ts):
 * open addressing over packed number arrays, with a small number kept beside each (the way
 * the words are alike). Candidate lookup asks it for every run of postings it walks, a few hundred times a
 * query; a Map's hashing and boxing cost more there than the comparisons it saved, and its
 * entries, young objects in an old table, made every minor garbage collection slower.
 */
export class SimilarityTable {
  /** code + 1 (0: empty slot); made on the first set (most glued spellings never keep any). */
  private keys: number[] = NONE;
  private values: number[] = NONE;
  private tags: number[] = NONE;
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

  /** The number kept beside a code that get() found (0 for one never kept). */
  tag(code: number): number {
    const { keys } = this;
    if (!this.count) return 0;
    const mask = keys.length - 1;
    for (let at = hashCode(code) & mask; ; at = (at + 1) & mask) {
      const k = keys[at];
      if (k === code + 1) return this.tags[at];
      if (k === 0) return 0;
    }
  }

  set(code: number, sim: number, tag = 0): void {
    if (2 * (this.count + 1) > this.keys.length) this.grow();
    const { keys } = this;
    const mask = keys.length - 1;
    let at = hashCode(code) & mask;
    while (keys[at] !== 0 && keys[at] !== code + 1) at = (at + 1) & mask;
    if (keys[at] === 0) this.count++;
    keys[at] = code + 1;
    this.values[at] = sim;
    this.tags[at] = tag;
  }

  private grow(): void {
    const { keys, values, tags } = this;
    const size = Math.max(16, keys.length * 2);
    this.keys = filled(size, 0);
    this.values = filled(size, 0.5);
    this.tags = filled(size, 0);
    this.count = 0;
    for (let at = 0; at < keys.length; at++) if (keys[at] !== 0) this.set(keys[at] - 1, values[at], tags[at]);
  }
}

const NONE: number[] = [];

/**
 * A packed array of one number (small integers or doubles, kept unboxed). Plain arrays, not
 * typed ones: most tables stay small, and each typed array's separate buffer cost the garbage
 * collector more than the table's lookups cost.
 */
function filled(size: number, value: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < size; i++) a.push(value);
  return a;
}

/** Item codes of one word's neighbours lie close together: spread them over the table. */
function hashCode(code: number): number {
  const h = Math.imul(code, 0x9e3779b1);
  return (h ^ (h >>> 16)) >>> 0;
}
