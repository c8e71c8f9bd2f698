/**
 * Positive variants: ways a screened name differs from the listed one while naming the same
 * party. Each function takes a listed name as the publisher wrote it and returns the variant
 * as someone might type it, or undefined when the variation does not apply to that name.
 */
import type { Random } from './random.js';
import type { PersonSplit } from './names.js';
import { PARTICLES, applyCase, caseStyle, commaOrder, naturalOrder, words } from './names.js';
import { COMMON_GROUPS, LEGAL_FORM_TOKENS, findLegalForm, groupById } from './legal_forms.js';
import { fold } from './jaro.js';

// ---------------------------------------------------------------- typo

/** Neighbouring keys on a QWERTY keyboard: most real substitutions hit one of them. */
const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
function neighbours(ch: string): string {
  const c = ch.toLowerCase();
  for (let r = 0; r < KEYBOARD_ROWS.length; r++) {
    const i = KEYBOARD_ROWS[r].indexOf(c);
    if (i < 0) continue;
    const near = [KEYBOARD_ROWS[r][i - 1], KEYBOARD_ROWS[r][i + 1], KEYBOARD_ROWS[r - 1]?.[i], KEYBOARD_ROWS[r + 1]?.[i]];
    return near.filter(Boolean).join('');
  }
  return 'aeiou';
}

const matchCase = (like: string, ch: string) => (like === like.toUpperCase() ? ch.toUpperCase() : ch.toLowerCase());

/** One keyboard slip in a word: substitution, deletion, insertion or transposition. */
function slip(word: string, rng: Random, firstLetterToo: boolean): string {
  // Typos rarely hit the first letter; a name with two slips keeps its first letters.
  const pos = firstLetterToo && rng.chance(0.05) ? 0 : rng.int(1, word.length - 1);
  const ch = word[pos];
  switch (rng.int(0, 3)) {
    case 0:
      return word.slice(0, pos) + matchCase(ch, rng.pick([...neighbours(ch)])) + word.slice(pos + 1);
    case 1:
      return word.slice(0, pos) + word.slice(pos + 1);
    case 2:
      return word.slice(0, pos) + matchCase(ch, rng.pick([...neighbours(ch)])) + word.slice(pos);
    default: {
      const p = Math.min(pos, word.length - 2);
      return word.slice(0, p) + word[p + 1] + word[p] + word.slice(p + 2);
    }
  }
}

/** 1 or 2 character edits, only in words of 5+ Latin letters (shorter words change identity). */
export function typo(name: string, rng: Random): string | undefined {
  const runs = [...name.matchAll(/[A-Za-z]{5,}/g)];
  if (runs.length === 0) return undefined;
  const letters = name.replace(/[^A-Za-z]/g, '').length;
  const edits = letters >= 12 && rng.chance(0.5) ? 2 : 1;
  // Two edits go to two words, or twice into one long word.
  const starts = rng.shuffle(runs).slice(0, edits).map((r) => r.index!);
  if (edits === 2 && starts.length === 1 && runs[0][0].length >= 9) starts.push(starts[0]);
  let out = name;
  // From the right, so that an edit never shifts the start of a word still to edit.
  for (const start of starts.sort((a, b) => b - a)) {
    const word = out.slice(start).match(/^[A-Za-z]+/)![0];
    out = out.slice(0, start) + slip(word, rng, starts.length === 1) + out.slice(start + word.length);
  }
  return out !== name ? out : undefined;
}

// ---------------------------------------------------------------- swap

/** Name order changed: "FAMILY, Given" written "Given FAMILY", or family name moved first. */
export function swapOrder(name: string, split: PersonSplit | undefined, rng: Random): string | undefined {
  if (split?.comma) return naturalOrder(split);
  if (split) return rng.chance(0.5) ? `${split.family.join(' ')} ${split.given.join(' ')}` : commaOrder(split);
  const ws = words(name);
  if (ws.length < 2) return undefined;
  const out = rng.chance(0.5) ? [ws[ws.length - 1], ...ws.slice(0, -1)] : [...ws].reverse();
  const text = out.join(' ');
  return text !== ws.join(' ') ? text : undefined;
}

// ---------------------------------------------------------------- transliteration

