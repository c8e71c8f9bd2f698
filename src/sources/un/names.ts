import { detectScript } from '../../model/scripts.js';
import { cleanText } from './xml.js';

/**
 * The UN writes more than a name into a name field: several spellings separated by ";" or
 * enumerated "a) ... b) ...", the original script in parentheses ("Jin Tiesan (金铁三)",
 * "Amir Khazmat (original script: Амир Хазмат)"), transliterations after an Arabic name
 * ("حسن غول (Hassan Ghul; Hassan Gul)"), and notes ("(previously listed as)", ", born in
 * Kandahar on 01 Jan.1967"). These functions take such a field apart into names and notes;
 * everything that is not a name comes back as a note, so nothing is dropped.
 */
export interface WrittenName {
  full: string;
  /** Written in a non-Latin script: the publisher's original-script spelling. */
  originalScript: boolean;
}

export interface SplitName {
  names: WrittenName[];
  notes: string[];
}

/** Parenthesised words that describe a name rather than being part of it. */
const NOTE_IN_PARENS = /^(?:previously listed as|formerly listed as|birth name|combat name|third|false identity\b.*|.*\bsub-unit name)$/i;

export function splitUnName(text: string): SplitName {
  const notes: string[] = [];
  const names: WrittenName[] = [];
  let t = trimStrayPunctuation(cleanText(text));
  const born = /,\s*(born\b.*)$/i.exec(t);
  if (born) {
    notes.push(born[1]);
    t = t.slice(0, born.index).trim();
  }
  const { outside, groups } = topLevelGroups(t);
  const outerIsLatin = isLatin(outside);
  const kept: string[] = [];
  for (const g of groups) {
    const inner = g.content.trim();
    const labelled = /^original script\s*:\s*(.+)$/i.exec(inner);
    if (/^original script$/i.test(inner)) continue;
    if (labelled) {
      names.push(...spellings(labelled[1]).map((n) => written(n)));
    } else if (inner.includes(';') || isLatin(inner) !== outerIsLatin) {
      // A list of spellings, or the name in the other script (the original script after a
      // Latin name, the Latin spelling after an Arabic one): each is a name of its own.
      // Parentheses within one script ("華信船務(香港)有限公司") are part of the name.
      for (const n of spellings(inner)) {
        const wording = /\s*-\s*sub-unit name$/i.exec(n);
        if (wording) notes.push(`${n.slice(0, wording.index)}: sub-unit name`);
        names.push(written(n.replace(/\s*\(original script\)\s*/i, ' ').replace(/\s*-\s*sub-unit name$/i, '')));
      }
    } else if (NOTE_IN_PARENS.test(inner) || /\d/.test(inner)) {
      notes.push(inner);
    } else {
      kept.push(g.raw);
    }
  }
  // Acronyms and spelling variants in parentheses stay part of the name they qualify.
  const main = groups.length ? rebuild(t, groups.filter((g) => kept.includes(g.raw))) : t;
  names.unshift(...spellings(main).map((n) => written(n)));
  return { names: dedupe(names.filter((n) => n.full)), notes };
}

/**
 * Names a UN alias note gives for its alias: a list of transliterations ("Yunis al-Mauritani;
 * Younis al-Mauritani"), such a list in parentheses, or the original script after "original
 * script:" / "in Arabic:". The note itself is kept as a remark by the caller.
 */
export function namesInAliasNote(note: string): WrittenName[] {
  const text = cleanText(note);
  const out: WrittenName[] = [];
  const script = /(?:original script|in arabic(?: script)?)\s*:\s*([^;:()]+?)\s*\.?$/i.exec(text);
  if (script) out.push(written(script[1]));
  const candidates = [text, ...topLevelGroups(text).groups.map((g) => g.content)];
  for (const c of candidates) {
    const items = c.split(';').map((s) => s.trim());
    if (items.length >= 2 && items.every(looksLikeName)) out.push(...items.map((n) => written(n)));
  }
  return dedupe(out);
}

function looksLikeName(s: string): boolean {
  return /^\p{Lu}[\p{L}\p{M}'’‘`.\- ]*$/u.test(s) && s.split(' ').length <= 8;
}

function written(full: string): WrittenName {
  const f = trimStrayPunctuation(full);
  return { full: f, originalScript: !isLatin(f) };
}

/** Latin script, or no letters at all (a reference number, an acronym in digits). */
export function isLatin(text: string): boolean {
  if (/^[\x00-\x7f]*$/.test(text)) return true;
  const s = detectScript(text);
  return s === undefined || s === 'Latn';
}

/** Spellings listed with ";" or enumerated "a) ... b) ..." at the top level. */
function spellings(text: string): string[] {
  return splitTopLevel(text, ';')
    .flatMap((part) => part.split(/\s+[a-h]\)\s+/))
    .map((p) => trimStrayPunctuation(p.replace(/^[a-h]\)\s+/, '')))
    .filter(Boolean);
}

interface Group {
  raw: string;
  content: string;
  start: number;
}

/** Parenthesised groups at the top level (nested parentheses stay inside their group). */
function topLevelGroups(text: string): { outside: string; groups: Group[] } {
  const groups: Group[] = [];
  let depth = 0;
  let start = -1;
  let outside = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === ')' && depth > 0) {
      depth--;
      if (depth === 0) groups.push({ raw: text.slice(start, i + 1), content: text.slice(start + 1, i), start });
    } else if (depth === 0) {
      outside += ch;
    }
  }
  return { outside: outside.trim(), groups };
}

/** The text without the groups not in `keep`. */
function rebuild(text: string, keep: Group[]): string {
  const { groups } = topLevelGroups(text);
  let out = '';
  let pos = 0;
  for (const g of groups) {
    out += text.slice(pos, g.start);
    if (keep.some((k) => k.start === g.start)) out += g.raw;
    pos = g.start + g.raw.length;
  }
  out += text.slice(pos);
  return out.replace(/\s+/g, ' ').replace(/\s+([,;])/g, '$1').trim();
}

function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === sep && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/**
 * Drops separators left at either end ("Akhter Mohmad ... ),", ") Abdelrahman ...") and
 * parentheses that do not pair up.
 */
export function trimStrayPunctuation(s: string): string {
  let t = s.replace(/\s+/g, ' ').trim();
  for (let before = ''; before !== t; ) {
    before = t;
    t = t.replace(/^[,;:\s]+|[,;:\s]+$/g, '');
    if (t.startsWith(')')) t = t.slice(1);
    if (t.endsWith('(')) t = t.slice(0, -1);
    const open = (t.match(/\(/g) ?? []).length;
    const close = (t.match(/\)/g) ?? []).length;
    if (open > close && t.startsWith('(')) t = t.slice(1);
    else if (close > open && t.endsWith(')')) t = t.slice(0, -1);
    t = t.trim();
  }
  return t;
}

function dedupe(names: WrittenName[]): WrittenName[] {
  const seen = new Set<string>();
  return names.filter((n) => (seen.has(n.full) ? false : (seen.add(n.full), true)));
}
