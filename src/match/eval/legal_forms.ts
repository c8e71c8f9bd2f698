/**
 * Legal forms for the generator: which written forms mean the same kind of company, where a
 * form sits in a listed name, and the name without it. Matching has its own table; this one
 * only has to recognise the forms the lists use, so that the legal_form variants and the
 * "same legal form only" negatives are made from real names.
 */
import { fold } from './jaro.js';

export interface LegalFormGroup {
  id: string;
  /** Written forms, as they appear in names. */
  forms: string[];
  /** Whether the form is written before the name (Russian-style "OOO Romashka"). */
  prefix?: boolean;
}

export const LEGAL_FORM_GROUPS: LegalFormGroup[] = [
  { id: 'limited', forms: ['LTD', 'LTD.', 'LIMITED', 'CO., LTD.', 'CO. LTD', 'CO., LIMITED', 'COMPANY LIMITED'] },
  { id: 'llc', forms: ['LLC', 'L.L.C.', 'LIMITED LIABILITY COMPANY', 'OOO'], prefix: true },
  {
    id: 'jsc',
    forms: ['JSC', 'JOINT STOCK COMPANY', 'OJSC', 'OPEN JOINT STOCK COMPANY', 'PJSC', 'PUBLIC JOINT STOCK COMPANY', 'CJSC', 'CLOSED JOINT STOCK COMPANY', 'AO', 'OAO', 'PAO', 'ZAO'],
    prefix: true,
  },
  { id: 'inc', forms: ['INC', 'INC.', 'INCORPORATED', 'CORP', 'CORP.', 'CORPORATION'] },
  { id: 'company', forms: ['CO', 'CO.', 'COMPANY'] },
  { id: 'sa', forms: ['S.A.', 'SA', 'SOCIEDAD ANONIMA', 'S.A. DE C.V.', 'SA DE CV'] },
  { id: 'gmbh', forms: ['GMBH', 'G.M.B.H.'] },
  { id: 'sdn_bhd', forms: ['SDN BHD', 'SDN. BHD.', 'SENDIRIAN BERHAD'] },
  { id: 'pte', forms: ['PTE LTD', 'PTE. LTD.', 'PRIVATE LIMITED', 'PVT LTD', 'PVT. LTD.'] },
  { id: 'fze', forms: ['FZE', 'FZCO', 'FZC', 'FZ-LLC', 'FZ LLC'] },
  { id: 'plc', forms: ['PLC', 'P.L.C.', 'PUBLIC LIMITED COMPANY'] },
  { id: 'llp', forms: ['LLP', 'L.L.P.'] },
  { id: 'sarl', forms: ['SARL', 'S.A.R.L.', 'S.R.L.', 'SRL'] },
  { id: 'bv', forms: ['B.V.', 'BV', 'N.V.', 'NV'] },
  { id: 'ag', forms: ['AG'] },
];

/** Groups whose forms a company commonly swaps for one another across records. */
export const COMMON_GROUPS = ['limited', 'llc', 'inc', 'company', 'jsc'];

interface FormEntry {
  group: LegalFormGroup;
  form: string;
  tokens: string[];
}

const FORM_ENTRIES: FormEntry[] = LEGAL_FORM_GROUPS.flatMap((group) =>
  group.forms.map((form) => ({ group, form, tokens: fold(form).split(' ') })),
).sort((a, b) => b.tokens.length - a.tokens.length);

/** Folded tokens that belong to some legal form ("ltd", "llc", "co", ...). */
export const LEGAL_FORM_TOKENS = new Set(FORM_ENTRIES.flatMap((e) => e.tokens));

export interface FoundLegalForm {
  group: LegalFormGroup;
  /** The form as written in the name. */
  written: string;
  position: 'prefix' | 'suffix';
  /** The name without its legal form, as written. */
  core: string;
}

interface Piece {
  text: string;
  folded: string;
  start: number;
  end: number;
}

function pieces(name: string): Piece[] {
  return [...name.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
    text: m[0],
    folded: fold(m[0]).replace(/\s+/g, ''),
    start: m.index!,
    end: m.index! + m[0].length,
  }));
}

/** Separators between a name and its form go; quotes stay with the name ("Arktika" keeps both). */
const trimEdges = (s: string) => s.replace(/^[\s,.;:-]+|[\s,;:(-]+$/gu, '').trim();

/** The legal form a listed name starts or ends with, if any; the core must keep a word. */
export function findLegalForm(name: string): FoundLegalForm | undefined {
  const ps = pieces(name);
  for (const entry of FORM_ENTRIES) {
    const k = entry.tokens.length;
    if (ps.length <= k) continue;
    const tail = ps.slice(ps.length - k).map((p) => p.folded);
    if (tail.every((t, i) => t === entry.tokens[i])) {
      const first = ps[ps.length - k];
      const core = trimEdges(name.slice(0, first.start));
      const written = name.slice(first.start).trim();
      // A form inside brackets or quotes ("(T.S.S. Co.)") is part of the name, not its legal form.
      if (core && !/[()"«»“”]/.test(written)) return { group: entry.group, written, position: 'suffix', core };
    }
    if (!entry.group.prefix) continue;
    const head = ps.slice(0, k).map((p) => p.folded);
    if (head.every((t, i) => t === entry.tokens[i])) {
      const last = ps[k - 1];
      const core = trimEdges(name.slice(last.end));
      if (core) return { group: entry.group, written: name.slice(0, last.end).trim(), position: 'prefix', core };
    }
  }
  return undefined;
}

export function groupById(id: string): LegalFormGroup {
  const g = LEGAL_FORM_GROUPS.find((x) => x.id === id);
  if (!g) throw new Error(`unknown legal form group ${id}`);
  return g;
}
