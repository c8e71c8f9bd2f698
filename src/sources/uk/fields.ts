import { countryCode } from '../../model/countries.js';

/**
 * Reading the free-text conventions of OFSI's Consolidated List: numbered lists in one cell
 * ("(1) Germany. (2) Morocco"), countries written with history ("Former USSR, now Ukraine"),
 * and the "(Key):value" sections of the Other Information column.
 */

/**
 * "(1) 223611 (2) C00146605" -> ["223611", "C00146605"]; "(1-3) Libya (4) Morocco" too. Only
 * the markers that continue the count split, so "(1) +7 (831) 211-40-00" keeps its area code.
 */
export function splitEnumerated(text: string | undefined): string[] {
  const t = (text ?? '').trim();
  if (!t) return [];
  const first = /^\((\d+)(?:-(\d+))?\)/.exec(t);
  if (!first || first[1] !== '1') return [t];
  const items: string[] = [];
  let next = Number(first[2] ?? first[1]) + 1;
  let start = first[0].length;
  for (;;) {
    const marker = new RegExp(`\\(${next}(?:-(\\d+))?\\)`).exec(t.slice(start));
    const end = marker ? start + marker.index : t.length;
    items.push(t.slice(start, end));
    if (!marker) break;
    next = Number(marker[1] ?? next) + 1;
    start = end + marker[0].length;
  }
  return items.map((p) => p.trim().replace(/[.;,]$/, '').trim()).filter(Boolean);
}

/** Spellings on the list that the shared country table does not know. */
const UK_COUNTRY_NAMES: Record<string, string> = {
  'congo (democratic republic)': 'cd',
  'bosnia-herzegovina': 'ba',
  'guinea bissau': 'gw',
  britain: 'gb',
  'occupied palestinian territories': 'ps',
  'palestinian territories': 'ps',
  belrus: 'by',
  uzbekhistan: 'uz',
  sundan: 'sd',
  'repubic of moldova': 'md',
  german: 'de',
  russian: 'ru',
  moldovan: 'md',
};

/**
 * A country code for a country as the list writes it. Historic wording resolves to the state
 * named as today's ("Former USSR, now Ukraine" -> ua; "Azerbaijan (former USSR)" -> az);
 * text naming no single country gives undefined and the caller keeps it verbatim.
 */
export function ukCountry(text: string | undefined): string | undefined {
  const t = (text ?? '').trim().replace(/\.$/, '');
  if (!t) return undefined;
  return remembered(countryMemo, t, resolveCountry);
}

/**
 * Country lookups are slow (i18n-iso-countries normalises its whole table per call) and the
 * list repeats a few hundred values over 18,000 rows, so answers are remembered.
 */
const countryMemo = new Map<string, string | undefined>();
const documentMemo = new Map<string, string | undefined>();

function remembered(memo: Map<string, string | undefined>, key: string, compute: (k: string) => string | undefined): string | undefined {
  if (memo.has(key)) return memo.get(key);
  const value = compute(key);
  if (memo.size < 50_000) memo.set(key, value);
  return value;
}

function resolveCountry(t: string): string | undefined {
  const direct = countryCode(t) ?? UK_COUNTRY_NAMES[t.toLowerCase()];
  if (direct) return direct;
  const now = /\b(?:now|currently)\s+([^()]+?)\)?$/i.exec(t);
  if (now) return ukCountry(now[1]);
  const beforeParen = /^([^()]+?)\s*\(/.exec(t);
  if (beforeParen) return ukCountry(beforeParen[1]);
  return undefined;
}

/**
 * Country codes for a cell naming one country or several ("Germany. Russia", "Estonia,
 * Russia"); empty when any part names no country, so the caller keeps the text verbatim.
 */
export function ukCountries(text: string | undefined): string[] {
  const single = ukCountry(text);
  if (single) return [single];
  const parts = (text ?? '').split(/\.\s+|,\s*|;\s*/).filter((p) => p.trim());
  const codes = parts.map(ukCountry);
  return parts.length > 1 && codes.every(Boolean) ? (codes as string[]) : [];
}

/** ISO 639-1 codes of the languages the list names for non-Latin names (with its misspellings). */
const LANGUAGES: Record<string, string> = {
  arabic: 'ar', belarusian: 'be', bosnian: 'bs', bulgarian: 'bg', burmese: 'my', chinese: 'zh', georgian: 'ka',
  greek: 'el', hebrew: 'he', japanese: 'ja', kazakh: 'kk', korean: 'ko', persian: 'fa', 'persian/farsi': 'fa',
  farsi: 'fa', romanian: 'ro', russian: 'ru', russia: 'ru', serbian: 'sr', spanish: 'es', thai: 'th', turkish: 'tr',
  ukrainian: 'uk', ukraine: 'uk', kyrgyz: 'ky', uzbek: 'uz', tajik: 'tg', armenian: 'hy', azerbaijani: 'az',
  mongolian: 'mn', pashto: 'ps', urdu: 'ur', dari: 'prs', amharic: 'am', tigrinya: 'ti',
};

export function languageCode(name: string | undefined): string | undefined {
  return name ? LANGUAGES[name.trim().toLowerCase()] : undefined;
}

