/**
 * A vowel-free consonant skeleton of a Latin-script token, used both as a candidate key and
 * as evidence that two spellings sound alike.
 *
 * Transliterations of one name disagree mostly on vowels (Uyghur/Uighur, Poutine/Putin,
 * Arabic script writes no short vowels at all: "mhmd") and on consonants of one family
 * (v/w/f/b, d/t/dj/ch/j, k/g/q, s/z/sh, l/r in East Asian renderings). The skeleton keeps
 * one letter per consonant family and drops vowels, so all of these collapse to one key:
 *   putin, poutine, putyin, pujing (普京), puchin (プーチン), putsin -> PTN
 * It is deliberately coarse; the scorer pairs it with letter-level similarity and with
 * the table of distinct names, so "Mohammed" and "Mahmoud" (same skeleton) stay apart.
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const isVowel = (c: string | undefined) => c !== undefined && VOWELS.has(c);

/** Multi-letter spellings of one sound, longest first, mapped to their family letter. */
const DIGRAPHS: Array<[string, string]> = [
  ['tsch', 'T'],
  ['shch', 'S'],
  ['sch', 'S'],
  ['tch', 'T'],
  ['dzh', 'T'],
  ['ch', 'T'],
  ['sh', 'S'],
  ['zh', 'T'],
  ['kh', 'H'],
  ['gh', 'K'],
  ['ph', 'P'],
  ['th', 'T'],
  ['dh', 'T'],
  ['bh', 'P'],
  ['jh', 'T'],
  ['ck', 'K'],
  ['ts', 'T'],
  ['tz', 'T'],
  ['dz', 'T'],
  ['dj', 'T'],
  ['cz', 'T'],
  ['cs', 'T'],
  ['sz', 'S'],
];

const SINGLE: Record<string, string> = {
  b: 'P',
  p: 'P',
  f: 'P',
  v: 'P',
  d: 'T',
  t: 'T',
  j: 'T',
  g: 'K',
  k: 'K',
  q: 'K',
  l: 'L',
  r: 'L',
  m: 'M',
  n: 'N',
  s: 'S',
  z: 'S',
};

/** Digraphs by their first letter, so each position tries only the few that can start there. */
const DIGRAPHS_BY_FIRST = new Map<string, Array<[string, string]>>();
for (const d of DIGRAPHS) {
  const list = DIGRAPHS_BY_FIRST.get(d[0][0]) ?? [];
  list.push(d);
  DIGRAPHS_BY_FIRST.set(d[0][0], list);
}

/** Names repeat across lists and queries: keys are remembered (up to a bound). */
const cache = new Map<string, string>();
const CACHE_LIMIT = 500_000;

/** The consonant skeleton of a lower-case ASCII token; digits are kept as they are. */
export function phoneticKey(token: string): string {
  let key = cache.get(token);
  if (key === undefined) {
    key = computeKey(token);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(token, key);
  }
  return key;
}

function computeKey(token: string): string {
  let out = '';
  let last = '';
  const n = token.length;
  let i = 0;
  while (i < n) {
    const c = token[i];
    let code: string | undefined;
    let step = 1;
    for (const [dg, cls] of DIGRAPHS_BY_FIRST.get(c) ?? []) {
      if (token.startsWith(dg, i)) {
        code = cls;
        step = dg.length;
        break;
      }
    }
    if (code === undefined) {
      if (isVowel(c)) code = '';
      else if (c === 'g' && token[i + 1] === 'y' && isVowel(token[i - 1]) && isVowel(token[i + 2])) {
        code = 'T'; // Hungarian "gy" between vowels is a d-like sound (Vlagyimir); Korean "Gyeong" keeps its g
        step = 2;
      }
      else if (c === 'n' && token[i + 1] === 'g' && !isVowel(token[i + 2])) {
        code = 'N'; // "ng" closing a syllable (Jong, Pujing) is one nasal
        step = 2;
      } else if (c === 'c') code = isVowel(token[i + 1]) && 'eiy'.includes(token[i + 1]) ? 'S' : 'K';
      else if (c === 'x') code = i === 0 ? 'S' : 'KS';
      // After a vowel and before a consonant w is a vowel (Mawlawi, Dawlat); closing a word it is
      // the German and Polish v of Slavic names (Siwakow, Panteliw) as often as a silent English w.
      else if (c === 'w') code = i > 0 && i + 1 < n && isVowel(token[i - 1]) && !isVowel(token[i + 1]) ? '' : 'P';
      else if (c === 'h') code = i + 1 < n ? 'H' : ''; // a closing h is silent: Abdullah = Abdulla
      else if (c >= '0' && c <= '9') code = c;
      else code = SINGLE[c] ?? '';
    }
    // One letter per sound: "mm", "ll" and "kh"+"h" collapse, but a vowel between two
    // consonants keeps both (Potanin is PTNN, not Putin's PTN).
    if (code === '') last = '';
    for (const ch of code) {
      if (ch !== last) out += ch;
      last = ch;
    }
    i += step;
  }
  return out;
}

