/**
 * Name handling for the evaluation-set generator: splitting a listed person's name into
 * given and family parts, and conservative tests of whether two tokens or two names could
 * belong to one party (so that a "hard negative" is never an alias of its listed party).
 */
import anyAscii from 'any-ascii';
import type { Name } from '../../model/entity.js';
import { fold, jaroWinkler } from './jaro.js';

/** Particles and honorifics: never swapped in, dropped or counted as a distinguishing token. */
export const PARTICLES = new Set([
  'al', 'el', 'ul', 'bin', 'ben', 'ibn', 'bint', 'abu', 'abou', 'abo', 'umm', 'de', 'da', 'do', 'dos', 'das', 'del', 'della',
  'der', 'den', 'van', 'von', 'la', 'le', 'di', 'du', 'y', 'e', 'mr', 'mrs', 'dr', 'sheikh', 'shaykh', 'haji', 'hajji',
  'mullah', 'mawlawi', 'maulavi', 'qari', 'general', 'colonel', 'a', 'o', 'ou', 'and', 'of', 'the', 'for', 'des', 'et',
  // generational suffixes: "ROBERT J. SHUBERT, SR." is no "FAMILY, Given"
  'jr', 'sr', 'ii', 'iii', 'iv',
]);

/** Word tokens of a name, folded (lower case, no diacritics, no punctuation). */
export function foldedTokens(text: string): string[] {
  const f = fold(text);
  return f ? f.split(' ') : [];
}

/** Tokens that carry identity: particles and single letters removed. */
export function meaningfulTokens(text: string): string[] {
  return foldedTokens(text).filter((t) => t.length > 1 && !PARTICLES.has(t));
}

/**
 * A coarse sound key: first letter (any vowel sound as "a"), then consonants with common
 * romanisation alternatives merged and vowels and doubles removed, so that Mohammed,
 * Muhammad and Mohamed share a key. Coarse on purpose: it only ever makes the generator
 * refuse a negative.
 */
export function skeleton(token: string): string {
  const t = fold(token).replace(/\s+/g, '');
  if (!/^[a-z]+$/.test(t)) return t;
  const s = t
    .replace(/ph/g, 'f')
    .replace(/kh/g, 'h')
    .replace(/[cq]/g, 'k')
    .replace(/w/g, 'v')
    .replace(/x/g, 'ks')
    .replace(/z/g, 's')
    .replace(/j/g, 'y');
  const first = /[aeiouy]/.test(s[0]) ? 'a' : s[0];
  const rest = s
    .slice(1)
    .replace(/[aeiouyhw]/g, '')
    .replace(/(.)\1+/g, '$1');
  return first + rest;
}

/** Could two tokens be spellings of one name part? (initial or prefix, near-equal sound keys, or near-equal) */
export function sameToken(a: string, b: string): boolean {
  const fa = fold(a).replace(/\s+/g, '');
  const fb = fold(b).replace(/\s+/g, '');
  if (!fa || !fb) return false;
  if (fa.startsWith(fb) || fb.startsWith(fa)) return true;
  const [ka, kb] = [skeleton(fa), skeleton(fb)];
  // Sound keys nearly equal: "Alexanda" (alksnd) and "Oleksandr" (alksndr).
  if (ka === kb || jaroWinkler(ka, kb) >= 0.9) return true;
  return jaroWinkler(fa, fb) >= 0.85;
}

/**
 * Could `a` and `b` name one party? True when every meaningful token of the shorter name has
 * a possible spelling in the longer (so "Vladimir Sergeyevich Putin" might be "PUTIN, Vladimir").
 * Glued forms count too: a token may equal two adjacent tokens of the other name joined.
 */
export function possiblySameName(a: string, b: string): boolean {
  const ta = meaningfulTokens(a);
  const tb = meaningfulTokens(b);
  if (ta.length === 0 || tb.length === 0) return true;
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  const longWithJoins = [...long, ...long.slice(1).map((t, i) => long[i] + t)];
  return short.every((s) => longWithJoins.some((l) => sameToken(s, l)));
}

/** True if any token of `token` could be a spelling of any meaningful token of the names. */
export function tokenInNames(token: string, names: readonly string[]): boolean {
  return names.some((n) => meaningfulTokens(n).some((t) => sameToken(token, t)));
}

