import type { Glue, NameClass, NameForm, PreparedName } from './prepare.js';
import { damerauLevenshtein, editsAtLeast, jaroWinkler } from './similarity.js';
import { SimilarityTable } from './simtable.js';
import { HOWS, readingSimilarity, tokenSimilarity, type How, type Scripts, type Token } from './tokens.js';

/**
 * Name against name: align the tokens of two prepared names (any order, glued or split,
 * initials, variants, transliterations), then turn the alignment into one similarity.
 */

export interface TokenLink {
  /** Query token positions (several when the query glues what the listed name splits). */
  a: number[];
  b: number[];
  sim: number;
  how: string;
}

export interface NameComparison {
  score: number;
  a: NameForm;
  b: NameForm;
  links: TokenLink[];
  /** True when either side was read from another script. */
  /** Tokens read from another script: 0 none, 1 one side, 2 both. */
  crossScript: Scripts;
  /** Share of each side's weight that found a counterpart. */
  coverageA: number;
  coverageB: number;
  /** Share of the score taken off because each name has a part the other lacks (0 if not). */
  conflict: number;
}

/**
 * How the two sides' coverage blend: the weight of the less covered side, from "what they
 * share is rare" to "what they share is common". Parts only the listed name has (middle
 * names, patronymics the query leaves out) cost less than parts only the query has: a query
 * name part the listing does not know points to another person.
 */
interface Blend {
  rare: number;
  common: number;
}
const BLEND: Record<NameClass, { listedExtra: Blend; queryExtra: Blend }> = {
  person: { listedExtra: { rare: 0.2, common: 0.5 }, queryExtra: { rare: 0.35, common: 0.55 } },
  any: { listedExtra: { rare: 0.2, common: 0.5 }, queryExtra: { rare: 0.35, common: 0.55 } },
  org: { listedExtra: { rare: 0.35, common: 0.55 }, queryExtra: { rare: 0.4, common: 0.6 } },
};
const SINGLE_WORD: Blend = { rare: 0.4, common: 0.55 };
const SPECULATIVE = new Set(['korean', 'japanese']);
/** What a sound-alike token link keeps between two organisation names both written in Latin letters. */
const ORG_SOUND_ALIKE = 0.85;
const SPECULATIVE_READING = 0.95;
/** Share of a spelled-out name an initial confirms. */
const INITIAL_CREDIT = 0.8;
/** Matched weight that counts as fully identifying (one rare token). */
const INFO_FULL = 1;

/**
 * Scores one Latin form of each name. Tokens pair up greedily, best pairs first, each token
 * used once; glued tokens pair with several on the other side. The score blends how much of
 * each side found a counterpart: a name wholly contained in a longer one ("Putin" in
 * "Vladimir Putin") stays high when what it shares is rare, while names that each keep a
 * token of their own ("Erken Tuniyaz", "Ilham Tuniyaz") fall to about half.
 */
