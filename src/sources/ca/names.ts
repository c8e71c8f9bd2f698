import { isLatin, trimStrayPunctuation } from '../un/names.js';
import { cleanText } from '../un/xml.js';

/**
 * Canada's list writes every alias of a record into one free-text field, in many styles:
 *   "RAOS JSC; РУСАТОМ Оверсиз"                                  ; between names
 *   "IAMI, IAMCO, HESA, Iran Aircraft Manufacturing Company"      , between names
 *   "Belarusian: Юры Іванавіч ВАСІЛЕВІЧ, Russian: Юрий Иванович"  language labels
 *   "Владимир Викторович ПАВЛЕНКО / Володимир Вiкторович ПАВЛЕНКО" / between names
 *   "GSK Advance, GSK Advance Co. Ltd. and GSK for Advanced ..."   "and" ending a list
 *   "Елена Петровна Тимченко or Елена Ермакова"                    or between names
 *   "Алексей Александров or Фролов"                                or between variants of a word
 * and the entity name field adds "(also known as A, B and C)". The splitter below reads these
 * conventions; where a comma is part of a name ("Баранов, Олег Анатольевич", "Море Река
 * Сервис, ООО", "Войска радиационной, химической и биологической защиты") the pieces stay
 * together. It cannot always be right: the caller keeps the field verbatim as a remark
 * whenever it split it.
 */
export interface AliasName {
  full: string;
  /** ISO 639-1 code of the language label the publisher put before it ("Russian:"). */
  lang?: string;
}

const LANGUAGES: Record<string, string> = {
  russian: 'ru',
  belarusian: 'be',
  belarussian: 'be',
  ukrainian: 'uk',
  arabic: 'ar',
  persian: 'fa',
  farsi: 'fa',
  hebrew: 'he',
  chinese: 'zh',
  armenian: 'hy',
};

const LANGUAGE_LABEL = new RegExp(`(?:^|(?<=[\\s,;(]))(${Object.keys(LANGUAGES).join('|')})\\s*:\\s*`, 'gi');

/** Words that are a business legal form on their own ("Море Река Сервис, ООО"). */
const LEGAL_FORM_ONLY = /^(?:OOO|ООО|OAO|ОАО|AO|АО|ZAO|ЗАО|PAO|ПАО|JSC|OJSC|PJSC|CJSC|LLC|Ltd\.?|Limited|Inc\.?|Co\.?|Corp\.?|SC|FSUE|PLC)$/i;

/** The last word of a Russian, Belarusian or Ukrainian name in "Surname, Given Patronymic". */
const PATRONYMIC = /(?:ovich|evich|ovna|evna|ichna|ович|евич|овна|евна|ична|авіч|евіч|аўна|еўна|ївна|івна)$/i;

export function splitAliases(text: string): AliasName[] {
  const out: AliasName[] = [];
  for (const { body, lang } of byLanguageLabel(cleanText(text))) {
    for (const chunk of splitTopLevel(trimStrayPunctuation(body), ';')) {
      for (const piece of splitSlashes(trimStrayPunctuation(chunk))) {
        for (const name of splitCommaList(piece).flatMap(splitOr).flatMap(splitScripts)) {
          const full = trimStrayPunctuation(name.replace(/^also\s+/i, '').replace(/\s+(?:AKA|a\.k\.a\.?)$/i, ''));
          if (full && /\p{L}/u.test(full)) out.push(lang ? { full, lang } : { full });
        }
      }
    }
  }
  return dedupe(out);
}

/**
 * "X (also known as A, B and C)" in the entity name field: the name and its aliases. The
 * list inside is split like the alias field; its last part may lack the closing parenthesis.
 */
export function splitAlsoKnownAs(text: string): { name: string; aliases: string[] } {
  const t = cleanText(text);
  const m = /\(\s*also\s+known\s+as\s+(.*?)\)?\s*$/i.exec(t);
  if (!m) return { name: trimStrayPunctuation(t), aliases: [] };
  const aliases = splitCommaList(m[1]).map(trimStrayPunctuation).filter(Boolean);
  return { name: trimStrayPunctuation(t.slice(0, m.index)), aliases };
}

