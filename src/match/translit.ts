import anyAscii from 'any-ascii';
import { pinyin } from 'pinyin-pro';
import { ARABIC_LETTERS, ARABIC_NAMES, arabicKey } from './tables/arabic.js';
import { HANJA_KOREAN, KANJI_JAPANESE } from './tables/cjk.js';

/**
 * Latin renderings of a name in any script. A name may have several: a Han-script name is
 * read in pinyin and, when its characters allow, in Sino-Korean and Japanese; a Hangul name
 * gets the North Korean spelling the lists use and the South Korean Revised Romanisation.
 */
export interface LatinForm {
  /** Lower-case Latin text, words separated by spaces. */
  text: string;
  /**
   * How it was made: 'latin' (the name was Latin already), 'alphabet' (Cyrillic, Greek,
   * Armenian, Georgian: letter for letter), 'translit' (other scripts), 'abjad' (Arabic or
   * Hebrew script, which write few vowels), 'pinyin', 'korean', 'japanese'.
   */
  method: 'latin' | 'alphabet' | 'translit' | 'abjad' | 'pinyin' | 'korean' | 'japanese';
}

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}\u30FC]/u;
const HANGUL = /\p{Script=Hangul}/u;
const ARABIC = /\p{Script=Arabic}/u;
const HEBREW = /\p{Script=Hebrew}/u;
const ALPHABETS = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Georgian}]/u;
const LATIN_OR_COMMON = /[\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;
/** Word separators of CJK names: middle dots between the parts of a foreign name. */
const CJK_SEPARATORS = /[·・•‧∙]/g;

/** Letters that lose information when their diacritic is simply stripped. */
const LATIN_SPECIALS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ŋ: 'ng', ĸ: 'k',
  č: 'ch', š: 'sh', ž: 'zh', ş: 'sh', ș: 'sh', ç: 'ch', ć: 'ch', ț: 'ts', ğ: 'g', ř: 'rzh',
};

/** Latin text folded to plain ASCII letters: case, special letters, diacritics. */
export function foldLatin(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) out += LATIN_SPECIALS[ch] ?? ch;
  return out.normalize('NFD').replace(/\p{M}+/gu, '');
}

type Run = { kind: 'latin' | 'han' | 'kana' | 'hangul' | 'arabic' | 'hebrew' | 'alphabet' | 'other'; text: string };

function runKind(ch: string): Run['kind'] {
  if (LATIN_OR_COMMON.test(ch) && !KANA.test(ch)) return 'latin';
  if (HAN.test(ch)) return 'han';
  if (KANA.test(ch)) return 'kana';
  if (HANGUL.test(ch)) return 'hangul';
  if (ARABIC.test(ch)) return 'arabic';
  if (HEBREW.test(ch)) return 'hebrew';
  if (ALPHABETS.test(ch)) return 'alphabet';
  return 'other';
}

/** Splits text into runs of one script; punctuation and spaces join the run they are in. */
function scriptRuns(text: string): Run[] {
  const runs: Run[] = [];
  for (const ch of text) {
    let kind = runKind(ch);
    const last = runs[runs.length - 1];
    // Spaces, digits and punctuation (Common) stay inside the current run.
    if (kind === 'latin' && last && last.kind !== 'latin' && !/\p{L}/u.test(ch)) kind = last.kind;
    if (last && last.kind === kind) last.text += ch;
    else runs.push({ kind, text: ch });
  }
  return runs;
}

/**
 * Latin letters that look like Cyrillic ones. Lists typed on mixed keyboards put them inside
 * Cyrillic words ("Вiталiй" with a Latin i, "Aндрэй" with a Latin A); read as Latin they
 * would cut the word in two.
 */
const CYRILLIC_HOMOGLYPHS: Record<string, string> = {
  a: 'а', A: 'А', B: 'В', c: 'с', C: 'С', e: 'е', E: 'Е', H: 'Н', i: 'і', I: 'І', j: 'ј', K: 'К', M: 'М',
  o: 'о', O: 'О', p: 'р', P: 'Р', T: 'Т', x: 'х', X: 'Х', y: 'у', Y: 'У',
};
const CYRILLIC = /\p{Script=Cyrillic}/u;
const MIXED_WORD = /[\p{L}\p{M}]+/gu;

