import type { NameKind } from '../model/entity.js';
import type { SchemaName } from '../model/schema.js';
import { isA } from '../model/schema.js';
import { AMBIGUOUS_HONORIFICS, HONORIFICS, PARTICLES, PATRONYMIC_SUFFIXES } from './tables/names.js';
import { COMMON_ORG_WORDS, COMMON_WORD_WEIGHT, LEADING_LEGAL_FORMS, LEGAL_FORMS } from './tables/orgs.js';
import { hashOf } from './hash.js';
import { phoneticKey, romanisedForm } from './phonetic.js';
import { damerauLevenshtein } from './similarity.js';
import type { SimilarityTable } from './simtable.js';
import { canonicalOf, guessClass, patronymicClass, variantClassOf, type Token, type TokenRole, type WordLookups } from './tokens.js';
import { isTableReading, latinForms, type LatinForm } from './translit.js';
import type { TokenStats } from './weights.js';

export type { Token, TokenRole, WordLookups } from './tokens.js';
export { canonicalOf, classCanonical, variantClassOf } from './tokens.js';

/**
 * A name made ready for comparison, once: Latin forms, tokens with their phonetic keys,
 * variant classes and weights, honorifics and legal forms set aside. Listed names are
 * prepared when the index is built, so scoring a candidate only compares numbers and short
 * strings.
 */

/** Two or three neighbouring tokens written as one ("ErkenTuniyaz", "Yonggil"). */
export interface Glue {
  text: string;
  key: string;
  /** Token positions glued, in glued order. */
  idx: number[];
  weight: number;
  /** The glued words, kept when one was read letter by letter from an abjad (Token.abjad). */
  abjadWords?: string[];
  /** Listed glues only: one number per distinct glued spelling over the index (as Token.id). */
  id?: number;
  /** Query glues only: how alike the glue is to each listed token compared so far (names.ts). */
  memo?: SimilarityTable;
  /** Query glues only: what a matching index looked the glue up by and met (Token.lookups). */
  lookups?: WordLookups;
}

export interface NameForm {
  tokens: Token[];
  glues: Glue[];
  /** Sum of token weights. */
  total: number;
  method: LatinForm['method'];
  /** A title and a single name ("President Putin"): a person named by one name only. */
  partialReference: boolean;
}

export type NameClass = 'person' | 'org' | 'any';

export interface PreparedName {
  full: string;
  kind: NameKind;
  nameClass: NameClass;
  forms: NameForm[];
  /** Legal forms set aside, as written after normalisation ("co ltd"). */
  legalForms: string[];
  /** Family of each legal form ("company", "joint-stock company"). */
  legalFamilies: string[];
  /** Honorifics and titles set aside ("president", "sheikh"). */
  titles: string[];
  /** The name without spaces or punctuation when it is not in Latin script: compared as written. */
  original?: string;
}

// ---------------------------------------------------------------- tables made fast

const compact = (s: string) => s.replace(/\s+/g, '');
const LEGAL_COMPACT = new Map<string, string>(Object.entries(LEGAL_FORMS).map(([k, v]) => [compact(k), v]));
const LEADING_COMPACT = new Set([...LEADING_LEGAL_FORMS].map(compact));
const MAX_LEGAL_SPAN = 7;

// ---------------------------------------------------------------- schema to name class

export function nameClassOf(schema: SchemaName | undefined): NameClass {
  if (!schema) return 'any';
  if (schema === 'Person') return 'person';
  if (schema === 'LegalEntity' || schema === 'Thing') return 'any';
  return 'org';
}

// ---------------------------------------------------------------- preparation

/**
 * Query tokens already made, by everything a token is made from, so that a batch prepares
 * each distinct word at most twice (it is kept from its second making, madeBefore): a customer
 * file holds "Mohammed" or "Wang" thousands of times,
 * and what MatchIndex and the name comparison remember about a token (its similarity to
 * each listed word) then serves every record that has it. Tokens taken from here are
 * shared between queries, so nothing may change a prepared query's tokens. A token's weight
 * comes from the statistics it was made with: one cache serves one set (MatchIndex keeps its
 * own). Emptied when full, which bounds what the remembered similarities hold.
 */
export class TokenCache {
  /** Per context (contextOf), tokens by word; each token's serial number (glue keys use them). */
  private readonly contexts: Map<string, Token>[] = [];
  private readonly serials = new Map<Token, number>();
  private readonly glues = new Map<number, Map<number, Glue>>();
  private glueCount = 0;
  /** Fingerprints of words and glues made once (madeBefore). */
  private readonly seen = new Int32Array(2 ** SEEN_BITS);
  /** At most this many tokens and as many glues (serials fit in SERIAL_BITS). */
  private readonly limit: number;