export interface PersonSplit {
  /** Given names, middle names and patronymics, as written. */
  given: string[];
  /** Family name tokens, as written. */
  family: string[];
  /** Whether the listed name is written "FAMILY, Given". */
  comma: boolean;
}

/**
 * Given and family parts of a listed person's name, from the publisher's name parts or from
 * the "FAMILY, Given" form; undefined when the name gives no reliable split.
 */
export function splitPerson(name: Name): PersonSplit | undefined {
  const fromParts = splitFromParts(name);
  if (fromParts) return fromParts;
  const m = name.full.match(/^([^,]+),\s*([^,]+)$/);
  if (!m) return undefined;
  const family = words(m[1]);
  const given = words(m[2]);
  if (family.length === 0 || given.length === 0) return undefined;
  return { given, family, comma: true };
}

function splitFromParts(name: Name): PersonSplit | undefined {
  const p = name.parts;
  if (!p?.family || !p.given) return undefined;
  const family = words(p.family);
  const given = [p.given, p.middle, p.patronymic].filter((x): x is string => !!x).flatMap(words);
  // Parts must spell the full name, or a split built from them would invent a different name.
  const full = new Set(foldedTokens(name.full));
  if (![...family, ...given].every((w) => foldedTokens(w).every((t) => full.has(t)))) return undefined;
  if (family.length === 0 || given.length === 0) return undefined;
  return { given, family, comma: name.full.includes(',') };
}

/** Whitespace-separated words, trimmed of commas. */
export function words(text: string): string[] {
  return text
    .split(/\s+/)
    .map((w) => w.replace(/^,+|,+$/g, ''))
    .filter((w) => /\p{L}/u.test(w));
}

/** "Given Middle FAMILY" from a split. */
export function naturalOrder(s: PersonSplit): string {
  return [...s.given, ...s.family].join(' ');
}

/** "FAMILY, Given Middle" from a split. */
export function commaOrder(s: PersonSplit): string {
  return `${s.family.join(' ')}, ${s.given.join(' ')}`;
}

/** Letter case of a token: kept when a token is rewritten or replaced. */
export function caseStyle(token: string): 'upper' | 'lower' | 'title' | 'mixed' {
  if (token === token.toUpperCase() && token !== token.toLowerCase()) return 'upper';
  if (token === token.toLowerCase()) return 'lower';
  if (token[0] === token[0].toUpperCase() && token.slice(1) === token.slice(1).toLowerCase()) return 'title';
  return 'mixed';
}

export function applyCase(token: string, style: ReturnType<typeof caseStyle>): string {
  switch (style) {
    case 'upper':
      return token.toUpperCase();
    case 'lower':
      return token.toLowerCase();
    case 'title':
      return token.charAt(0).toUpperCase() + token.slice(1).toLowerCase();
    default:
      return token;
  }
}

/** Latin-script names only can be typo'd, swapped or re-romanised letter by letter. */
export function isLatin(name: Name): boolean {
  return name.script === 'Latn';
}

/** A crude romanisation (any-ascii), with Han syllables split and apostrophes dropped. */
export function romanise(text: string): string {
  // any-ascii glues Han syllables ("XiJinPing"), and soft signs and ayns come out as
  // apostrophes ("Natal'ya") that would split words.
  return anyAscii(text)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/['’`]/g, '');
}

/**
 * How well a Latin-script name could be a romanisation of a name in another script, in [0,1]:
 * the other name is romanised with any-ascii (crude, consonant-only for Arabic), and tokens
 * are compared by their sound keys in both directions. Used only to pick, among a listed
 * party's Latin names, the one its original-script name transliterates, and to leave out
 * translations ("商湯科技" is SenseTime by meaning, not by sound).
 */
export function romanisedSimilarity(original: string, latin: string): number {
  const a = meaningfulTokens(romanise(original)).map(skeleton);
  const b = meaningfulTokens(latin).map(skeleton);
  if (a.length === 0 || b.length === 0) return 0;
  const covered = (xs: string[], ys: string[]) => xs.reduce((sum, x) => sum + Math.max(...ys.map((y) => jaroWinkler(x, y))), 0) / xs.length;
  const byTokens = Math.min(covered(a, b), covered(b, a));
  // Glued comparison only for short names (Han syllables vs "Jinping"); on long strings
  // Jaro-Winkler is too forgiving.
  const glued = Math.max(a.length, b.length) <= 3 ? jaroWinkler(a.join(''), b.join('')) : 0;
  return Math.max(byTokens, glued);
}