export function compareForms(a: NameForm, b: NameForm, nameClass: NameClass): NameComparison {
  const crossScript = scriptsBetween(a.method, b.method);
  const candidates = candidateLinks(a, b, crossScript);
  // Sound-alike spelling is how a person's name survives transliteration; two company names in
  // Latin letters that only sound alike (Landor, Llanotour) are two brands. Two romanisations
  // of one word (Lukoil, Lukoyl; Grupp, Group) are not discounted.
  if (nameClass === 'org' && !crossScript) {
    for (const l of candidates) if (l.how === 'phonetic' && !sameRomanisation(a, l.a, b, l.b)) l.sim *= ORG_SOUND_ALIKE;
  }
  candidates.sort((p, q) => q.sim - p.sim || q.a.length + q.b.length - (p.a.length + p.b.length));
  const usedA = new Uint8Array(a.tokens.length);
  const usedB = new Uint8Array(b.tokens.length);
  const links: TokenLink[] = [];
  for (const link of candidates) {
    if (link.a.some((i) => usedA[i]) || link.b.some((j) => usedB[j])) continue;
    for (const i of link.a) usedA[i] = 1;
    for (const j of link.b) usedB[j] = 1;
    links.push(link);
  }
  // Identical once both are in Latin letters, but written in two scripts: say so.
  if (a.method !== b.method) for (const l of links) if (l.how === 'exact') l.how = 'transliteration';
  let matchedA = 0;
  let matchedB = 0;
  let info = 0;
  for (const link of links) {
    const wa = sumWeights(a.tokens, link.a);
    const wb = sumWeights(b.tokens, link.b);
    // An initial confirms a name without spelling it: the spelled side counts half.
    const discountA = link.how === 'initial' && link.b.every((j) => b.tokens[j].role === 'initial') ? INITIAL_CREDIT : 1;
    const discountB = link.how === 'initial' && link.a.every((i) => a.tokens[i].role === 'initial') ? INITIAL_CREDIT : 1;
    matchedA += link.sim * wa * discountA;
    matchedB += link.sim * wb * discountB;
    info += link.sim * Math.min(wa * discountA, wb * discountB);
  }
  const coverageA = a.total ? matchedA / a.total : 0;
  const coverageB = b.total ? matchedB / b.total : 0;
  const hi = Math.max(coverageA, coverageB);
  const lo = Math.min(coverageA, coverageB);
  // A listed "President Putin" names a person by one name: the query may say more.
  const listedExtra = coverageA >= coverageB || b.partialReference;
  // One bare word inside a longer name ("Abdullah" in "Amir Abdullah") is weak unless rare.
  const covered = coverageA >= coverageB ? a : b;
  const single = !covered.partialReference && covered.tokens.filter((t) => t.role !== 'particle').length === 1 && hi > lo;
  const blend = single ? SINGLE_WORD : listedExtra ? BLEND[nameClass].listedExtra : BLEND[nameClass].queryExtra;
  const beta = blend.common - (blend.common - blend.rare) * Math.min(1, info / INFO_FULL);
  let score = links.length ? Math.min(1, hi * (1 - beta) + lo * beta) : 0;
  // Each name keeps a part the other lacks ("Jose Alexander" and "Jose Luis", "... - Metals"
  // and "... - RusHydro"): not one name with parts left out, but two names that differ.
  const conflict = links.length ? conflictOf(a, usedA, b, usedB, nameClass) : 0;
  score *= 1 - conflict;
  // A Han name read in Korean or Japanese is a guess at the language: it counts a little less.
  if (SPECULATIVE.has(a.method) || SPECULATIVE.has(b.method)) score *= SPECULATIVE_READING;
  return { score, a, b, links, crossScript, coverageA, coverageB, conflict };
}

/**
 * How much two names differ where each has a part the other lacks: CONFLICT times the two
 * sides' unmatched weight shares (0 when either side's unmatched parts are only particles or
 * nothing). Multiplies the score down, so the order of weak scores is kept. A person's two
 * shares count by their geometric mean (given names vary between sources); an
 * organisation's by the larger one: its name is one fixed string, and a word of its own on
 * each side ("... - Metals", "... - RusHydro") names another body, however common one of
 * the words is.
 */
const CONFLICT = 0.5;

function conflictOf(a: NameForm, usedA: Uint8Array, b: NameForm, usedB: Uint8Array, nameClass: NameClass): number {
  const freeA = unmatchedWeight(a, usedA);
  const freeB = unmatchedWeight(b, usedB);
  if (!freeA || !freeB || !a.total || !b.total) return 0;
  const ua = Math.min(1, freeA / a.total);
  const ub = Math.min(1, freeB / b.total);
  return CONFLICT * (nameClass === 'org' ? Math.max(ua, ub) : Math.sqrt(ua * ub));
}

function unmatchedWeight(form: NameForm, used: Uint8Array): number {
  let w = 0;
  for (let i = 0; i < form.tokens.length; i++) if (!used[i] && form.tokens[i].role !== 'particle') w += form.tokens[i].weight;
  return w;
}

/** Whether a one-token link joins two spellings of one romanised form. */
function sameRomanisation(a: NameForm, ai: number[], b: NameForm, bi: number[]): boolean {
  return ai.length === 1 && bi.length === 1 && a.tokens[ai[0]].norm === b.tokens[bi[0]].norm;
}

function sumWeights(tokens: Token[], idx: number[]): number {
  let s = 0;
  for (const i of idx) s += tokens[i].weight;
  return s;
}

