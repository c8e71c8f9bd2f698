import { readText } from '../files.js';
import type { ParseContext } from '../types.js';
import { SourceError } from '../types.js';
import { fileNameIn } from './io.js';
import type { OfacAlias, OfacEntryType, OfacName, OfacRecord } from './record.js';
import { splitRemarks } from './remarks.js';

/**
 * OFAC's legacy CSV set: a main file (one row per entry) and three files keyed by ent_num
 * (addresses, alternate names, remark continuations). No header, "-0-" for empty, CRLF.
 */
export interface CsvSetFiles {
  main: string;
  addresses: string;
  aliases: string;
  comments: string;
}

export const SDN_CSV_FILES: CsvSetFiles = { main: 'sdn.csv', addresses: 'add.csv', aliases: 'alt.csv', comments: 'sdn_comments.csv' };
export const CONS_CSV_FILES: CsvSetFiles = { main: 'cons_prim.csv', addresses: 'cons_add.csv', aliases: 'cons_alt.csv', comments: 'cons_comments.csv' };

/** OFAC cuts the Remarks column at this length and continues it in the comments file. */
const REMARKS_LIMIT = 1000;

interface Row {
  /** The values as written; cell() reads one. */
  values: string[];
  line: number;
}

export async function readCsvSet(ctx: ParseContext, files: CsvSetFiles): Promise<OfacRecord[]> {
  const main = await readRows(ctx, files.main, 12);
  const records = new Map<string, { record: OfacRecord; remarks: string; continued: boolean }>();
  for (const row of main.rows) {
    const record = mainRecord(row, main.file);
    if (records.has(record.uid)) throw new SourceError(`ent_num ${record.uid} appears twice`, { file: main.file, line: row.line });
    records.set(record.uid, { record, remarks: rawCell(row.values[11]), continued: false });
  }
  const entryOf = (row: Row, file: string) => {
    const uid = entNum(row, file);
    const entry = records.get(uid);
    if (!entry) throw new SourceError(`row for ent_num ${uid}, which ${main.file} does not hold`, { file, line: row.line });
    return entry;
  };

  const comments = await readRows(ctx, files.comments, 2);
  for (const row of comments.rows) {
    const entry = entryOf(row, comments.file);
    // OFAC cuts the text anywhere, also between two words: join the raw text, spaces and all.
    entry.remarks += rawCell(row.values[1]);
    entry.continued = true;
  }
  const addresses = await readRows(ctx, files.addresses, 6);
  for (const row of addresses.rows) {
    const [, uid, street, cityLine, country, note] = row.values.map(cell);
    entryOf(row, addresses.file).record.addresses.push({ uid: uid ?? '', street, cityLine, country, note });
  }
  const aliases = await readRows(ctx, files.aliases, 5);
  for (const row of aliases.rows) {
    const { record } = entryOf(row, aliases.file);
    record.aliases.push(aliasOf(row, aliases.file, record.type));
  }

  for (const { record, remarks, continued } of records.values()) {
    if (remarks.length >= REMARKS_LIMIT && !continued) {
      ctx.meta.warnings.push(
        `${main.file} ent_num ${record.uid}: remarks stop at ${REMARKS_LIMIT} characters and ${comments.file} holds no continuation; the last fact may be cut short`,
      );
    }
    record.facts = splitRemarks(remarks);
  }
  ctx.meta.records = records.size;
  return [...records.values()].map((e) => e.record);
}

