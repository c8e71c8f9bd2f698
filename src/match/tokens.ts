import type { SimilarityTable } from './simtable.js';
import { phoneticKey, romanisedForm } from './phonetic.js';
import { damerauLevenshtein, editsAtLeast, jaroWinkler } from './similarity.js';
import { NAME_VARIANTS, PATRONYMIC_SUFFIXES } from './tables/names.js';
import { consonantsAgreeing } from './vowels.js';

/**
 * Name tokens and how alike two of them are. A token is one word of a name in Latin letters,
 * with its consonant skeleton, its name-variant class (Mohammed, Muhammad ...) and, for a
 * spelling the variant table does not list, the class it most resembles.
 */

export type TokenRole = 'name' | 'particle' | 'initial' | 'patronymic' | 'common' | 'number';

export interface Token {
  /** Lower-case ASCII letters and digits. */
  text: string;
  /** Vowel-free consonant skeleton (phonetic.ts). */
  key: string;
  /** The spelling in one romanisation (phonetic.ts): Siwakow and Sivakov share it. */
  norm: string;
  /** Index of the token's name-variant class, or -1. */
  cls: number;
  /** For a spelling the table does not list, the class of the known name it most resembles, or -1. */
  guess: number;
  role: TokenRole;
  /** How much the token identifies, in (0,1]: rare names weigh 1, common words little. */
  weight: number;
  /** Read letter by letter from an abjad (Arabic, Persian, Hebrew script): its short vowels were never written. */
  abjad?: boolean;
  /**
   * Listed tokens only: one number per distinct spelling, role, class and reading over the whole
   * index (MatchIndex), so a query compares each distinct listed token once (names.ts).
   */
  id?: number;
  /** Query tokens only: how alike the token is to each listed token or glue compared so far (names.ts). */
  memo?: SimilarityTable;
  /** Query tokens only: what a matching index looked the token up by and met (WordLookups). */
  lookups?: WordLookups;
}

/**
 * What a matching index looks a query word or glued spelling up by, and its similarity to each
 * listed item met (MatchIndex.wordOf). Kept on the word itself, as memo is, so that they last
 * exactly as long as the word (TokenCache) and cost no WeakMap lookup per query word. `owner` is
 * the index they belong to.
 */
export interface WordLookups {
  owner: object;
  keys: number[];
  /** How likely a name reached by each key is to match (exact 1, typo and sound less). */
  quality: number[];
  sims: SimilarityTable;
  /** How many postings its keys lead to (-1: not counted yet). */
  postings: number;
}

/** Patronymic classes are numbered apart from given-name classes. */
const PATRONYMIC_CLASS_BASE = 100_000;
const VARIANT_CLASS = new Map<string, number>();
NAME_VARIANTS.forEach((members, i) => {
  for (const m of members) if (!VARIANT_CLASS.has(m)) VARIANT_CLASS.set(m, i);
});

/** Canonical spelling of a token's variant class, for weights and candidate keys. */
export function canonicalOf(token: Token): string {
  if (token.cls < 0) return token.text;
  return token.cls >= PATRONYMIC_CLASS_BASE ? NAME_VARIANTS[token.cls - PATRONYMIC_CLASS_BASE][0] + 'ovich' : NAME_VARIANTS[token.cls][0];
}

/** The canonical spelling of a variant class. */
export function classCanonical(cls: number): string {
  return NAME_VARIANTS[cls][0];
}

export function variantClassOf(text: string): number {
  return VARIANT_CLASS.get(text) ?? -1;
}

/**
 * Patronymics of one name in two spellings (Volodymyrovych, Wladimirowitsj) share the class
 * of their stem, kept apart from the given names' classes so that a patronymic never stands
 * in for a given name.
 */
export function patronymicClass(w: string): number {
  const cls = variantClassOf(patronymicStem(w));
  return cls >= 0 ? PATRONYMIC_CLASS_BASE + cls : -1;
}

/** The father's name inside a patronymic: "vladimirovich" -> "vladimir". */
export function patronymicStem(w: string): string {
  let longest = '';
  for (const s of PATRONYMIC_SUFFIXES) if (w.endsWith(s) && s.length > longest.length) longest = s;
  return w.slice(0, w.length - longest.length);
}