function candidateLinks(a: NameForm, b: NameForm, crossScript: Scripts): TokenLink[] {
  const out: TokenLink[] = [];
  for (let i = 0; i < a.tokens.length; i++) {
    const q = a.tokens[i];
    const memo = memoOf(q);
    for (let j = 0; j < b.tokens.length; j++) {
      const sim = rememberedToken(memo, q, b.tokens[j], crossScript);
      if (sim > 0) out.push({ a: [i], b: [j], sim, how: rememberedHow(memo, q, b.tokens[j], crossScript) });
    }
    for (const g of b.glues) {
      const s = listedGlueSimilarity(q, g, crossScript);
      if (s) out.push({ a: [i], b: g.idx, sim: s, how: 'glued' });
    }
  }
  for (const g of a.glues) {
    for (let j = 0; j < b.tokens.length; j++) {
      const s = queryGlueSimilarity(g, b.tokens[j], crossScript);
      if (s) out.push({ a: g.idx, b: [j], sim: s, how: 'glued' });
    }
  }
  return out;
}

/**
 * Similarities already computed for one query token or glue, kept on it (Token.memo, Glue.memo)
 * by listed token or glue id and scripts. One query meets the same listed spellings (Muhammad,
 * Ali, Trading) in hundreds of candidates; each is compared once, and a word a batch keeps
 * (TokenCache) keeps its comparisons too. Kept on the word itself in a SimilarityTable, not in
 * a WeakMap of Maps: the WeakMap lookup on every pair and the Map's boxed entries (young objects
 * in old tables, which slowed every minor garbage collection) cost more. Listed sides without
 * an id (names outside an index) are not remembered.
 */
function memoOf(item: Token | Glue): SimilarityTable {
  return (item.memo ??= new SimilarityTable());
}

/** A memo's code for a listed token, and for a listed glue, with the scripts between. */
const tokenCode = (id: number, crossScript: Scripts) => id * 6 + crossScript;
const glueCode = (id: number, crossScript: Scripts) => id * 6 + 3 + crossScript;

/** How alike a query token (whose memo this is) and a listed token are; how they are alike is kept beside (rememberedHow). */
function rememberedToken(memo: SimilarityTable, q: Token, listed: Token, crossScript: Scripts): number {
  if (listed.id === undefined) return tokenSimilarity(q, listed, crossScript).sim;
  const code = tokenCode(listed.id, crossScript);
  let sim = memo.get(code);
  if (sim < 0) {
    const s = tokenSimilarity(q, listed, crossScript);
    memo.set(code, (sim = s.sim), HOWS.indexOf(s.how));
  }
  return sim;
}

/** How a pair that rememberedToken found alike is alike. */
function rememberedHow(memo: SimilarityTable, q: Token, listed: Token, crossScript: Scripts): How {
  return listed.id === undefined ? tokenSimilarity(q, listed, crossScript).how : HOWS[memo.tag(tokenCode(listed.id, crossScript))];
}

/**
 * A glued spelling against a token, from the memo of the query's side of the pair (code: the
 * listed side's, none when it has no id). A pair that cannot meet skips the memo too: most
 * glues are far longer than most words, and the lookup costs more than the check.
 */
function rememberedGlue(memo: SimilarityTable, code: number | undefined, g: Glue, t: Token, crossScript: Scripts): number {
  if (!glueMayMeet(g, t, crossScript)) return 0;
  if (code === undefined) return glueSimilarity(g, t, crossScript);
  let sim = memo.get(code);
  if (sim < 0) memo.set(code, (sim = glueSimilarity(g, t, crossScript)));
  return sim;
}

/** A query token against a listed glue, and a query glue against a listed token, through rememberedGlue. */
function listedGlueSimilarity(q: Token, g: Glue, crossScript: Scripts): number {
  return rememberedGlue(memoOf(q), g.id === undefined ? undefined : glueCode(g.id, crossScript), g, q, crossScript);
}
function queryGlueSimilarity(g: Glue, t: Token, crossScript: Scripts): number {
  return rememberedGlue(memoOf(g), t.id === undefined ? undefined : tokenCode(t.id, crossScript), g, t, crossScript);
}

/** Two foreign renderings, or one from a script that writes few vowels, are the least certain. */
export function scriptsBetween(a: NameForm['method'], b: NameForm['method']): Scripts {
  return Math.min(2, uncertainty(a) + uncertainty(b) + (a === 'abjad' || b === 'abjad' ? 1 : 0)) as Scripts;
}