  constructor(limit = 30_000) {
    this.limit = Math.min(limit, 2 ** SERIAL_BITS);
  }

  /** The token for a word in a context (contextOf), made once. */
  token(context: number, word: string, make: () => Token): Token {
    let token = this.contexts[context]?.get(word);
    if (!token) {
      // Words get negative heads, glues non-negative ones: the two never share a fingerprint.
      if (!this.madeBefore(-1 - context, hashOf(0, word))) return make();
      if (this.serials.size >= this.limit) this.clear();
      token = make();
      (this.contexts[context] ??= new Map()).set(word, token);
      this.serials.set(token, this.serials.size);
    }
    return token;
  }

  /**
   * A glued spelling of kept tokens, kept as well, so that what it was compared with lasts too
   * (a given name of two Han syllables comes back glued in every record that has it). A glue is
   * made of its tokens and their positions (three neighbours, or two anywhere in the first 8).
   */
  glue(tokens: Token[], idx: number[], make: () => Glue): Glue {
    const first = this.serials.get(tokens[idx[0]]);
    const second = this.serials.get(tokens[idx[1]]);
    const third = idx.length > 2 ? this.serials.get(tokens[idx[2]]) : 0;
    // A token made before the cache was last emptied (earlier in the same name) has none.
    if (first === undefined || second === undefined || third === undefined) return make();
    // Two small integers as keys (the first token and the positions; the other tokens), which
    // a Map hashes fastest.
    const head = first * 256 + idx.length * 64 + idx[0] * 8 + idx[1];
    const rest = second * 2 ** SERIAL_BITS + third;
    let glue = this.glues.get(head)?.get(rest);
    if (!glue) {
      if (!this.madeBefore(head, rest)) return make();
      if (this.glueCount >= this.limit) (this.glues.clear(), (this.glueCount = 0));
      let byFirst = this.glues.get(head);
      if (!byFirst) this.glues.set(head, (byFirst = new Map()));
      byFirst.set(rest, (glue = make()));
      this.glueCount++;
    }
    return glue;
  }

  /**
   * Whether a word or glue was made before (by its keys), remembering that it now has been. Many
   * words of a batch (a rare family name) and most glues (a given name beside a family name it
   * seldom meets) are made once only, and keeping those cost more than it saved: each kept one,
   * its keys and its similarities lived until the cache was emptied (every few thousand
   * records), long enough to be promoted to the old heap, where only a full garbage collection
   * frees them. Kept from the second time on instead (bench:scale, docs/deployment.md). A
   * fingerprint per slot of a fixed table: a collision only keeps one early, or a little late.
   */
  private madeBefore(head: number, rest: number): boolean {
    const slot = (Math.imul(head, 0x9e3779b1) ^ Math.imul(rest, 0x85ebca6b)) >>> (32 - SEEN_BITS);
    const print = (Math.imul(head ^ (rest << 7), 0x27d4eb2d) + rest) | 1;
    if (this.seen[slot] === print) return true;
    this.seen[slot] = print;
    return false;
  }

  /** Forgets every token and glue kept (and with them what was remembered of their comparisons). */
  clear(): void {
    this.contexts.length = 0;
    this.serials.clear();
    this.glues.clear();
    this.glueCount = 0;
    this.seen.fill(0);
  }
}

const SERIAL_BITS = 15;
const SEEN_BITS = 16;

// Every reading method and name class numbered (a record, so that a new one must be numbered too).
const METHODS: Record<LatinForm['method'], number> = { latin: 0, alphabet: 1, translit: 2, abjad: 3, pinyin: 4, korean: 5, japanese: 6 };
const NAME_CLASSES: Record<NameClass, number> = { person: 0, org: 1, any: 2 };
const CLASS_COUNT = Object.keys(NAME_CLASSES).length;

/**
 * Everything a token is made from but its word: how its form was read, the name class,
 * whether the name has other words (particles) and whether the word was written as an initial.
 */
function contextOf(method: LatinForm['method'], nameClass: NameClass, otherWords: boolean, dotted: boolean): number {
  return ((METHODS[method] * CLASS_COUNT + NAME_CLASSES[nameClass]) * 2 + (otherWords ? 1 : 0)) * 2 + (dotted ? 1 : 0);
}