/**
 * How many of the two tokens were read from another script: 0 both Latin as written, 1 one
 * transliterated, 2 both (two foreign renderings of a name, the least certain comparison).
 */
export type Scripts = 0 | 1 | 2;

/** Two spellings of one name in two romanisations (Siwakow, Sivakov). */
const ROMANISED_SIM = 0.94;
/** Letters alike once romanisation habits are undone: sound-alikes only from this close. */
const ROMANISED_MIN_JW = 0.85;

/** Below this a token pair is not a match at all. */
export const MIN_TOKEN_SIM = 0.78;

/** The ways two tokens can be alike, as Sim.how names them (numbered: a memo keeps the number). */
export const HOWS = ['unmatched', 'exact', 'transliteration', 'phonetic', 'typo', 'variant', 'inflection', 'initial'] as const;
export type How = (typeof HOWS)[number];

export interface Sim {
  sim: number;
  how: How;
}

const NO_MATCH: Sim = { sim: 0, how: 'unmatched' };

/**
 * Similarity of two tokens with the reason. Order of evidence: identical, same variant
 * class (Mohammed/Muhammad), then letters (typos), romanisation (Siwakow/Sivakov) and sound
 * (consonant skeleton). Two tokens of two different known names (Hassan, Hussein) never match
 * on sound alone, and a known name meets the name made from it (Mohammadi) only as related.
 */
export function tokenSimilarity(x: Token, y: Token, crossScript: Scripts): Sim {
  const s = tokenSimilarityOf(x, y, crossScript);
  return s.sim > RELATED_NAME_SIM ? relatedNameCap(x, y, s) : s;
}

/**
 * A known name and the name made from it with the ending of relation (nisba: Mohammadi from
 * Mohammad, Hasani from Hasan) are related names, not one name in two spellings: they agree
 * this far at most, whatever their letters say. The table can still list a pair as one name
 * (Ahmadi with Ahmad).
 */
const RELATED_NAME_SIM = 0.85;
const nisbaCache = new Map<string, number>();

function relatedNameCap(x: Token, y: Token, s: Sim): Sim {
  const dl = x.text.length - y.text.length;
  if (dl !== 1 && dl !== -1) return s;
  const long = dl > 0 ? x : y;
  const short = dl > 0 ? y : x;
  if (short.cls < 0 || short.role !== 'name' || long.cls === short.cls || long.text.charCodeAt(long.text.length - 1) !== 105) return s;
  let stemClass = nisbaCache.get(long.text);
  if (stemClass === undefined) {
    stemClass = long.text.length > 3 ? variantClassOf(long.text.slice(0, -1)) : -1;
    if (nisbaCache.size > 100_000) nisbaCache.clear();
    nisbaCache.set(long.text, stemClass);
  }
  return stemClass === short.cls ? { sim: RELATED_NAME_SIM, how: 'inflection' } : s;
}

function tokenSimilarityOf(x: Token, y: Token, crossScript: Scripts): Sim {
  if (x.text === y.text) return { sim: 1, how: crossScript ? 'transliteration' : 'exact' };
  if (x.role === 'name' && y.role === 'name') {
    if (x.cls >= 0 && x.cls === y.cls) return { sim: 0.95, how: 'variant' };
    const guessed = (x.guess >= 0 && (x.guess === y.guess || x.guess === y.cls)) || (y.guess >= 0 && y.guess === x.cls);
    const related =
      x.text.charCodeAt(0) === y.text.charCodeAt(0) || (x.key !== '' && x.key.charCodeAt(0) === y.key.charCodeAt(0)) || x.norm.charCodeAt(0) === y.norm.charCodeAt(0);
    if (!related) {
      // Names that start apart meet only as known variants (Yusuf and Joseph, Uthman and Osman).
      if (guessed) return { sim: 0.9, how: 'variant' };
      return x.cls >= 0 !== y.cls >= 0 ? classSimilarity(x.cls >= 0 ? x : y, x.cls >= 0 ? y : x, crossScript) : NO_MATCH;
    }
  }
  const direct = baseSimilarity(x, y, crossScript);
  if (direct.sim >= 0.95) return direct;
  if (x.role === 'patronymic' && y.role === 'patronymic') {
    const stems = patronymicSimilarity(x, y, crossScript);
    return stems.sim > direct.sim ? stems : direct;
  }
  if (x.role !== 'name' || y.role !== 'name') return direct;
  let best = direct;
  if (best.sim < UNWRITTEN_VOWELS_SIM) {
    const vowelled = unwrittenVowelsSimilarity(x, y);
    if (vowelled.sim > best.sim) best = vowelled;
  }
  if (best.sim < 0.9 && ((x.guess >= 0 && (x.guess === y.guess || x.guess === y.cls)) || (y.guess >= 0 && y.guess === x.cls))) {
    best = { sim: 0.9, how: 'variant' };
  }
  if (x.cls >= 0 !== y.cls >= 0) {
    const viaClass = classSimilarity(x.cls >= 0 ? x : y, x.cls >= 0 ? y : x, crossScript);
    if (viaClass.sim > best.sim) best = viaClass;
  }
  if (best.sim >= 0.95) return best;
  const inflected = inflectionSimilarity(x, y, crossScript);
  return inflected.sim > best.sim ? inflected : best;
}

