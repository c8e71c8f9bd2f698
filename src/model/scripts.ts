/**
 * The dominant writing system of a text, as an ISO 15924 code. Used to tag names and to
 * pick the transliteration for them. Unicode script properties do the work; no table here.
 */
const SCRIPT_TESTS: Array<[string, RegExp]> = [
  ['Latn', /\p{Script=Latin}/u],
  ['Cyrl', /\p{Script=Cyrillic}/u],
  ['Arab', /\p{Script=Arabic}/u],
  ['Hani', /\p{Script=Han}/u],
  ['Hang', /\p{Script=Hangul}/u],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Grek', /\p{Script=Greek}/u],
  ['Hebr', /\p{Script=Hebrew}/u],
  ['Geor', /\p{Script=Georgian}/u],
  ['Armn', /\p{Script=Armenian}/u],
  ['Deva', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Mymr', /\p{Script=Myanmar}/u],
  ['Ethi', /\p{Script=Ethiopic}/u],
];

export function detectScript(text: string): string | undefined {
  const counts = new Map<string, number>();
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    const hit = SCRIPT_TESTS.find(([, re]) => re.test(ch));
    const code = hit ? hit[0] : 'Zyyy';
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestN = 0;
  for (const [code, n] of counts) if (n > bestN) [best, bestN] = [code, n];
  // Japanese text mixes Han and kana: any kana makes it Japanese.
  if (best === 'Hani' && counts.has('Kana')) return 'Jpan';
  return best;
}
