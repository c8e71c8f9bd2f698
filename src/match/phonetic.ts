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
      else if (c === 'w') code = i > 0 && isVowel(token[i - 1]) && !isVowel(token[i + 1]) ? '' : 'P';
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