/**
 * A word read from an abjad against one written with its vowels (vowels.ts): Qusay for قصي
 * ("qsi"), Intissar for انتصار ("antsar"). The letters agree but say little of the vowels, so
 * this is weaker evidence than a shared spelling. Fewer than three consonants (a semivowel met
 * as a consonant counting half) with open vowels fit many names (عصام "asam" fits Isam and
 * Usama): such a word agrees a little below the default threshold, so it never makes a match
 * on its own and the rest of the name must carry it.
 */
const UNWRITTEN_VOWELS_SIM = 0.88;
const UNWRITTEN_VOWELS_TWO_SIM = 0.79;

function unwrittenVowelsSimilarity(x: Token, y: Token): Sim {
  if (!x.abjad === !y.abjad || knownDistinct(x, y)) return NO_MATCH;
  const sim = x.abjad ? readingSimilarity([x.text], y.text) : readingSimilarity([y.text], x.text);
  return sim ? { sim, how: 'transliteration' } : NO_MATCH;
}

/** How alike an abjad reading (its words) and a spelling with vowels are as letters with optional vowels (0: not). */
export function readingSimilarity(reading: string[], written: string): number {
  const consonants = consonantsAgreeing(reading, written);
  return consonants >= 3 ? UNWRITTEN_VOWELS_SIM : consonants >= 1.5 ? UNWRITTEN_VOWELS_TWO_SIM : 0;
}

/**
 * Two different known names (or a known name and a spelling taken for another): they never
 * meet on sound alone. Two guesses alone do not tell names apart: a guess is a reading, not a
 * fact (Salhi and Salehi may resemble two known names and still be one spelling).
 */
function knownDistinct(x: Token, y: Token): boolean {
  const cx = x.cls >= 0 ? x.cls : x.guess;
  const cy = y.cls >= 0 ? y.cls : y.guess;
  return cx >= 0 && cy >= 0 && cx !== cy && (x.cls >= 0 || y.cls >= 0);
}

/** Every spelling of each name-variant class, prepared as tokens. */
const CLASS_MEMBERS: Token[][] = NAME_VARIANTS.map((members, cls) =>
  members.map((text) => ({ text, key: phoneticKey(text), norm: romanisedForm(text), cls, guess: -1, role: 'name' as const, weight: 1 })),
);

/** Known spellings by their skeleton and by their skeleton less one consonant. */
const MEMBERS_BY_KEY = new Map<string, Token[]>();
for (const members of CLASS_MEMBERS) {
  for (const m of members) {
    const keys = new Set([m.key]);
    if (m.key.length >= 3) for (let i = 0; i < m.key.length; i++) keys.add(m.key.slice(0, i) + m.key.slice(i + 1));
    for (const k of keys) MEMBERS_BY_KEY.set(k, [...(MEMBERS_BY_KEY.get(k) ?? []), m]);
  }
}

const guessCache = new Map<string, number>();

/**
 * The variant class of the known name a spelling most resembles ("Vlagyimir" and
 * "urajimiru" both resemble Vladimir), or -1. Two spellings that resemble the same known name
 * are taken as variants of each other, even when they resemble each other less.
 */