// ---------------------------------------------------------------- romanisation

/**
 * One spelling for the ways Latin-script romanisations write the same sounds, keeping the
 * vowels: German and Polish "w" for v and "sch" for sh (Siwakow, Sivakov); "ch", "kh", "tch",
 * "tsch" and Polish "cz" as one sound, written X (Choroshilow, Khoroshilov; Tchristenko);
 * "dzh", "dj", "zh" for j; an initial "j" or "i" before a vowel for y (Jahya, Iuri); "ee" for
 * i (Minaee); "oo" and "ou" for u; "ay", "ey" for ai, ei; ph, gh, dh, th for f, g, d, t; q and
 * a hard c for k; x for ks; Polish "sz" for sh; doubled letters once. Unlike the skeleton it
 * keeps vowels and letter order, so two tokens with the same spelling here are one name in
 * two romanisations, not merely alike.
 */
const ROMAN_RULES: Array<[string, string]> = [
  ['tsch', 'X'],
  ['sch', 'sh'],
  ['tch', 'X'],
  ['dzh', 'j'],
  ['dj', 'j'],
  ['zh', 'j'],
  ['kh', 'X'],
  ['ch', 'X'],
  ['ph', 'f'],
  ['gh', 'g'],
  ['dh', 'd'],
  ['th', 't'],
  ['ck', 'k'],
  ['cz', 'X'],
  ['sz', 'sh'],
  ['ee', 'i'],
  ['oo', 'u'],
  ['ou', 'u'],
  ['ay', 'ai'],
  ['ey', 'ei'],
  ['oy', 'oi'],
  ['uy', 'ui'],
  ['iy', 'i'],
  ['q', 'k'],
  ['x', 'ks'],
  ['w', 'v'],
];

const ROMAN_BY_FIRST = new Map<string, Array<[string, string]>>();
for (const r of ROMAN_RULES) {
  const list = ROMAN_BY_FIRST.get(r[0][0]) ?? [];
  list.push(r);
  ROMAN_BY_FIRST.set(r[0][0], list);
}

const romanCache = new Map<string, string>();

/** The token in one romanisation (see ROMAN_RULES); digits and other letters as they are. */
export function romanisedForm(token: string): string {
  let form = romanCache.get(token);
  if (form === undefined) {
    form = computeRomanised(token);
    if (romanCache.size >= CACHE_LIMIT) romanCache.clear();
    romanCache.set(token, form);
  }
  return form;
}

function computeRomanised(token: string): string {
  let s = '';
  for (let i = 0; i < token.length; ) {
    let done = false;
    for (const [from, to] of ROMAN_BY_FIRST.get(token[i]) ?? []) {
      if (token.startsWith(from, i)) {
        s += to;
        i += from.length;
        done = true;
        break;
      }
    }
    if (!done) s += token[i++];
  }
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let c = s[i];
    const next = s[i + 1];
    // A semivowel: initial j, i or y before a vowel is y; y elsewhere is the vowel i.
    // A hard c is k (Carl, Karl; Cassim, Kassim); before e, i, y it is left as it is.
    if (c === 'c' && !(next === 'e' || next === 'i' || next === 'y')) c = 'k';
    else if ((c === 'j' || c === 'i') && i === 0 && isVowel(next) && next !== 'i') c = 'y';
    else if (c === 'i' && isVowel(next) && next !== 'i' && i > 0 && !isVowel(s[i - 1])) c = 'y';
    else if (c === 'y' && !(isVowel(next) && next !== 'y')) c = 'i';
    if (c === out[out.length - 1]) continue;
    out += c;
  }
  return out;
}