/**
 * How alike a query word or glued spelling and a listed one are, as the name comparison
 * takes them (0: they never meet). Two glued spellings are not compared (their words are),
 * but when they meet, their words may well do so where no key of theirs did ("daveedzhu",
 * "davidzhou"): such a pair counts as alike, so that a bound built on this stays one.
 */
export function itemSimilarity(query: Token | Glue, queryGlued: boolean, listed: Token | Glue, listedGlued: boolean, crossScript: Scripts): number {
  if (queryGlued && listedGlued) return 1;
  // Remembered under the keys formBound and candidateLinks use, which then find them; pairs
  // that cannot meet are turned away before the memo is even found (the index asks for many).
  if (queryGlued) return queryGlueSimilarity(query as Glue, listed as Token, crossScript);
  if (listedGlued) return listedGlueSimilarity(query as Token, listed as Glue, crossScript);
  return rememberedToken(memoOf(query), query as Token, listed as Token, crossScript);
}

/**
 * Latin script and the alphabets that transliterate almost letter for letter (Cyrillic,
 * Greek, Armenian, Georgian) compare strictly; syllabaries, abjads and Han readings leave
 * vowels and consonants open and compare leniently.
 */
function uncertainty(method: NameForm['method']): number {
  return method === 'latin' || method === 'alphabet' ? 0 : 1;
}

/**
 * A glued string may differ from the token by one edit, not in the first letter, when its
 * parts are glued in written order and four letters long, as a single word may; glued in
 * reverse order (already a swap and a glue) only from eight letters: "Kuchi" is not "CHANG,
 * Chi Fu" with Fu and Chi swapped, glued and a letter changed.
 */
const GLUE_TYPO_MIN = 4;
const SWAPPED_GLUE_TYPO_MIN = 8;

/** A glued spelling meets no word more letters longer or shorter than this (glueSimilarity). */
export const GLUE_LENGTH_SPREAD = 3;

/**
 * Whether glueSimilarity could find a glued spelling and a token alike at all, from their
 * lengths and first letters: most pairs fail here, before any edit distance is computed
 * (exported for the test that holds it to glueSimilarity).
 */
export function glueMayMeet(g: Glue, t: Token, crossScript: Scripts): boolean {
  if (t.role !== 'name' && t.role !== 'patronymic' && t.role !== 'common') return false;
  const apart = Math.abs(g.text.length - t.text.length);
  if (apart > GLUE_LENGTH_SPREAD) return false;
  const swapped = g.idx[1] < g.idx[0];
  // Read against unwritten vowels: three letters' difference at most (vowels.ts).
  if (!swapped && !g.abjadWords !== !t.abjad) return true;
  const shorter = Math.min(g.text.length, t.text.length);
  if (shorter >= 12) return apart <= 2;
  if (apart > 1) return false;
  // Identical, one typo or one sound: the same first letter, but for a typo in a long swapped
  // glue or the same skeleton across scripts.
  if (g.text.charCodeAt(0) === t.text.charCodeAt(0)) return true;
  return swapped ? shorter >= SWAPPED_GLUE_TYPO_MIN : crossScript > 0 && g.key === t.key;
}

/**
 * A glued spelling against one token: identical, or one typo in a long string, or same sound
 * across scripts. Only for pairs that may meet (rememberedGlue and itemSimilarity check that first).
 */
export function glueSimilarity(g: Glue, t: Token, crossScript: Scripts): number {
  const lg = g.text.length;
  const lt = t.text.length;
  if (g.text === t.text) return 1;
  // Two or three words read as one are a chance alignment of letters more often than a single
  // word is: the glued parts must be near exact.
  const shorter = Math.min(lg, lt);
  const swapped = g.idx[1] < g.idx[0];
  const d = editsAtLeast(g.text, t.text) > 2 ? 3 : damerauLevenshtein(g.text, t.text, 2);
  if (d === 1 && (swapped ? shorter >= SWAPPED_GLUE_TYPO_MIN : shorter >= GLUE_TYPO_MIN && g.text[0] === t.text[0])) {
    // As for one word: a slip in four letters is a bigger change than one in ten.
    return Math.min(0.93, Math.max(1 - 0.8 / Math.max(lg, lt), jaroWinkler(g.text, t.text) - 0.02));
  }
  if (d === 2 && shorter >= 12) return 0.86;
  // Same sound only across scripts (Arabic writes few vowels: "mti allah", Matiullah), in
  // order, and when the letters mostly agree too: a glued string has many near-skeletons.
  if (crossScript && !swapped && g.key === t.key && g.key.length >= 3 && Math.abs(lg - lt) <= 1) {
    const jw = jaroWinkler(g.text, t.text);
    if (jw >= 0.9) return (crossScript ? 0.84 : 0.8) + 0.15 * jw;
  }
  // Words read from an abjad against a spelling with vowels, in order ("azt allah", Ezatullah).
  if (g.abjadWords && !t.abjad && !swapped) return readingSimilarity(g.abjadWords, t.text);
  if (t.abjad && !g.abjadWords && !swapped) return readingSimilarity([t.text], g.text);
  return 0;
}

