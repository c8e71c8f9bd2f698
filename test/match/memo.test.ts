import { describe, expect, it } from 'vitest';
import { compareNames, nameScoreBound } from '../../src/match/names.js';
import { prepareName, TokenCache, type PreparedName } from '../../src/match/prepare.js';
import { SimilarityTable } from '../../src/match/simtable.js';
import { HOWS } from '../../src/match/tokens.js';
import { DEFAULT_STATS } from '../../src/match/weights.js';

/**
 * Listed names numbered as an index numbers them (Token.id, Glue.id): tokens and glues from two
 * counters that both start at 0, so a memo that mixed up a listed token and a listed glue with
 * the same number would answer wrongly here.
 */
function listed(names: string[]): PreparedName[] {
  let tokenId = 0;
  let glueId = 0;
  return names.map((full) => {
    const name = prepareName(full, 'primary', 'person', DEFAULT_STATS);
    for (const form of name.forms) {
      for (const t of form.tokens) t.id = tokenId++;
      for (const g of form.glues) g.id = glueId++;
    }
    return name;
  });
}

/** One comparison as plain data: the score and every link with its similarity and how. */
function outcome(a: PreparedName, b: PreparedName) {
  const c = compareNames(a, b, 'person');
  return c && { score: c.score, links: c.links.map((l) => ({ a: l.a, b: l.b, sim: l.sim, how: l.how })) };
}

describe("a query word's memo (names.ts: what it has been compared with)", () => {
  // Every way two words can be alike: exact, variant, typo, sound, initial, inflection,
  // glued either way, and a reading from another script.
  const listedNames = ['Mohammed Ali Hassan', 'Erken Tuniyaz', 'RI Yong Gil', 'Siwakow Oleg', 'Mohammadi Reza', 'J. Smith', 'AlHamoud Ali', 'Ahmad Abdul Rahman', '리영길', 'Oleksandr Kovalenko'];
  const queries = ['Muhammad Ali Hasan', 'ErkenTuniyaz', 'Ri Yonggil', 'Sivakov Oleg', 'Mohammad Reza', 'John Smith', 'Al Hamoud Ali', 'Ahmed Abdulrahman', 'Ri Yong-gil', 'Oleksandr Kovalneko'];

  it('answers as a comparison made afresh: the same score, links, similarities and ways alike, on first use and from the memo', () => {
    const kept = listed(listedNames);
    const cache = new TokenCache();
    const fresh = (full: string) => prepareName(full, 'primary', 'person', DEFAULT_STATS);
    const unnumbered = listedNames.map(fresh);
    const hows = new Set<string>();
    for (let round = 0; round < 2; round++) {
      for (const q of queries) {
        // Through the cache: the same token objects each round, their memos filled by round 0.
        const remembered = prepareName(q, 'primary', 'person', DEFAULT_STATS, cache);
        kept.forEach((b, k) => {
          const expected = outcome(fresh(q), unnumbered[k]);
          expect(outcome(remembered, b), `round ${round}: "${q}" against "${listedNames[k]}"`).toEqual(expected);
          for (const l of expected?.links ?? []) hows.add(l.how);
          expect(nameScoreBound(remembered, b)).toBe(nameScoreBound(fresh(q), unnumbered[k]));
        });
      }
    }
    // The memos were used (the cached words keep what they were compared with), and the pairs
    // met every way of being alike: each but 'glued' is kept in the memo as a number (HOWS).
    const words = prepareName('Muhammad Ali Hasan', 'primary', 'person', DEFAULT_STATS, cache).forms[0].tokens;
    expect(words.every((t) => t.memo !== undefined)).toBe(true);
    expect([...hows].sort()).toEqual(['exact', 'glued', 'inflection', 'initial', 'phonetic', 'transliteration', 'typo', 'variant']);
    expect(HOWS.length).toBeLessThanOrEqual(SimilarityTable.TAGS);
  });
});
