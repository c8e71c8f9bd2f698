import { describe, expect, it } from 'vitest';
import { SimilarityTable } from '../../src/match/simtable.js';
import { Random } from '../../src/match/eval/random.js';

describe('SimilarityTable (similarities by item code, kept per query word)', () => {
  it('answers as a Map would through growth, overwrites and codes that collide', () => {
    const rng = new Random(11);
    const table = new SimilarityTable();
    // Empty until the first set, and then a table like any other.
    for (const code of [0, 1, 3_000_000]) expect(table.get(code)).toBe(-1);
    const map = new Map<number, number>();
    const tags = new Map<number, number>();
    for (let i = 0; i < 50_000; i++) {
      // Few distinct codes at first (overwrites), then many (growth); 0 and large codes too.
      const code = i < 1000 ? rng.int(0, 50) : rng.int(0, 3_000_000);
      const sim = rng.int(0, 100) / 100;
      const tag = rng.int(0, SimilarityTable.TAGS - 1);
      table.set(code, sim, tag);
      map.set(code, sim);
      tags.set(code, tag);
    }
    for (const [code, sim] of map) expect(table.get(code)).toBe(sim);
    // The number kept beside each survives the table's growth and overwrites.
    for (const [code, tag] of tags) expect(table.tag(code)).toBe(tag);
    let absent = 0;
    for (let i = 0; i < 10_000; i++) {
      const code = rng.int(0, 3_000_000);
      expect(table.get(code)).toBe(map.get(code) ?? -1);
      if (!map.has(code)) absent++;
    }
    expect(absent).toBeGreaterThan(5000);
    expect(table.get(0)).toBe(map.get(0) ?? -1);
  });

  it('keeps only numbers 0 to TAGS - 1 beside a similarity, and says so', () => {
    const table = new SimilarityTable();
    expect(() => table.set(1, 0.5, SimilarityTable.TAGS)).toThrow(/keeps numbers 0 to 15/);
    expect(() => table.set(1, 0.5, -1)).toThrow(/not -1/);
    expect(table.get(1)).toBe(-1);
  });
});