export function guessClass(t: Token, crossScript: Scripts): number {
  if (t.cls >= 0 || t.role !== 'name' || t.text.length < MIN_GUESS_LENGTH || t.key.length < 3) return -1;
  const cacheKey = crossScript + t.text;
  let guess = guessCache.get(cacheKey);
  if (guess !== undefined) return guess;
  guess = -1;
  // Best similarity per class; a spelling that fits two known names equally (Arabic "mhmdi":
  // Muhammadi or Mahmudi?) is not guessed at all.
  const perClass = new Map<number, number>();
  const lookups = [t.key];
  for (let i = 0; i < t.key.length; i++) lookups.push(t.key.slice(0, i) + t.key.slice(i + 1));
  for (const k of lookups) {
    for (const m of MEMBERS_BY_KEY.get(k) ?? []) {
      if (Math.abs(m.text.length - t.text.length) > (crossScript ? 5 : 2) || (m.text[0] !== t.text[0] && m.key[0] !== t.key[0])) continue;
      // Sound, not spelling: a typo of a known name is not a new way of writing it.
      const found = baseSimilarity(m, t, crossScript);
      if (found.how === 'typo' || found.sim < GUESS_MIN_SIM) continue;
      // Within Latin script a skeleton is cheap (Sarabia, Sharp and Ashraf all have Sharif's):
      // an unlisted spelling is taken for a known name only when the letters mostly agree too.
      if (!crossScript && jaroWinkler(m.text, t.text) < LATIN_GUESS_MIN_JW) continue;
      if (found.sim > (perClass.get(m.cls) ?? 0)) perClass.set(m.cls, found.sim);
    }
  }
  const ranked = [...perClass].sort((a, b) => b[1] - a[1]);
  if (ranked.length && (ranked.length === 1 || ranked[0][1] - ranked[1][1] >= GUESS_MARGIN)) guess = ranked[0][0];
  if (guess < 0) guess = inflectedClass(t, crossScript);
  if (guessCache.size > 200_000) guessCache.clear();
  guessCache.set(cacheKey, guess);
  return guess;
}

/** The class of a name under a grammatical ending ("Vladimiras" is Vladimir). */
function inflectedClass(t: Token, crossScript: Scripts): number {
  if (t.text.length < 6) return -1;
  for (const ending of ENDINGS) {
    if (!t.text.endsWith(ending)) continue;
    const stemText = t.text.slice(0, t.text.length - ending.length);
    const cls = variantClassOf(stemText);
    if (cls >= 0) return cls;
    return guessClass({ ...t, text: stemText, key: phoneticKey(stemText), norm: romanisedForm(stemText), cls: -1, guess: -1, memo: undefined, lookups: undefined }, crossScript);
  }
  return -1;
}

/** Tokens shorter than this are never taken for an unlisted spelling of a known name. */
const MIN_GUESS_LENGTH = 4;
/** How much better the best known name must fit than the next for a guess. */
const GUESS_MARGIN = 0.005;
/** How close an unlisted spelling must be to a known spelling to count as a variant. */
const CLASS_MIN_SIM = 0.9;
/** How alike the letters of a Latin spelling and a known spelling must be for a guess. */
const LATIN_GUESS_MIN_JW = 0.85;
/** How close a spelling must be to a known name to be taken for a form of it. */
const GUESS_MIN_SIM = 0.88;

/**
 * A spelling the table does not know against a known name: compared with each known spelling
 * of that name ("Vlagyimir" is close to "Vladimir", so it is a form of Volodymyr too).
 */