/**
 * Alternative romanisations, as pairs of a pattern and its replacement on lower-case words.
 * Each reflects a real system difference: Russian (kh/h, y/i, v/w, ks/x, -iy/-y), Arabic
 * (ou/u, ee/i, q/k, e/a, o/u, doubled consonants, al-/el-, j/dzh), French or German (ch, sch).
 */
const TRANSLITERATIONS: Array<[RegExp, string]> = [
  [/ou/g, 'u'],
  [/(?<=[bcdfghjklmnpqrstvwxz])u(?=[bcdfghjklmnpqrstvwxz])/g, 'ou'],
  [/kh/g, 'h'],
  [/kh/g, 'ch'],
  [/(?<=[aeiou])y(?=[aeiou])/g, 'i'],
  [/^y(?=[aeiou])/g, 'i'],
  [/^y(?=[aou])/g, 'j'],
  [/iy$/g, 'y'],
  [/iy$/g, 'ii'],
  [/y$/g, 'i'],
  [/ee/g, 'i'],
  [/(?<=[bcdfghklmnpqrstvz])i(?=[mnrdl]$)/g, 'ee'],
  [/oo/g, 'u'],
  [/ph/g, 'f'],
  [/v/g, 'w'],
  [/w/g, 'v'],
  [/ks/g, 'x'],
  [/x/g, 'ks'],
  [/q/g, 'k'],
  [/(?<=m)e(?=d$)/g, 'a'],
  [/(?<=m)a(?=d$)/g, 'e'],
  [/^mu/g, 'mo'],
  [/^mo/g, 'mu'],
  [/^hu/g, 'ho'],
  [/([bdfgklmnprstz])\1/g, '$1'],
  [/ei/g, 'ey'],
  [/ey/g, 'ei'],
  [/ay/g, 'ai'],
  [/ai/g, 'ay'],
  [/zh/g, 'j'],
  [/^j(?=[aeiou])/g, 'dzh'],
  [/ya/g, 'ia'],
  [/yu/g, 'iu'],
  [/sh/g, 'sch'],
  [/ch/g, 'tch'],
  [/ts/g, 'tz'],
  [/dh/g, 'd'],
  [/gh/g, 'g'],
  [/aa/g, 'a'],
  [/ah$/g, 'a'],
  [/^abdul$/g, 'abdel'],
];

const NAME_PARTICLE_VARIANTS: Array<[RegExp, string]> = [
  [/\bAL-/g, 'EL-'],
  [/\bal-/g, 'el-'],
  [/\bAl-/g, 'El-'],
];

/** One or two alternative romanisations applied throughout a Latin-script name. */
export function transliterate(name: string, rng: Random): string | undefined {
  const long = words(name).filter((w) => /^[A-Za-z]{4,}$/.test(w));
  const applicable = TRANSLITERATIONS.filter(([re]) => long.some((w) => new RegExp(re.source).test(w.toLowerCase())));
  const particle = NAME_PARTICLE_VARIANTS.filter(([re]) => new RegExp(re.source).test(name));
  if (applicable.length === 0 && particle.length === 0) return undefined;
  let out = name;
  const rules = rng.shuffle(applicable).slice(0, rng.chance(0.4) ? 2 : 1);
  for (const [re, replacement] of rules) out = rewriteWords(out, (w) => w.replace(re, replacement));
  if (particle.length && (rules.length === 0 || rng.chance(0.3))) out = out.replace(particle[0][0], particle[0][1]);
  return out !== name ? out : undefined;
}

/** Rewrites each Latin word of 4+ letters in lower case and restores its letter case. */
function rewriteWords(name: string, rewrite: (lower: string) => string): string {
  // Short words ("Yu", "Li") are syllables of other romanisation systems; leave them alone.
  return name.replace(/[A-Za-z]{4,}/g, (w) => {
    const next = rewrite(w.toLowerCase());
    return applyCase(next, caseStyle(w) === 'mixed' ? 'title' : caseStyle(w));
  });
}

// ---------------------------------------------------------------- middle names

const isParticle = (w: string) => PARTICLES.has(fold(w));

/** First halves of compound given names ("Abdul Baqi", "Abu Anas"): the pair goes or stays whole. */
const COMPOUND_HEADS = new Set(['abd', 'abdul', 'abdel', 'abdal', 'abdol', 'abdoul', 'abu', 'abou', 'abo', 'umm', 'ibn', 'bin', 'bint', 'ben']);
const isCompoundHead = (w: string) => COMPOUND_HEADS.has(fold(w).replace(/\s+/g, ''));