function byLanguageLabel(text: string): Array<{ body: string; lang?: string }> {
  const parts: Array<{ body: string; lang?: string }> = [];
  let lang: string | undefined;
  let pos = 0;
  for (const m of text.matchAll(LANGUAGE_LABEL)) {
    parts.push({ body: text.slice(pos, m.index), lang });
    lang = LANGUAGES[m[1].toLowerCase()];
    pos = m.index + m[0].length;
  }
  parts.push({ body: text.slice(pos), lang });
  return parts.filter((p) => p.body.trim().replace(/^[,;\s]+|[,;\s]+$/g, ''));
}

/**
 * "A / B" and "English/French" name pairs; a slash between single letters is part of a legal
 * form or abbreviation (A/S, J/V) and does not split.
 */
export function splitSlashes(text: string): string[] {
  return splitTopLevel(text, (t, i) => t[i] === '/' && !betweenSingleLetters(t, i));
}

function betweenSingleLetters(text: string, i: number): boolean {
  const before = /(?:^|[^\p{L}])\p{L}$/u.test(text.slice(Math.max(0, i - 2), i));
  const after = /^\p{L}(?:$|[^\p{L}])/u.test(text.slice(i + 1, i + 3));
  return before && after;
}

/**
 * Splits at top-level commas, keeping together what a comma does not separate: a bare legal
 * form after a name, "Surname, Given Patronymic", and a piece starting in lower case (a
 * comma inside a descriptive name). The last item of a list of two or more splits at "and"
 * / "et" ("A, B and C").
 */
export function splitCommaList(text: string): string[] {
  const raw = splitTopLevel(text.replace(/,\s+or\s+/gi, ' or '), ',');
  const items: string[] = [];
  for (const piece of raw) {
    const prev = items[items.length - 1];
    const joinsPrevious =
      prev !== undefined &&
      (LEGAL_FORM_ONLY.test(piece) ||
        (wordCount(prev) === 1 && PATRONYMIC.test(piece) && wordCount(piece) <= 3) ||
        (/^\p{Ll}/u.test(piece) && !/^(?:l['’]|the\s|al-|el-|d['’])/i.test(piece)));
    if (joinsPrevious) items[items.length - 1] = `${prev}, ${piece}`;
    else items.push(piece);
  }
  if (items.length) items.push(...splitFinalAnd(items.pop()!, items));
  return items.map((s) => s.trim()).filter(Boolean);
}

/**
 * "A, B and C" ends a list with "and" (or the French "et"), but names contain "and" too
 * ("Myanma Investment and Commercial Bank, Burma Investment and Commercial Bank"; "LAT, LLC
 * Laser Devices and Technologies"). The last item splits only when the list has three or
 * more items, when its second half starts like another name of the list ("GSK Advance, GSK
 * Advance Co. Ltd. and GSK for Advanced Business Co. Ltd."; "Public Joint Stock Company
 * Proletarsky Plant and Public Joint Stock Company Proletarsky Zavod"), or when both halves
 * are full names of three or more capitalised words ("Nikita Ivanovich Samoilenko, Микита
 * Іванович Самойленко and Никита Іванович Самойленко").
 */
function splitFinalAnd(last: string, others: string[]): string[] {
  const m = /^(.+?)\s+(?:and|et)\s+(?=\p{Lu}|\p{Lo})(.+)$/u.exec(last);
  if (!m) return [last];
  const [, left, right] = m;
  const firstWord = (s: string) => s.split(' ')[0].replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
  const capitalised = (s: string) => wordCount(s) >= 3 && s.split(' ').every((w) => /^[^\p{L}]*(?:\p{Lu}|\p{Lo})/u.test(w));
  const split =
    others.length >= 2 ||
    [left, ...others].some((o) => firstWord(o) === firstWord(right)) ||
    (capitalised(left) && capitalised(right));
  return split ? [left, ...splitFinalAnd(right, [...others, left])] : [last];
}

/**
 * "A or B": two names when both are full names. A single word similar to the word at the
 * same end of the other side is a spelling variant of that word ("Russian: Александр
 * Владимирович Карниенко or Карниенка" is also "Александр Владимирович Карниенка";
 * "Katsiaryna or Katerina Smuschkovich" also "Katsiaryna Smuschkovich"); a dissimilar one is
 * a name of its own ("... Российской Федерации or ЦИК").
 */