export function prepareName(full: string, kind: NameKind, nameClass: NameClass, stats: TokenStats, cache?: TokenCache): PreparedName {
  const prepared: PreparedName = { full, kind, nameClass, forms: [], legalForms: [], legalFamilies: [], titles: [] };
  const original = originalScript(full);
  if (original) prepared.original = original;
  const seen = new Set<string>();
  for (const form of writtenForms(full)) {
    let words = splitWords(form.text, nameClass);
    const dotted = new Set([...form.text.matchAll(/(?:^|[^a-z])([a-z])\./g)].map((m) => m[1]));
    if (nameClass !== 'person') words = stripLegalForms(words, prepared);
    if (nameClass !== 'org') words = stripTitles(words, prepared, nameClass === 'person' ? givenNamesStart(form.text, nameClass) : 0);
    const sig = words.join(' ');
    if (!words.length || seen.has(sig)) continue;
    seen.add(sig);
    prepared.forms.push(makeForm(words, form.method, nameClass, stats, dotted, cache));
  }
  for (const f of prepared.forms) {
    f.partialReference = prepared.titles.length > 0 && f.tokens.filter((t) => t.role === 'name').length === 1;
  }
  if (!prepared.forms.length) {
    // A name made only of a title or a legal form ("Sheikh", "Limited"): compare it as it is.
    const words = splitWords(foldFallback(full), nameClass);
    prepared.forms.push(makeForm(words.length ? words : [full.toLowerCase()], 'latin', nameClass, stats));
  }
  return prepared;
}

/**
 * A lower-case letter followed by a capital may mark where two words were written together
 * ("Ali MohamadSALEH", "VladimirovichKUYVASHEV", "PetroChina"), or be a slip of the keyboard
 * ("StRnton"). Such a name is read both ways: as written, and split there (the scorer glues
 * the parts again when the other name writes them as one).
 */
const CASE_BOUNDARY = /(\p{Ll})(?=\p{Lu})/gu;

export function splitCaseBoundaries(full: string): string {
  return full.replace(CASE_BOUNDARY, '$1 ');
}

function writtenForms(full: string): LatinForm[] {
  const forms = latinForms(full);
  const split = splitCaseBoundaries(full);
  return split === full ? forms : [...forms, ...latinForms(split)];
}

function foldFallback(full: string): string {
  return latinForms(full)[0]?.text ?? full.toLowerCase();
}