/** A word that can be left out alone: not a particle, not half of a compound name. */
function droppable(ws: readonly string[], i: number): boolean {
  const w = ws[i];
  return !isParticle(w) && fold(w).length > 1 && !isCompoundHead(w) && !(i > 0 && isCompoundHead(ws[i - 1]));
}

/** A middle name or patronymic left out: "PUTIN, Vladimir Vladimirovich" -> "PUTIN, Vladimir". */
export function dropMiddle(name: string, split: PersonSplit | undefined, rng: Random): string | undefined {
  if (split) {
    const middles = split.given.map((_, i) => i).filter((i) => i > 0 && droppable(split.given, i));
    if (middles.length === 0) return undefined;
    const given = removeWithParticle(split.given, rng.pick(middles));
    const next = { ...split, given };
    return split.comma ? commaOrder(next) : naturalOrder(next);
  }
  const ws = words(name);
  if (ws.length < 3 || name.includes(',')) return undefined;
  const inner = ws.map((_, i) => i).filter((i) => i > 0 && i < ws.length - 1 && droppable(ws, i));
  if (inner.length === 0) return undefined;
  return removeWithParticle(ws, rng.pick(inner)).join(' ');
}

/** Removes a word and the particle right before it ("bin Awad" goes as a whole). */
function removeWithParticle(ws: string[], i: number): string[] {
  const from = i > 0 && isParticle(ws[i - 1]) && i - 1 > 0 ? i - 1 : i;
  return [...ws.slice(0, from), ...ws.slice(i + 1)];
}

/** A middle name the list does not know added: "PUTIN, Vladimir" -> "PUTIN, Vladimir Ivan". */
export function addMiddle(name: string, split: PersonSplit | undefined, middle: string): string | undefined {
  if (split) {
    if (split.given.length !== 1) return undefined;
    const styled = applyCase(middle, caseStyle(split.given[0]) === 'mixed' ? 'title' : caseStyle(split.given[0]));
    const next = { ...split, given: [...split.given, styled] };
    return split.comma ? commaOrder(next) : naturalOrder(next);
  }
  const ws = words(name);
  // Without parts, only a plain two-word name ("Omar Mahamat") takes a middle name; not a
  // title and a name ("Sheikh Abukar").
  if (ws.length !== 2 || name.includes(',') || ws.some(isParticle)) return undefined;
  return [ws[0], applyCase(middle, caseStyle(ws[0]) === 'mixed' ? 'title' : caseStyle(ws[0])), ws[1]].join(' ');
}

// ---------------------------------------------------------------- glued / split

const SPLITTABLE_PREFIXES = ['abdul', 'abdel', 'abdal', 'abd', 'abu', 'al', 'el', 'bin', 'ibn'];

/**
 * Two words written as one ("Erken Tuniyaz" -> "ErkenTuniyaz") or one word split in two at a
 * real boundary ("ABDULRAHMAN" -> "ABDUL RAHMAN", "MACHINEBUILDING" -> "MACHINE BUILDING"
 * when both halves are words of listed names).
 */
export function glueOrSplit(name: string, split: PersonSplit | undefined, vocabulary: ReadonlySet<string>, rng: Random): string | undefined {
  const ws = split ? [...split.given, ...split.family] : words(name);
  const splitAt = ws.map((w, i) => ({ i, at: splitPoint(w, vocabulary) })).filter((x) => x.at > 0 && joinableWord(ws[x.i]));
  if (splitAt.length > 0 && (ws.length < 2 || rng.chance(0.3))) {
    const { i, at } = rng.pick(splitAt);
    return [...ws.slice(0, i), ws[i].slice(0, at), ws[i].slice(at), ...ws.slice(i + 1)].join(' ');
  }
  const joinable = ws.map((_, i) => i).filter((i) => i + 1 < ws.length && joinableWord(ws[i]) && joinableWord(ws[i + 1]));
  if (joinable.length === 0) return undefined;
  const i = rng.pick(joinable);
  return [...ws.slice(0, i), ws[i] + ws[i + 1], ...ws.slice(i + 2)].join(' ');
}

/** Little words nobody glues to the next ("REPUBLICOF IRAN" is no variant; "Abubakr" is). */
const FUNCTION_WORDS = new Set(['of', 'the', 'and', 'for', 'de', 'la', 'le', 'y', 'et', 'des', 'du', 'del', 'los', 'las', 'di', 'da', 'do']);