function classSimilarity(known: Token, other: Token, crossScript: Scripts): Sim {
  // Three letters or fewer are too short to tell one name's spelling from another name (Jan is
  // not Jang, Chang's Korean spelling): a short token is a variant only when the table lists it.
  if (other.text.length < MIN_GUESS_LENGTH) return NO_MATCH;
  let best = NO_MATCH;
  for (const m of CLASS_MEMBERS[known.cls] ?? []) {
    if (m.text === known.text || Math.abs(m.text.length - other.text.length) > 3) continue;
    if (m.key !== other.key && m.key[0] !== other.key[0]) continue;
    // Close to a known spelling, not merely near it: a variant plus a typo is two steps away
    // (Marine is not Marie, Pierce is not Pierre).
    const s = baseSimilarity(m, other, crossScript);
    if (s.sim < CLASS_MIN_SIM || s.how === 'typo') continue;
    if (m.norm !== other.norm) {
      // Within Latin script the letters must mostly agree too (Powell is not Pawel), and two
      // consonants say too little in any script (Chong is not Chang).
      if (m.key.length <= 2 || (!crossScript && jaroWinkler(m.text, other.text) < LATIN_GUESS_MIN_JW)) continue;
    }
    if (s.sim * 0.97 > best.sim) best = { sim: s.sim * 0.97, how: 'variant' };
  }
  return best.sim >= MIN_TOKEN_SIM ? best : NO_MATCH;
}

/** Baltic, Greek and Georgian nominative endings that names take on ("Putinas", "Vladimirs", "Putini"). */
const ENDINGS = ['as', 'is', 'us', 'os', 's', 'i'];

/** "Vladimiras" against "Vlagyimir": the same name with a grammatical ending, on either side or both. */
function inflectionSimilarity(x: Token, y: Token, crossScript: Scripts): Sim {
  // Two names the table knows apart stay apart under any ending (Hosseini is not Hossein).
  if (x.cls >= 0 && y.cls >= 0 && x.cls !== y.cls) return NO_MATCH;
  const sx = stemOf(x, crossScript);
  const sy = stemOf(y, crossScript);
  if (!sx && !sy) return NO_MATCH;
  let best = NO_MATCH;
  for (const [p, q] of [
    [sx ?? x, y],
    [x, sy ?? y],
    [sx ?? x, sy ?? y],
  ]) {
    if (p === x && q === y) continue;
    // The stems must be one name, a known variant of it or sound the same: an ending on top
    // of a typo is two differences, too many for words this short.
    const s = baseSimilarity(p, q, crossScript);
    const soundsSame = (s.how === 'phonetic' || s.how === 'transliteration') && p.key.length >= 3 && jaroWinkler(p.text, q.text) >= (crossScript ? 0.7 : 0.8);
    const sameName = p.text === q.text || s.how === 'variant' || soundsSame;
    const classOf = (t: Token) => (t.cls >= 0 ? t.cls : t.guess);
    const sameClass = classOf(p) >= 0 && classOf(p) === classOf(q);
    const sim = (sameName ? s.sim : sameClass ? 0.9 : 0) * 0.97;
    if (sim > best.sim) best = { sim, how: 'inflection' };
  }
  return best.sim >= MIN_TOKEN_SIM ? best : NO_MATCH;
}

/** The token without its grammatical ending, or undefined when it has none. */
function stemOf(t: Token, crossScript: Scripts): Token | undefined {
  if (t.text.length < 6) return undefined;
  const ending = ENDINGS.find((e) => t.text.endsWith(e));
  return ending ? stemToken(t, t.text.slice(0, t.text.length - ending.length), crossScript) : undefined;
}

/** Two patronymics compare by the fathers' names they are made of (Vlagyimirovics, Vladimirovich). */
function patronymicSimilarity(x: Token, y: Token, crossScript: Scripts): Sim {
  const sx = stemToken(x, patronymicStem(x.text), crossScript);
  const sy = stemToken(y, patronymicStem(y.text), crossScript);
  const s = tokenSimilarity(sx, sy, crossScript);
  return s.sim * 0.97 >= MIN_TOKEN_SIM ? { sim: s.sim * 0.97, how: s.how } : NO_MATCH;
}

/**
 * Stems made so far, by scripts, reading and stem: the same endings come off the same words in
 * query after query (measured on the bench:match mix: 9 of 10 stems asked for were made before).
 */
const stems = new Map<string, Token>();

/**
 * A stem as a name token of its own: what the comparisons read of it (letters, skeleton,
 * class, guessed class, abjad reading) comes from the stem and the scripts alone. A stem is
 * another word: it has no memo (names.ts) and no listed id.
 */