/** The name as written, without spaces and punctuation, when it has non-Latin letters. */
function originalScript(full: string): string | undefined {
  const nfkc = full.normalize('NFKC').toLowerCase();
  if (!/[^\p{Script=Latin}\P{L}]/u.test(nfkc)) return undefined;
  return nfkc.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Article prefixes written with a hyphen ("al-Baghdadi", "ash-Shami", "Inam-ul-Haq"). */
const ARTICLE_PREFIX = /(^|[^a-z])(al|el|ul|ud|ad|adh|ar|as|ash|at|ath|az|an)-(?=[a-z])/g;
/** Dotted abbreviations ("S.A.", "L.L.C.", "V.V."). */
const DOTTED = /(?:\b[a-z]\.){2,}/g;

function splitWords(text: string, nameClass: NameClass): string[] {
  const t = text
    .replace(/['’`ʻʼ‘´]/g, '')
    .replace(ARTICLE_PREFIX, '$1al ')
    .replace(DOTTED, (m) => {
      const joined = m.replace(/\./g, '');
      return nameClass !== 'person' && LEGAL_COMPACT.has(joined) ? ` ${joined} ` : m;
    });
  return t.split(/[^a-z0-9]+/).filter(Boolean);
}

/** Removes legal forms at the end (repeatedly: "Co., Ltd.") and at the start ("OOO"). */
function stripLegalForms(words: string[], prepared: PreparedName): string[] {
  let w = words;
  let changed = true;
  while (changed && w.length > 1) {
    changed = false;
    for (let span = Math.min(MAX_LEGAL_SPAN, w.length - 1); span >= 1; span--) {
      const written = w.slice(w.length - span).join('');
      const family = LEGAL_COMPACT.get(written) ?? LEGAL_COMPACT.get(nearLegalForm(written, LONG_LEGAL) ?? '');
      if (family) {
        noteLegal(prepared, w.slice(w.length - span).join(' '), family);
        w = w.slice(0, w.length - span);
        changed = true;
        break;
      }
    }
  }
  for (let span = Math.min(MAX_LEGAL_SPAN, w.length - 1); span >= 1; span--) {
    const written = w.slice(0, span).join('');
    const head = LEADING_COMPACT.has(written) ? written : nearLegalForm(written, LONG_LEADING);
    if (head) {
      noteLegal(prepared, w.slice(0, span).join(' '), LEGAL_COMPACT.get(head) ?? 'company');
      w = w.slice(span);
      break;
    }
  }
  return w;
}

/**
 * A long legal form written with one slip ("Liited Liability Company", "Jont-Stock Company"):
 * long enough that one edit cannot make it out of a name.
 */
const FUZZY_LEGAL_MIN = 12;
const LONG_LEGAL = [...LEGAL_COMPACT.keys()].filter((k) => k.length >= FUZZY_LEGAL_MIN);
const LONG_LEADING = [...LEADING_COMPACT].filter((k) => k.length >= FUZZY_LEGAL_MIN);

function nearLegalForm(written: string, forms: string[]): string | undefined {
  if (written.length < FUZZY_LEGAL_MIN) return undefined;
  for (const f of forms) if (Math.abs(f.length - written.length) <= 1 && damerauLevenshtein(written, f, 1) <= 1) return f;
  return undefined;
}

function noteLegal(prepared: PreparedName, form: string, family: string): void {
  if (!prepared.legalForms.includes(form)) prepared.legalForms.push(form);
  if (!prepared.legalFamilies.includes(family)) prepared.legalFamilies.push(family);
}

/**
 * Honorifics by their romanised form (phonetic.ts), for words long enough not to be a short
 * name in disguise: "Sheyk", "Schaikh" and "Sheik" are one title.
 */
const HONORIFIC_FORMS = new Map([...HONORIFICS].map((h) => [romanisedForm(h), h]));
const MIN_ROMANISED_HONORIFIC = 5;

function honorificOf(w: string): string | undefined {
  if (HONORIFICS.has(w)) return w;
  return w.length >= MIN_ROMANISED_HONORIFIC ? HONORIFIC_FORMS.get(romanisedForm(w)) : undefined;
}

/**
 * Where the given names start in a "FAMILY, Given Names" name (the word after the first
 * comma), or 0: "AWEYS, Sheikh Hassan Dahir" opens its given names with a title.
 */
function givenNamesStart(text: string, nameClass: NameClass): number {
  const comma = text.indexOf(',');
  return comma > 0 ? splitWords(text.slice(0, comma), nameClass).length : 0;
}

/**
 * Drops honorifics anywhere ("Präsident Putin", "Putyin elnök"); keeps at least one word. One
 * that is also a given name (Sheikh, Haji, Sultan) is a title only where the name starts, with
 * two more words in the name, or where its given names start, with two more given names.
 */
function stripTitles(words: string[], prepared: PreparedName, givenStart: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const left = words.length - i - 1 + out.length;
    const honorific = honorificOf(w);
    const opening = i === 0 || (i === givenStart && i + 2 < words.length);
    const title = honorific !== undefined && (AMBIGUOUS_HONORIFICS.has(honorific) ? opening && words.length >= 3 : left >= 1);
    if (title) {
      if (!prepared.titles.includes(w)) prepared.titles.push(w);
    } else out.push(w);
  }
  return out;
}

function isPatronymic(w: string): boolean {
  return w.length >= 7 && PATRONYMIC_SUFFIXES.some((s) => w.endsWith(s));
}

function roleOf(w: string, nameClass: NameClass, words: string[], latinHabits: boolean): TokenRole {
  if (/^\d+$/.test(w)) return 'number';
  // Initials are a Latin-script habit (or a dotted letter in any script, "В. В. Путин"); a
  // one-letter word read from another script is a name.
  if (w.length === 1 && nameClass !== 'org' && latinHabits) return 'initial';
  if (PARTICLES.has(w) && words.length > 1) return 'particle';
  if (nameClass !== 'org' && isPatronymic(w)) return 'patronymic';
  if (nameClass !== 'person' && COMMON_ORG_WORDS.has(w)) return 'common';
  return 'name';
}

const ROLE_WEIGHT_CAP: Record<TokenRole, number> = {
  name: 1,
  particle: 0.1,
  initial: 0.15,
  patronymic: 0.5,
  common: COMMON_WORD_WEIGHT,
  number: 0.6,
};

/** A token's weight: its rarity, capped by its role (a patronymic counts half its rarity). */
export function tokenWeight(token: Token, stats: TokenStats): number {
  const rarity = stats.weight(canonicalOf(token));
  return token.role === 'patronymic' ? rarity * ROLE_WEIGHT_CAP.patronymic : Math.min(rarity, ROLE_WEIGHT_CAP[token.role]);
}

function makeToken(w: string, nameClass: NameClass, words: string[], latinHabits: boolean, letterForLetter: boolean, stats: TokenStats): Token {
  const role = roleOf(w, nameClass, words, latinHabits);
  const cls = role === 'name' || role === 'particle' ? variantClassOf(w) : role === 'patronymic' ? patronymicClass(w) : -1;
  // memo from the start, though only query tokens fill it: one object shape for every token.
  const token: Token = { text: w, key: phoneticKey(w), norm: romanisedForm(w), cls, guess: -1, role, weight: 1, memo: undefined, lookups: undefined };
  // A name read letter for letter (Latin, Cyrillic, Greek ...) is guessed as strictly as it
  // is compared: "Oktyabrina" is not a form of Katerina.
  token.guess = guessClass(token, latinHabits || letterForLetter ? 0 : 1);
  token.weight = tokenWeight(token, stats);
  return token;
}

/** Gives every token of a prepared name its weight under other statistics (the index's own). */
export function reweigh(name: PreparedName, stats: TokenStats): void {
  for (const form of name.forms) {
    for (const t of form.tokens) t.weight = tokenWeight(t, stats);
    form.total = form.tokens.reduce((s, t) => s + t.weight, 0);
    for (const g of form.glues) g.weight = g.idx.reduce((s, i) => s + form.tokens[i].weight, 0);
  }
}

function makeForm(words: string[], method: LatinForm['method'], nameClass: NameClass, stats: TokenStats, dotted = new Set<string>(), cache?: TokenCache): NameForm {
  const letterForLetter = method === 'latin' || method === 'alphabet';
  const make = (w: string) => {
    const latinHabits = method === 'latin' || dotted.has(w);
    const token = makeToken(w, nameClass, words, latinHabits, letterForLetter, stats);
    // Words read letter by letter from an abjad leave their short vowels open (tokens.ts).
    if (method === 'abjad' && !isTableReading(w)) token.abjad = true;
    return token;
  };
  const tokens = words.slice(0, 24).map((w) => (cache ? cache.token(contextOf(method, nameClass, words.length > 1, dotted.has(w)), w, () => make(w)) : make(w)));
  const glues = gluesOf(tokens, cache && ((idx, glue) => cache.glue(tokens, idx, glue)));
  return { tokens, glues, total: tokens.reduce((s, t) => s + t.weight, 0), method, partialReference: false };
}

/**
 * Glued spellings a name may be written in: neighbours two or three at a time, and any two
 * tokens in reverse order ("TUNIYAZ, Erken" written "ErkenTuniyaz"). kept: where a batch keeps
 * the glues of its kept tokens (TokenCache.glue).
 */
export function gluesOf(tokens: Token[], kept?: (idx: number[], make: () => Glue) => Glue): Glue[] {
  const out: Glue[] = [];
  const n = Math.min(tokens.length, 8);
  const make = (idx: number[]) => () => {
    const text = idx.map((i) => tokens[i].text).join('');
    // The skeleton of glued words is their skeletons joined (cheaper, and the same but at a seam).
    const key = idx.map((i) => tokens[i].key).join('');
    const glue: Glue = { text, key, idx, weight: idx.reduce((s, i) => s + tokens[i].weight, 0), memo: undefined, lookups: undefined };
    if (idx.some((i) => tokens[i].abjad)) glue.abjadWords = idx.map((i) => tokens[i].text);
    return glue;
  };
  const add = (idx: number[]) => {
    if (idx.some((i) => tokens[i].role === 'initial' || tokens[i].role === 'number')) return;
    if (idx.reduce((length, i) => length + tokens[i].text.length, 0) > 30) return;
    out.push(kept ? kept(idx, make(idx)) : make(idx)());
  };
  // Neighbours glued as written, or swapped ("TUNIYAZ, Erken" -> "ErkenTuniyaz") while the
  // name is short enough for that to happen; three neighbours as written.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      if (j === i + 1 || (n <= 6 && j === i - 1)) add([i, j]);
    }
    if (i + 2 < n && n <= 6) add([i, i + 1, i + 2]);
  }
  return out;
}

export function isOrgClass(schema: SchemaName | undefined): boolean {
  return !!schema && isA(schema, 'Organization');
}
