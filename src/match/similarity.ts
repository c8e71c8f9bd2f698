/**
 * String similarity on short name tokens.
 *
 * Hand-written on purpose: this is the core of the product and it is tuned for name tokens
 * (a few to twenty letters), not for documents. Both functions work on char codes, allocate
 * two small typed arrays at most, and stop early when the caller's bound is exceeded, so
 * scoring a candidate costs microseconds.
 */

const flagsA = new Uint8Array(64);
const flagsB = new Uint8Array(64);

/**
 * Jaro-Winkler similarity in [0,1]. The prefix bonus (up to 4 letters, 0.1 each) rewards
 * names that agree at the start, where spelling variants of names usually agree too.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  if (la > 64 || lb > 64) return a === b ? 1 : longJaroWinkler(a, b);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (!flagsB[j] && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!flagsA[i]) continue;
    while (!flagsB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Names longer than 64 letters are rare (glued company names); fall back to plain arrays. */
function longJaroWinkler(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  const fa = new Uint8Array(la);
  const fb = new Uint8Array(lb);
  let m = 0;
  for (let i = 0; i < la; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(lb - 1, i + window); j++) {
      if (!fb[j] && a[i] === b[j]) {
        fa[i] = fb[j] = 1;
        m++;
        break;
      }
    }
  }
  if (!m) return 0;
  let t = 0;
  for (let i = 0, k = 0; i < la; i++) {
    if (!fa[i]) continue;
    while (!fb[k]) k++;
    if (a[i] !== b[k]) t++;
    k++;
  }
  const jaro = (m / la + m / lb + (m - t / 2) / m) / 3;
  let p = 0;
  while (p < 4 && p < la && p < lb && a[p] === b[p]) p++;
  return jaro + p * 0.1 * (1 - jaro);
}

/**
 * A lower bound of damerauLevenshtein(a, b), from lengths and letters alone: one edit changes
 * the length by one at most, and which letters occur by two at most (a substitution takes one
 * away and brings one). Costs a pass over both strings, no table: callers that want few edits
 * turn most pairs away with it before computing the distance or Jaro-Winkler.
 */
export function editsAtLeast(a: string, b: string): number {
  return Math.max(Math.abs(a.length - b.length), (bitCount(letterBits(a) ^ letterBits(b)) + 1) >> 1);
}

/** The letters a-z of a word as a set of bits (digits share them: sharing a bit only lowers editsAtLeast). */
function letterBits(s: string): number {
  let bits = 0;
  for (let i = 0; i < s.length; i++) bits |= 1 << (s.charCodeAt(i) & 31);
  return bits;
}

function bitCount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

let rowPrev2 = new Int32Array(32);
let rowPrev = new Int32Array(32);
let rowCur = new Int32Array(32);

/**
 * Optimal-string-alignment Damerau-Levenshtein distance (insert, delete, substitute,
 * swap two neighbours), or `max + 1` as soon as the distance is known to exceed `max`.
 * A swap of neighbours is the commonest typing error in names ("Tuinyaz").
 */
export function damerauLevenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (!la) return lb;
  if (!lb) return la;
  if (lb + 1 > rowCur.length) {
    rowPrev2 = new Int32Array(lb + 1);
    rowPrev = new Int32Array(lb + 1);
    rowCur = new Int32Array(lb + 1);
  }
  for (let j = 0; j <= lb; j++) rowPrev[j] = j;
  for (let i = 1; i <= la; i++) {
    rowCur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let d = Math.min(rowPrev[j] + 1, rowCur[j - 1] + 1, rowPrev[j - 1] + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, rowPrev2[j - 2] + 1);
      rowCur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = rowPrev2;
    rowPrev2 = rowPrev;
    rowPrev = rowCur;
    rowCur = t;
  }
  return rowPrev[lb];
}