function stemToken(t: Token, stem: string, crossScript: Scripts): Token {
  const cacheKey = `${crossScript}${t.abjad ? 'a' : ''}${stem}`;
  let token = stems.get(cacheKey);
  if (!token) {
    token = { text: stem, key: phoneticKey(stem), norm: romanisedForm(stem), cls: variantClassOf(stem), guess: -1, role: 'name', weight: 1, memo: undefined, lookups: undefined };
    if (t.abjad) token.abjad = true;
    token.guess = guessClass(token, crossScript);
    if (stems.size > 100_000) stems.clear();
    stems.set(cacheKey, token);
  }
  return token;
}

/** The first vowel's family (a; e i; o u), or '' when the token has none. */
function firstVowel(text: string): string {
  const m = /[aeiou]/.exec(text);
  if (!m) return '';
  return m[0] === 'a' ? 'a' : m[0] === 'e' || m[0] === 'i' ? 'i' : 'u';
}

/**
 * Words one edit apart (four letters or more) never fall below this Jaro-Winkler similarity
 * (0.738 at worst, "aabcbab" and "babcbab": test/match/strings.test.ts checks every pair over
 * small alphabets), and two edits count only from 0.85: below it the edit distance, the
 * costlier measure, is not computed.
 */
export const TYPO_MIN_JW = 0.7;

function baseSimilarity(x: Token, y: Token, crossScript: Scripts): Sim {
  if (x.text === y.text) return { sim: 1, how: crossScript ? 'transliteration' : 'exact' };
  if (x.role === 'number' || y.role === 'number') return NO_MATCH;
  if (x.role === 'initial' || y.role === 'initial') return initialSimilarity(x, y, crossScript);
  if (x.cls >= 0 && x.cls === y.cls) return { sim: 0.95, how: 'variant' };
  const lx = x.text.length;
  const ly = y.text.length;
  const shorter = Math.min(lx, ly);
  const longer = Math.max(lx, ly);
  const distinct = knownDistinct(x, y);
  // Words of one romanisation or one skeleton, or read from other scripts, may meet in several
  // ways below; other words only as typos, as few edits apart as the typo rules below allow:
  // most pairs end here, before the costlier measures.
  if (!crossScript && x.norm !== y.norm && x.key !== y.key && (shorter < 4 || distinct || editsAtLeast(x.text, y.text) > mostTypoEdits(shorter, longer))) return NO_MATCH;
  const jw = jaroWinkler(x.text, y.text);
  let best = NO_MATCH;
  // Letters: one edit in a word of four or more letters, two in a long word (mostTypoEdits
  // follows these rules).
  if (shorter >= 4 && !distinct && jw >= TYPO_MIN_JW) {
    const d = damerauLevenshtein(x.text, y.text, 2);
    // One edit in four letters is a bigger change than one in ten: Yong/Song are two names.
    if (d === 1) best = { sim: Math.min(0.95, Math.max(1 - 0.8 / longer, jw - 0.02)), how: 'typo' };
    // Two edits make another name of a short or middling word (Cherezov, Chertkov).
    else if (d === 2 && longer >= 9 && jw >= 0.85) best = { sim: Math.min(0.88, jw - 0.05), how: 'typo' };
    else if (jw >= 0.92 && shorter >= 6 && longer - shorter <= 2 && damerauLevenshtein(x.text, y.text, 3) <= 3) best = { sim: jw - 0.04, how: 'typo' };
  }
  // Romanisation: the same letters once the habits of one romanisation are undone (Siwakow,
  // Sivakov; Choroshilow, Khoroshilov; Dzhose, Jose). Vowels and order agree, so this is
  // stronger than a shared skeleton.
  if (!distinct && x.norm === y.norm && shorter >= 3 && ROMANISED_SIM > best.sim) {
    best = { sim: ROMANISED_SIM, how: crossScript ? 'transliteration' : 'phonetic' };
  }
  // Sound: same consonant skeleton. Across scripts this is the main evidence; within Latin
  // script the letters must agree too, or "Smith" would meet "Smyth" and "Sami" "Sam".
  if (!distinct && x.key.length >= 2 && x.key === y.key) {
    // Four or more consonants in the same order across scripts are specific enough on their own
    // (Korean inserts vowels: "beulradimireu" for Vladimir).
    // Three, when the first vowel sounds alike too (Khmer "poutein", Arabic "butn").
    // Two consonants say little: those need the letters to agree as within one script.
    const k = x.key.length;
    // Within Latin script the letters are compared as written and, closely, once romanisation
    // habits are undone, for three consonants or more and words of about one length ("Dzhikhad"
    // is "Jihad" spelled the Russian way; William is not Vielma, Schmidt not Smith).
    const normJw =
      crossScript || k < 3 || x.norm === y.norm || (x.norm === x.text && y.norm === y.text) || Math.abs(x.norm.length - y.norm.length) > 1
        ? 0
        : jaroWinkler(x.norm, y.norm);
    const latinJw = normJw >= ROMANISED_MIN_JW && normJw > jw ? normJw : jw;
    // Three need the letters to agree fairly well, less so between two foreign renderings.
    const phon = crossScript
      ? k <= 2
        ? jw >= 0.8
          ? 0.8 + 0.18 * jw
          : 0
        : jw >= 0.7 || (k >= 4 && jw >= 0.6) || (crossScript === 2 && (jw >= 0.6 || (jw >= 0.55 && firstVowel(x.text) === firstVowel(y.text))))
          ? 0.8 + 0.18 * jw
          : k >= 4 && jw >= 0.45
            ? 0.88
            : 0
      : latinJw >= (k <= 2 || !sameStart(x, y) ? 0.9 : 0.75)
        ? 0.8 + 0.15 * latinJw
        : 0;
    if (phon > best.sim) best = { sim: phon, how: crossScript ? 'transliteration' : 'phonetic' };
  } else if (crossScript && !distinct && shorter >= 4 && x.key.length >= 3 && y.key.length >= 3) {
    // Spellings of one foreign name differ by a consonant or two ("Vlagyimir", "Uladzimir",
    // "Putinas"): near skeletons count, more readily across scripts.
    const kd = damerauLevenshtein(x.key, y.key, 2);
    const shortKey = Math.min(x.key.length, y.key.length);
    // Across scripts the letters may share little ("urajimiru" for Vladimir in katakana,
    // "vlantimir" in Greek): skeletons one or two consonants apart still count, a little less.
    const plausible = crossScript ? jw >= 0.9 || (shortKey >= 4 && jw >= 0.6) : false;
    let s = 0;
    if (kd === 1 && plausible) s = 0.78 + 0.14 * Math.max(jw, 0.6);
    else if (kd === 2 && crossScript && shortKey >= 4 && jw >= 0.7) s = 0.78 + 0.1 * jw;
    if (s > best.sim) best = { sim: s, how: crossScript ? 'transliteration' : 'phonetic' };
  }
  return best.sim >= MIN_TOKEN_SIM ? best : NO_MATCH;
}