/** Best comparison over every pair of Latin forms of two names. */
export function compareNames(a: PreparedName, b: PreparedName, nameClass: NameClass): NameComparison | undefined {
  let best: NameComparison | undefined;
  for (const fa of a.forms) {
    for (const fb of b.forms) {
      const c = compareForms(fa, fb, nameClass);
      if (!best || c.score > best.score) best = c;
    }
  }
  if (best && a.original && a.original === b.original) {
    // The same name in the same non-Latin script, as written: no transliteration needed.
    best = { ...best, score: 1, crossScript: 0, conflict: 0 };
  }
  return best;
}

/** The smallest share the less covered side can take in compareForms' blend. */
export const MIN_BETA = Math.min(SINGLE_WORD.rare, ...Object.values(BLEND).flatMap((b) => [b.listedExtra.rare, b.queryExtra.rare]));
/** Scratch for nameScoreBound: best similarity per token of each side. */
const bestA = new Float64Array(64);
const bestB = new Float64Array(64);

/**
 * An upper bound of compareNames(a, b).score, cheaper than the comparison: each token's best
 * similarity on the other side (no alignment, each token free to pair with any), blended with
 * the smallest weight the blend gives the less covered side. The index uses it to skip the
 * full comparison of candidates that cannot reach the threshold; a is the query side.
 */
export function nameScoreBound(a: PreparedName, b: PreparedName): number {
  if (a.original && a.original === b.original) return 1;
  let best = 0;
  for (const fa of a.forms) {
    for (const fb of b.forms) {
      const bound = formBound(fa, fb);
      if (bound > best) best = bound;
    }
  }
  return best;
}

function formBound(a: NameForm, b: NameForm): number {
  const na = a.tokens.length;
  const nb = b.tokens.length;
  if (na > bestA.length || nb > bestB.length) return 1;
  const crossScript = scriptsBetween(a.method, b.method);
  bestA.fill(0, 0, na);
  bestB.fill(0, 0, nb);
  for (let i = 0; i < na; i++) {
    const q = a.tokens[i];
    const memo = memoOf(q);
    for (let j = 0; j < nb; j++) {
      const s = rememberedToken(memo, q, b.tokens[j], crossScript);
      if (s > bestA[i]) bestA[i] = s;
      if (s > bestB[j]) bestB[j] = s;
    }
    if (b.glues.length) {
      for (const g of b.glues) {
        const s = listedGlueSimilarity(q, g, crossScript);
        if (!s) continue;
        if (s > bestA[i]) bestA[i] = s;
        for (const j of g.idx) if (s > bestB[j]) bestB[j] = s;
      }
    }
  }
  for (const g of a.glues) {
    for (let j = 0; j < nb; j++) {
      const s = queryGlueSimilarity(g, b.tokens[j], crossScript);
      if (!s) continue;
      if (s > bestB[j]) bestB[j] = s;
      for (const i of g.idx) if (s > bestA[i]) bestA[i] = s;
    }
  }
  let matchedA = 0;
  let matchedB = 0;
  for (let i = 0; i < na; i++) matchedA += bestA[i] * a.tokens[i].weight;
  for (let j = 0; j < nb; j++) matchedB += bestB[j] * b.tokens[j].weight;
  const ca = a.total ? Math.min(1, matchedA / a.total) : 0;
  const cb = b.total ? Math.min(1, matchedB / b.total) : 0;
  const hi = Math.max(ca, cb);
  const lo = Math.min(ca, cb);
  return hi * (1 - MIN_BETA) + lo * MIN_BETA;
}