export function splitOr(text: string): string[] {
  const sides = text.split(/\s+(?:or|или)\s+/i).map((s) => s.trim()).filter(Boolean);
  if (sides.length < 2) return sides;
  const longest = sides.reduce((a, b) => (wordCount(b) > wordCount(a) ? b : a));
  const words = longest.split(' ');
  const longIndex = sides.indexOf(longest);
  return sides.map((side, i) => {
    if (wordCount(side) !== 1 || words.length < 2) return side;
    // A single word before the long side varies its first word, after it its last word.
    const at = i < longIndex ? 0 : words.length - 1;
    if (!spellingVariant(side, words[at])) return side;
    return words.map((w, k) => (k === at ? side : w)).join(' ');
  });
}

/** "Карниенко" / "Карниенка", "Katsiaryna" / "Katerina"; not "ЦИК" / "Федерации". */
function spellingVariant(a: string, b: string): boolean {
  const score = similarity(a, b);
  return score >= 0.4 || (score >= 0.3 && a[0].toLowerCase() === b[0].toLowerCase());
}

/** Dice coefficient of the letter pairs of two words, ignoring case: 1 for the same word. */
export function similarity(a: string, b: string): number {
  const pairs = (s: string) => {
    const t = s.toLowerCase().replace(/[^\p{L}]/gu, '');
    return Array.from({ length: Math.max(0, t.length - 1) }, (_, i) => t.slice(i, i + 2));
  };
  const pa = pairs(a);
  const pb = pairs(b);
  if (!pa.length || !pb.length) return 0;
  const rest = [...pb];
  let shared = 0;
  for (const p of pa) {
    const k = rest.indexOf(p);
    if (k >= 0) (shared++, rest.splice(k, 1));
  }
  return (2 * shared) / (pa.length + pb.length);
}

/**
 * A Latin name and its original-script spelling written one after the other without a
 * separator ("Abbas Morteza Nilforushan عباس نیلفروشان"). Only runs of two or more words split,
 * so that a legal form in Latin letters stays with a Cyrillic name ("Газпромбанк AO").
 */
function splitScripts(text: string): string[] {
  const words = text.split(' ');
  const runs: { latin: boolean; words: string[] }[] = [];
  for (const w of words) {
    const last = runs[runs.length - 1];
    // A word without letters ("–", "(1)") belongs to the run it stands in.
    const latin = /\p{L}/u.test(w) ? isLatin(w) : (last?.latin ?? true);
    if (last && last.latin === latin) last.words.push(w);
    else runs.push({ latin, words: [w] });
  }
  if (runs.length < 2 || runs.some((r) => r.words.length < 2)) return [text];
  return runs.map((r) => r.words.join(' '));
}

const OPENERS = '(“«';
const CLOSERS = ')”»';

/**
 * Splits where `isSeparator` says, but not inside parentheses or quotes ("Research and
 * Production Corporation “Space Monitoring Systems, Information- Control and ...”"). Quote
 * marks that do not pair up in the text (“Lengo Sengo“, an opening " never closed) are not
 * treated as quotes, so that one stray mark cannot glue the rest of the field together.
 */
function splitTopLevel(text: string, isSeparator: string | ((text: string, i: number) => boolean)): string[] {
  const sepAt = typeof isSeparator === 'string' ? (t: string, i: number) => t[i] === isSeparator : isSeparator;
  const pairs = [...OPENERS].map((o, k) => [o, CLOSERS[k]] as const).filter(([o, c]) => count(text, o) === count(text, c));
  const straightQuotes = count(text, '"') % 2 === 0;
  const parts: string[] = [];
  let depth = 0;
  let inQuote = false;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (pairs.some(([o]) => o === ch)) depth++;
    else if (pairs.some(([, c]) => c === ch)) depth = Math.max(0, depth - 1);
    else if (ch === '"' && straightQuotes) inQuote = !inQuote;
    if (depth === 0 && !inQuote && sepAt(text, i)) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

export function wordCount(s: string): number {
  return s.trim().split(/\s+/).filter(Boolean).length;
}

function dedupe(names: AliasName[]): AliasName[] {
  const seen = new Set<string>();
  return names.filter((n) => (seen.has(n.full) ? false : (seen.add(n.full), true)));
}