/** The most edits the typo rules of baseSimilarity let two words of these lengths differ by. */
function mostTypoEdits(shorter: number, longer: number): number {
  return shorter >= 6 && longer - shorter <= 2 ? 3 : longer >= 9 ? 2 : 1;
}

/**
 * Two Latin spellings of one name start with the same letter once romanisation habits are
 * undone (Jusuf, Yusuf). A skeleton shared by words that start apart (Bachir, Fachri) needs
 * the letters to agree closely.
 */
function sameStart(x: Token, y: Token): boolean {
  return x.text.charCodeAt(0) === y.text.charCodeAt(0) || x.norm.charCodeAt(0) === y.norm.charCodeAt(0);
}

/** "V." against "Vladimir": an initial agrees with a name that starts with its letter. */
function initialSimilarity(x: Token, y: Token, crossScript: Scripts): Sim {
  if (x.role === 'initial' && y.role === 'initial') return x.text === y.text ? { sim: 1, how: 'exact' } : NO_MATCH;
  const [initial, full] = x.role === 'initial' ? [x, y] : [y, x];
  if (full.text[0] === initial.text) return { sim: 0.9, how: 'initial' };
  // The initial may be spelled otherwise (В. for "Wladimir"), and V, W and U stand for one
  // another across languages (Belarusian Уладзімір, Japanese ウラジーミル).
  if (initial.key && full.key[0] === initial.key) return { sim: 0.85, how: 'initial' };
  if ('vw'.includes(initial.text) && 'uvwbf'.includes(full.text[0])) return { sim: 0.8, how: 'initial' };
  return NO_MATCH;
}