/** Latin look-alikes inside words that are otherwise Cyrillic, made Cyrillic. */
function unmixCyrillic(text: string): string {
  if (!CYRILLIC.test(text)) return text;
  return text.replace(MIXED_WORD, (w) => {
    if (!CYRILLIC.test(w)) return w;
    let out = '';
    for (const ch of w) out += CYRILLIC_HOMOGLYPHS[ch] ?? ch;
    return out;
  });
}

/** Every Latin rendering of a name (at most a handful), the plainest first. */
export function latinForms(name: string): LatinForm[] {
  const text = unmixCyrillic(name.normalize('NFKC'));
  const runs = scriptRuns(text);
  if (runs.every((r) => r.kind === 'latin')) return [{ text: foldLatin(text), method: 'latin' }];
  const japanese = runs.some((r) => r.kind === 'kana');
  let forms: LatinForm[] = [{ text: '', method: 'latin' }];
  for (const run of runs) {
    const options = renderRun(run, japanese);
    const next: LatinForm[] = [];
    for (const f of forms) {
      for (const o of options) {
        next.push({ text: f.text + ' ' + o.text, method: combinedMethod(f.method, o.method) });
      }
    }
    forms = next.slice(0, 6);
  }
  return forms.map((f) => ({ text: f.text.replace(/\s+/g, ' ').trim(), method: f.method }));
}

/** The method of a name whose runs were read differently: the least certain one counts. */
const CERTAINTY: LatinForm['method'][] = ['latin', 'alphabet', 'translit', 'pinyin', 'korean', 'japanese', 'abjad'];
function combinedMethod(a: LatinForm['method'], b: LatinForm['method']): LatinForm['method'] {
  return CERTAINTY.indexOf(a) >= CERTAINTY.indexOf(b) ? a : b;
}

/**
 * Readings of the runs in other scripts already made (a batch meets the same names in Han,
 * Arabic or Hangul over and over), by how they were read; emptied when full.
 */
const renderedRuns = new Map<string, LatinForm[]>();
const MAX_RENDERED_RUNS = 20_000;

function renderRun(run: Run, japanese: boolean): LatinForm[] {
  // Latin runs are only folded, and too many to keep.
  if (run.kind === 'latin') return readRun(run, japanese);
  const key = `${japanese ? 1 : 0}${run.kind}|${run.text}`;
  let forms = renderedRuns.get(key);
  if (!forms) {
    if (renderedRuns.size >= MAX_RENDERED_RUNS) renderedRuns.clear();
    renderedRuns.set(key, (forms = readRun(run, japanese)));
  }
  return forms;
}

