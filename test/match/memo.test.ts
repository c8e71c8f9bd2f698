import { describe, expect, it, vi } from 'vitest';
import { compareNames, nameScoreBound } from '../../src/match/names.js';
import { prepareName, TokenCache, type PreparedName } from '../../src/match/prepare.js';
import { SimilarityTable } from '../../src/match/simtable.js';
import { HOWS, type Scripts } from '../../src/match/tokens.js';
import { Random } from '../../src/match/eval/random.js';
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

describe('stems of inflected words and patronymics (tokens.ts keeps each one it makes)', () => {
  // Words with an ending (Baltic, Greek), patronymics in several romanisations, and the same
  // words read from an abjad: each pair is compared in every script setting, so a stem kept
  // for one setting or reading would answer wrongly for another.
  const words = ['Vladimiras', 'Vlagyimir', 'Vlantimiras', 'Urajimirus', 'Vladimir', 'Putinas', 'Putin', 'Hosseini', 'Hossein', 'Vladimirovich', 'Wladimirowitsch', 'Hsnovich', 'Hasanovich', 'Antsarovich', 'Intissarovich', 'Aleksandras', 'Oleksandrovych', 'Karimis'];

  /** Every pair in every script setting and reading, compared by a freshly loaded tokens.ts, in an order of a seed's. */
  async function compareAll(seed: number): Promise<Map<string, unknown>> {
    vi.resetModules();
    const { prepareName: prepare } = await import('../../src/match/prepare.js');
    const { tokenSimilarity } = await import('../../src/match/tokens.js');
    const tokens = words.flatMap((w) => {
      const t = prepare(w, 'primary', 'person', DEFAULT_STATS).forms[0].tokens[0];
      return [t, { ...t, abjad: true, memo: undefined }];
    });
    const cases: Array<[number, number, Scripts]> = [];
    for (const scripts of [0, 1, 2] as const) for (let i = 0; i < tokens.length; i++) for (let j = 0; j < tokens.length; j++) cases.push([i, j, scripts]);
    const out = new Map<string, unknown>();
    for (const [i, j, scripts] of new Random(seed).shuffle(cases)) out.set(`${words[i >> 1]}${i & 1 ? ' (abjad)' : ''} ${words[j >> 1]}${j & 1 ? ' (abjad)' : ''} ${scripts}`, tokenSimilarity(tokens[i], tokens[j], scripts));
    return out;
  }

  it('compares alike whatever was compared before', async () => {
    const first = await compareAll(1);
    expect(first.size).toBe(3 * (2 * words.length) ** 2);
    for (const seed of [2, 3, 4]) {
      const other = await compareAll(seed);
      expect([...first.keys()].filter((k) => JSON.stringify(first.get(k)) !== JSON.stringify(other.get(k))), `order ${seed}`).toEqual([]);
    }
    // The pairs do go through stems: inflections and patronymics compared by their stems meet.
    expect([...first.values()].filter((s) => (s as { how: string }).how === 'inflection').length).toBeGreaterThan(10);
  });
});