/** Words worth joining: two letters at least, no function word, no legal form ("TRADINGCO"). */
function joinableWord(w: string): boolean {
  const f = fold(w).replace(/\s+/g, '');
  return /\p{L}{2}/u.test(w) && !LEGAL_FORM_TOKENS.has(f) && !FUNCTION_WORDS.has(f);
}

function splitPoint(word: string, vocabulary: ReadonlySet<string>): number {
  const w = word.toLowerCase();
  if (!/^[a-z]{7,}$/.test(w)) return 0;
  // A particle or compound head is split off only when what remains is itself a known word.
  for (const p of SPLITTABLE_PREFIXES) if (w.startsWith(p) && vocabulary.has(w.slice(p.length))) return p.length;
  for (let at = 4; at <= w.length - 4; at++) {
    if (vocabulary.has(w.slice(0, at)) && vocabulary.has(w.slice(at))) return at;
  }
  return 0;
}

// ---------------------------------------------------------------- legal form

/**
 * The legal form written differently, swapped for a common other form, moved to the end, or
 * dropped: "X CO., LTD." -> "X Limited", "OOO X" -> "X LLC", "X LLC" -> "X".
 */
export function changeLegalForm(name: string, rng: Random): string | undefined {
  const found = findLegalForm(name);
  if (!found) return undefined;
  const writtenFold = fold(found.written);
  const roll = rng.next();
  let form: string | undefined;
  if (roll < 0.5) {
    const others = found.group.forms.filter((f) => fold(f) !== writtenFold);
    if (others.length) form = rng.pick(others);
  } else if (roll < 0.7) {
    const group = groupById(rng.pick(COMMON_GROUPS.filter((g) => g !== found.group.id)));
    form = rng.pick(group.forms);
  }
  const styled = form && (caseStyle(found.core) === 'upper' ? form : titleForm(form));
  const out = !styled ? found.core : found.position === 'prefix' && rng.chance(0.6) ? `${styled} ${found.core}` : `${found.core}${rng.chance(0.3) ? ',' : ''} ${styled}`;
  return fold(out) !== fold(name) ? out : undefined;
}

function titleForm(form: string): string {
  return /^[A-Z]{2,4}$/.test(form) || /\./.test(form) ? form : form.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

// ---------------------------------------------------------------- case and punctuation

const ACCENTS: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', A: 'Á', E: 'É', I: 'Í', O: 'Ó', U: 'Ú' };

/** Letter case, commas, periods, hyphens, apostrophes and diacritics changed; letters kept. */
export function casePunct(name: string, rng: Random): string | undefined {
  const changes: Array<(s: string) => string> = [
    (s) => (caseStyle(s.replace(/[^\p{L}]/gu, '')) === 'upper' ? titleCase(s) : s.toUpperCase()),
    (s) => s.toLowerCase(),
    // A hyphen becomes a space: dropping it would glue words, which is another category.
    (s) => s.replace(/[,.'’"()]/g, '').replace(/-/g, ' ').replace(/\s+/g, ' ').trim(),
    (s) => hyphenate(s, rng),
    (s) => stripOrAddDiacritics(s, rng),
  ];
  let out = name;
  for (const change of rng.shuffle(changes).slice(0, rng.int(1, 2))) out = change(out);
  return out !== name ? out : undefined;
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** Two adjacent words joined by a hyphen ("Yong Gil" -> "Yong-Gil"). */
function hyphenate(s: string, rng: Random): string {
  const ws = s.split(' ');
  const spots = ws.map((_, i) => i).filter((i) => i + 1 < ws.length && /\p{L}$/u.test(ws[i]) && /^\p{L}/u.test(ws[i + 1]));
  if (spots.length === 0) return s;
  const i = rng.pick(spots);
  return [...ws.slice(0, i), `${ws[i]}-${ws[i + 1]}`, ...ws.slice(i + 2)].join(' ');
}

function stripOrAddDiacritics(s: string, rng: Random): string {
  const stripped = s.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
  if (stripped !== s) return stripped;
  const vowels = [...s.matchAll(/[aeiouAEIOU]/g)];
  if (vowels.length === 0) return s;
  const v = rng.pick(vowels);
  return s.slice(0, v.index!) + ACCENTS[v[0]] + s.slice(v.index! + 1);
}