function readRun(run: Run, japanese: boolean): LatinForm[] {
  switch (run.kind) {
    case 'latin':
      return [{ text: foldLatin(run.text), method: 'latin' }];
    case 'han':
      return japanese ? [kanjiJapanese(run.text) ?? { text: hanPinyin(run.text), method: 'pinyin' }] : hanReadings(run.text);
    case 'kana':
      return [{ text: foldLatin(anyAscii(run.text.replace(/\u30FC/g, ''))), method: 'translit' }];
    case 'hangul':
      return hangulForms(run.text);
    case 'arabic': {
      const arabic = arabicToLatin(run.text, false);
      if (!PERSIAN_LETTERS.test(run.text)) return [{ text: arabic, method: 'abjad' }];
      // Persian (and Urdu, Dari) read ذ ض ظ as z and ث as s: ذاکر is Zakir, مرتضی Morteza.
      const persian = arabicToLatin(run.text, true);
      return persian === arabic ? [{ text: arabic, method: 'abjad' }] : [{ text: arabic, method: 'abjad' }, { text: persian, method: 'abjad' }];
    }
    case 'hebrew':
      return hebrewForms(run.text);
    case 'alphabet':
      return [{ text: foldLatin(anyAscii(greekDigraphs(run.text))).replace(/['`’]/g, ''), method: 'alphabet' }];
    default:
      return [{ text: foldLatin(anyAscii(run.text)).replace(/['`’]/g, ''), method: 'translit' }];
  }
}

// ---------------------------------------------------------------- Han

/**
 * A Han run read in pinyin, in Sino-Korean and in Japanese. A short run without separators
 * is a personal name: family name first, given name syllables glued ("Xi Jinping"); the
 * parts of a foreign name between middle dots are glued each ("Fulajimier Pujing").
 */
function hanReadings(text: string): LatinForm[] {
  const out: LatinForm[] = [{ text: hanPinyin(text), method: 'pinyin' }];
  const korean = hanjaKorean(text);
  if (korean) out.push({ text: korean, method: 'korean' });
  const japanese = kanjiJapanese(text);
  if (japanese) out.push(japanese);
  return out;
}

function hanChars(text: string): string[] {
  return [...text].filter((c) => HAN.test(c));
}

function hanPinyin(text: string): string {
  // Words a space separates are read each on its own ("承翰 江": given name, family name).
  const words = text.trim().split(/\s+/).filter((w) => hanChars(w).length);
  if (words.length > 1) return words.map((w) => hanChars(w).length === 1 ? hanPinyin(w) : hanWord(w)).join(' ');
  const parts = text.split(CJK_SEPARATORS);
  const rendered = parts.map((part) => {
    const chars = hanChars(part);
    if (!chars.length) return foldLatin(part);
    const syllables = pinyin(chars.join(''), { toneType: 'none', type: 'array', surname: parts.length === 1 ? 'head' : 'off' }).map((s) =>
      s.replace(/ü|v/g, 'u'),
    );
    if (parts.length > 1) return syllables.join('');
    return personLike(syllables) ? `${syllables[0]} ${syllables.slice(1).join('')}` : syllables.join(' ');
  });
  return rendered.join(' ');
}

/** A Han word within a spaced name: its syllables glued ("chenghan"). */
function hanWord(w: string): string {
  return pinyin(hanChars(w).join(''), { toneType: 'none', type: 'array' })
    .map((s) => s.replace(/ü|v/g, 'u'))
    .join('');
}

/** Two to four characters without separators: most likely a personal name. */
const personLike = (syllables: string[]) => syllables.length >= 2 && syllables.length <= 4;

function hanjaKorean(text: string): string | undefined {
  const chars = hanChars(text);
  if (!chars.length || !chars.every((c) => HANJA_KOREAN[c])) return undefined;
  return chars.map((c) => HANJA_KOREAN[c]).join(' ');
}

/** Japanese reading, longest table entry first (太郎 before 太 + 郎); one syllable group per kanji. */
function kanjiJapanese(text: string): LatinForm | undefined {
  const chars = hanChars(text);
  const words: string[] = [];
  for (let i = 0; i < chars.length; ) {
    const two = chars[i] + (chars[i + 1] ?? '');
    if (chars[i + 1] && KANJI_JAPANESE[two]) {
      words.push(KANJI_JAPANESE[two][0]);
      i += 2;
    } else if (KANJI_JAPANESE[chars[i]]) {
      // Within a name the second element takes its voiced reading (rendaku): Yama-da.
      const readings = KANJI_JAPANESE[chars[i]];
      words.push(i > 0 && readings.length > 1 && i % 2 === 1 ? readings[1] : readings[0]);
      i += 1;
    } else return undefined;
  }
  return words.length ? { text: words.join(' '), method: 'japanese' } : undefined;
}

// ---------------------------------------------------------------- Hangul

const L_DPRK = ['k', 'kk', 'n', 't', 'tt', 'r', 'm', 'p', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'kh', 'th', 'ph', 'h'];
const L_RR = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const V_DPRK = ['a', 'ae', 'ya', 'yae', 'o', 'e', 'yo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'u', 'ui', 'i'];
const V_RR = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
const T_ALL = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];

/** Family names whose usual spelling neither system gives (이 is "Lee", not "I"). */
const KOREAN_SURNAMES: Record<string, string> = { 이: 'lee', 박: 'park', 최: 'choi', 임: 'lim', 유: 'yu', 노: 'roh', 오: 'oh', 신: 'shin' };

/**
 * A Hangul run in the North Korean spelling the lists use ("Ri Yong Gil", "Kim Jong Un") and
 * in South Korean Revised Romanisation ("Gim Jeong Eun"). A lone word of two to four
 * syllables is a personal name: family name, then the given name glued ("Ri Yonggil"; the
 * scorer splits it again when the other name writes "Yong Gil"). Other words stay whole.
 */
function hangulForms(text: string): LatinForm[] {
  const words = text.split(/\s+/).filter(Boolean);
  const oneName = words.length === 1 && [...words[0]].length >= 2 && [...words[0]].length <= 4;
  const syllable = (ch: string, L: string[], V: string[]) => {
    const code = ch.codePointAt(0)! - 0xac00;
    if (code < 0 || code > 11171) return foldLatin(anyAscii(ch));
    return L[Math.floor(code / 588)] + V[Math.floor((code % 588) / 28)] + T_ALL[code % 28];
  };
  const render = (L: string[], V: string[]) =>
    words
      .map((w) => {
        const chars = [...w];
        // A lone syllable standing apart is a family name ("수빈 이": Subin Lee).
        if (chars.length === 1 && KOREAN_SURNAMES[chars[0]]) return KOREAN_SURNAMES[chars[0]];
        if (!oneName) return chars.map((ch) => syllable(ch, L, V)).join('');
        const family = KOREAN_SURNAMES[chars[0]] ?? syllable(chars[0], L, V);
        return family + ' ' + chars.slice(1).map((ch) => syllable(ch, L, V)).join('');
      })
      .join(' ');
  const dprk = render(L_DPRK, V_DPRK);
  const rr = render(L_RR, V_RR);
  const forms: LatinForm[] = [{ text: dprk, method: 'translit' }];
  if (rr !== dprk) forms.push({ text: rr, method: 'translit' });
  return forms;
}

// ---------------------------------------------------------------- Greek

/**
 * Greek writes d, b, g and u of foreign names with two letters (Βλαντίμιρ = Vladimir,
 * Πούτιν = Putin); letter-by-letter transliteration would give "nt", "mp", "gk", "oy".
 */
function greekDigraphs(text: string): string {
  return text
    .replace(/ντ/g, 'd')
    .replace(/ΝΤ/g, 'D')
    .replace(/μπ/g, 'b')
    .replace(/ΜΠ/g, 'B')
    .replace(/γκ/g, 'g')
    .replace(/ΓΚ/g, 'G')
    .replace(/ο[υύ]/g, 'ou')
    .replace(/Ο[ΥΎ]/g, 'OU');
}

// ---------------------------------------------------------------- Hebrew

/**
 * Hebrew writes vav and yod both as consonants (v, y) and as vowels (u/o, i): דוד is David,
 * פוטין is Putin. Without vowel points there is no telling, so both readings are kept.
 */
function hebrewForms(text: string): LatinForm[] {
  const consonantal = text
    .split(/\s+/)
    .map(hebrewWord)
    .join(' ');
  const vocalic = text
    .split(/\s+/)
    .map((w) =>
      [...w]
        .map((ch, i) => (i > 0 && ch === 'ו' && w[i + 1] !== 'ו' && w[i - 1] !== 'ו' ? 'u' : i > 0 && ch === 'י' && w[i + 1] !== 'י' ? 'i' : ch))
        .join(''),
    )
    .map(hebrewWord)
    .join(' ');
  return consonantal === vocalic ? [{ text: consonantal, method: 'abjad' }] : [
    { text: consonantal, method: 'abjad' },
    { text: vocalic, method: 'abjad' },
  ];
}

/**
 * Pe opens a word as "p" (Putin), elsewhere it is mostly "f". Alef and ayin opening a word
 * carry its first vowel, as alif and ʿayn do in Arabic: אברהם is Avraham, עמוס Amos.
 */
function hebrewWord(w: string): string {
  const latin = (t: string) => foldLatin(anyAscii(t)).replace(/['`’]/g, '');
  if (w.startsWith('פ')) return 'p' + latin(w.slice(1));
  return /^[אע]/.test(w) ? 'a' + latin(w.slice(1)) : latin(w);
}

// ---------------------------------------------------------------- Arabic

const ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;
const ARABIC_PUNCTUATION = /[^\p{L}\p{M}\p{N}\s]/gu;

/** Letters Persian and Urdu write and Arabic does not (and the Persian forms of kaf and yeh). */
const PERSIAN_LETTERS = /[پچژگکیۀٹڈڑںھہے]/u;
const PERSIAN_SOUNDS: Record<string, string> = { ذ: 'z', ض: 'z', ظ: 'z', ث: 's' };
const YEH = new Set(['ي', 'ی', 'ى']);

/** Arabic-script words: common names from the table, others letter by letter (Persian sounds when `persian`). */
function arabicToLatin(text: string, persian: boolean): string {
  return text
    .replace(ARABIC_DIGITS, (d) => String((d.codePointAt(0)! & 0xf) % 10))
    // Arabic comma, semicolon, question mark and other punctuation separate words.
    .replace(ARABIC_PUNCTUATION, ' ')
    .split(/\s+/)
    .map((w) => arabicWord(w, persian))
    .join(' ');
}

function arabicWord(word: string, persian: boolean): string {
  const key = arabicKey(word);
  if (!key) return '';
  const known = knownArabic(key);
  if (known) return known;
  // The article al- is written joined to its word; keep it as its own (light) word.
  if (key.startsWith('ال') && key.length > 3) {
    const rest = knownArabic(key.slice(2));
    return 'al ' + (rest ?? arabicLetters(word.slice(word.indexOf('ل') + 1), persian));
  }
  if (key.startsWith('عبدال') && key.length > 5) return 'abd al ' + (knownArabic(key.slice(5)) ?? arabicLetters(key.slice(5), persian));
  return arabicLetters(word, persian);
}

const TABLE_READINGS = new Set(ARABIC_NAMES.values());

/**
 * Whether a word of an Arabic-script reading is a common name from the table (alone or with the
 * ending of relation, as knownArabic reads it): its vowels are the usual romanisation's, not
 * left open as a word read letter by letter leaves them.
 */
export function isTableReading(word: string): boolean {
  return TABLE_READINGS.has(word) || (word.endsWith('i') && TABLE_READINGS.has(word.slice(0, -1)));
}

/**
 * A common name from the table, or the family name made of one with the closing yeh of
 * relation (nisba: محمدی is Mohammadi, a name of its own, not Mohammad with a stray letter).
 */
function knownArabic(key: string): string | undefined {
  const known = ARABIC_NAMES.get(key);
  if (known) return known;
  if (key.length >= 4 && key.endsWith('ي')) {
    const stem = ARABIC_NAMES.get(key.slice(0, -1));
    if (stem && !/[aeiou]$/.test(stem)) return stem + 'i';
  }
  return undefined;
}

function arabicLetters(word: string, persian: boolean): string {
  let out = '';
  const chars = [...word];
  const last = chars.length - 1;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    // A word opens with a vowel after ain (عزت is Izzat, not "zt").
    if (ch === 'ع' && i === 0) out += 'a';
    // Waw before a closing yeh of relation is a consonant: موسوی is Musawi (Mousavi), علوی Alawi.
    else if (ch === 'و' && i >= 2 && i === last - 1 && YEH.has(chars[last])) out += 'aw';
    else if (ch === 'و') out += i === 0 ? 'w' : 'u';
    else if (persian && PERSIAN_SOUNDS[ch]) out += PERSIAN_SOUNDS[ch];
    else if (ch === 'ي' || ch === 'ی') out += i === 0 ? 'y' : 'i';
    else if (ch === '\u0651') out += out[out.length - 1] ?? ''; // shadda doubles the consonant
    else if (ARABIC_LETTERS[ch] !== undefined) out += ARABIC_LETTERS[ch];
    else if (/[\u064B-\u065F\u0670\u0640]/.test(ch)) continue;
    else out += foldLatin(anyAscii(ch));
  }
  return out;
}