/** Adjectives the list uses for the issuing country of a document ("Iranian passport"). */
const DEMONYMS: Record<string, string> = {
  afghan: 'af', algerian: 'dz', american: 'us', azerbaijani: 'az', bahraini: 'bh', belarusian: 'by', belgian: 'be',
  bosnian: 'ba', british: 'gb', burmese: 'mm', canadian: 'ca', chinese: 'cn', cypriot: 'cy', danish: 'dk', dutch: 'nl',
  egyptian: 'eg', emirati: 'ae', eritrean: 'er', ethiopian: 'et', french: 'fr', georgian: 'ge', german: 'de', greek: 'gr',
  haitian: 'ht', indian: 'in', indonesian: 'id', iranian: 'ir', iraqi: 'iq', israeli: 'il', italian: 'it', jordanian: 'jo',
  kazakh: 'kz', kenyan: 'ke', kuwaiti: 'kw', kyrgyz: 'kg', lebanese: 'lb', libyan: 'ly', malaysian: 'my', malian: 'ml',
  maltese: 'mt', moroccan: 'ma', nicaraguan: 'ni', nigerian: 'ng', norwegian: 'no', omani: 'om', pakistani: 'pk',
  palestinian: 'ps', qatari: 'qa', russian: 'ru', saudi: 'sa', serbian: 'rs', somali: 'so', spanish: 'es', sudanese: 'sd',
  swedish: 'se', swiss: 'ch', syrian: 'sy', tajik: 'tj', tunisian: 'tn', turkish: 'tr', ukrainian: 'ua', uzbek: 'uz',
  venezuelan: 've', yemeni: 'ye', zimbabwean: 'zw',
};

/**
 * The issuing country a document note names: "Tunisia number. Issued on ...", "Issued in
 * Jordan", "Iranian passport", "Expires 21 Aug 2005 (Iraq)". Undefined when it names none.
 */
export function documentCountry(note: string | undefined): string | undefined {
  const t = (note ?? '').trim();
  return t ? remembered(documentMemo, t, resolveDocumentCountry) : undefined;
}

function resolveDocumentCountry(t: string): string | undefined {
  const words = t.replace(/[().,;:]/g, ' ').split(/\s+/).filter(Boolean);
  for (let n = Math.min(4, words.length); n >= 1; n--) {
    const code = countryCode(words.slice(0, n).join(' '));
    if (code) return code;
  }
  const demonym = DEMONYMS[words[0]?.toLowerCase() ?? ''];
  if (demonym) return demonym;
  const issuedIn = /issued (?:in|by)\s+(?:the\s+)?([A-Z][A-Za-z' ]+?)(?:[.,;(]|\s+on\b|$)/.exec(t);
  if (issuedIn && countryCode(issuedIn[1])) return countryCode(issuedIn[1]);
  const inParens = /\(([^()]+)\)\s*$/.exec(t);
  if (inParens) return countryCode(inParens[1]);
  return undefined;
}

/** Keys OFSI writes as "(Key):" in the Other Information column. */
export const OTHER_INFORMATION_KEYS = [
  'UK Sanctions List Ref',
  'UK Statement of Reasons',
  'Gender',
  'UN Ref',
  'Phone number',
  'Tel',
  'Fax',
  'Website',
  'Email address',
  'Type of entity',
  'Business Reg No',
  'Parent company',
  'Subsidiaries',
  'IMO number',
  'Current owners',
  'Flag of ship',
  'Previous flags',
  'Type of ship',
  'Tonnage of ship',
  'Length of ship',
  'Year built',
  'Hull identification number (HIN)',
] as const;

export type OtherInformationKey = (typeof OTHER_INFORMATION_KEYS)[number];

const SECTION_RE = new RegExp(`\\((${OTHER_INFORMATION_KEYS.map((k) => k.replace(/[()]/g, '\\$&')).join('|')})\\):`, 'g');

/** The "(Key):value" sections of an Other Information text, values trimmed, in order. */
export function otherInformationSections(text: string): Array<{ key: OtherInformationKey; value: string }> {
  const matches = [...text.matchAll(SECTION_RE)];
  return matches.map((m, i) => {
    const end = i + 1 < matches.length ? matches[i + 1].index : text.length;
    const value = text
      .slice(m.index + m[0].length, end)
      .trim()
      .replace(/\.$/, '')
      .trim();
    return { key: m[1] as OtherInformationKey, value };
  });
}

/**
 * The UN reference numbers a "(UN Ref):" section starts with ("QDi.365. As at Aug. 2015 ..."):
 * only the leading ones, since the narrative after them cites other targets' references.
 */
export function leadingUnRefs(value: string): string[] {
  const refs: string[] = [];
  let rest = value;
  for (;;) {
    // Written "QDi.365", but also "QDE.145" and "CDi. 038": normalised to the UN's "QDe.145".
    const m = /^\s*(?:(?:,|;|and)\s*)?([A-Z]{2})([ieIE])\.\s?(\d+)/.exec(rest);
    if (!m) break;
    refs.push(`${m[1]}${m[2].toLowerCase()}.${m[3]}`);
    rest = rest.slice(m[0].length);
  }
  return refs;
}

/** "GHR0086" or "INU0082 and SYR0310" at the start of a "(UK Sanctions List Ref):" section. */
export function leadingUkRefs(value: string): string[] {
  const refs: string[] = [];
  let rest = value;
  for (;;) {
    const m = /^\s*(?:(?:,|;|and)\s*)?([A-Z]{2,4}\d{3,5})\b/.exec(rest);
    if (!m) break;
    refs.push(m[1]);
    rest = rest.slice(m[0].length);
  }
  return refs;
}

/** A contact list in one cell: "(1) a (2) b", or "a. b", "a; b", "a, b" for e-mails and sites. */
export function splitContacts(value: string): string[] {
  return splitEnumerated(value).flatMap((v) => v.split(/\s*[;,]\s*|\.\s+(?=\S)/)).map((v) => v.trim()).filter(Boolean);
}