async function readRows(ctx: ParseContext, name: string, columns: number): Promise<{ file: string; rows: Row[] }> {
  const file = await fileNameIn(ctx, name);
  const text = await readText(ctx.dir, file);
  if (!text.endsWith('\n')) {
    // Every OFAC row ends in CRLF; text that stops mid-row was cut short.
    throw new SourceError('the last row has no line break: the file was cut short', { file, line: countLines(text) });
  }
  const rows = csvRows(text, file);
  for (const { values, line } of rows) {
    if (values.length !== columns) throw new SourceError(`${values.length} columns where ${columns} are expected`, { file, line });
  }
  return { file, rows };
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * RFC 4180 rows, strictly: a quote may only open a field and must close it, and a quoted
 * field must end at a comma or a line break. Written out rather than taken from csv-parse,
 * which reads the same files the same way but takes four times the CPU and most of the
 * garbage collection of a full SDN parse.
 */
function csvRows(text: string, file: string): Array<{ values: string[]; line: number }> {
  const rows: Array<{ values: string[]; line: number }> = [];
  const n = text.length;
  let line = 1;
  let i = 0;
  while (i < n) {
    const values: string[] = [];
    const rowLine = line;
    if (text.charCodeAt(i) === CR || text.charCodeAt(i) === LF) {
      // A blank line holds no data.
      i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        let out = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) throw new SourceError('a quoted value is never closed', { file, line });
          line += newlinesIn(text, from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            out += text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value = out + text.slice(from, q);
          i = q + 1;
          break;
        }
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === CR || c === LF) break;
          if (c === QUOTE) throw new SourceError('a quote inside an unquoted value', { file, line });
        }
        value = text.slice(i, j);
        i = j;
      }
      values.push(value);
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR && text.charCodeAt(i + 1) === LF) i += 2;
      else if (c === LF) i++;
      else if (i < n) throw new SourceError(`unexpected ${JSON.stringify(text[i])} after a value`, { file, line });
      line++;
      break;
    }
    rows.push({ values, line: rowLine });
  }
  return rows;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

function newlinesIn(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Remark text as written (its spaces matter where OFAC cut it), "" for "-0-". */
function rawCell(raw: string | undefined): string {
  return raw === undefined || cell(raw) === undefined ? '' : raw;
}

/** OFAC writes an empty value as "-0-", often with a trailing space. */
function cell(raw: string): string | undefined {
  const v = raw.trim();
  return v === '' || v === '-0-' ? undefined : v;
}

function entNum(row: Row, file: string): string {
  const uid = cell(row.values[0]);
  if (!uid || !/^\d+$/.test(uid)) throw new SourceError(`ent_num "${uid ?? ''}" is not a number`, { file, line: row.line });
  return uid;
}

const ENTRY_TYPES: Record<string, OfacEntryType> = { individual: 'individual', vessel: 'vessel', aircraft: 'aircraft' };

function mainRecord(row: Row, file: string): OfacRecord {
  const uid = entNum(row, file);
  const [, name, sdnType, program, title, callSign, vesselType, tonnage, grt, flag, owner] = row.values.map(cell);
  if (!name) throw new SourceError(`ent_num ${uid} has no name`, { file, line: row.line });
  const type = sdnType === undefined ? 'entity' : ENTRY_TYPES[sdnType.toLowerCase()];
  if (!type) throw new SourceError(`ent_num ${uid}: unknown SDN_Type "${sdnType}"`, { file, line: row.line });
  return {
    uid,
    type,
    name: csvName(name, type),
    programs: splitPrograms(program),
    ...(title ? { title } : {}),
    vessel: { callSign, vesselType, tonnage, grossRegisteredTonnage: grt, flag, owner },
    aliases: [],
    addresses: [],
    facts: [],
    origin: { file, line: row.line },
  };
}

/** "SDGT] [IRGC" -> ["SDGT", "IRGC"]: the CSV keeps the brackets between programs. */
export function splitPrograms(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/\]\s*\[/)
    .map((p) => p.replace(/^\[|\]$/g, '').trim())
    .filter(Boolean);
}

/** People are written "LAST, First"; the XML gives the same two parts separately. */
export function csvName(full: string, type: OfacEntryType): OfacName {
  const comma = full.indexOf(', ');
  if (type !== 'individual' || comma < 0) return { full };
  return { full, family: full.slice(0, comma), given: full.slice(comma + 2) };
}

const ALIAS_TYPES: Record<string, OfacAlias['type']> = { aka: 'a.k.a.', fka: 'f.k.a.', nka: 'n.k.a.' };

function aliasOf(row: Row, file: string, type: OfacEntryType): OfacAlias {
  const [, uid, altType, name, note] = row.values.map(cell);
  const aliasType = altType ? ALIAS_TYPES[altType.toLowerCase().replace(/\./g, '')] : undefined;
  if (!aliasType) throw new SourceError(`unknown alt_type "${altType ?? ''}"`, { file, line: row.line });
  if (!name) throw new SourceError(`alternate name ${uid ?? ''} is empty`, { file, line: row.line });
  // alt.csv holds OFAC's strong a.k.a.s only; the weak ones are in the remarks.
  return { ...csvName(name, type), uid, type: aliasType, category: 'strong', note };
}
