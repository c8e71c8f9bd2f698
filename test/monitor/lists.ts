import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { EVAL_DIR, LISTS_DIR, VERSIONS_DIR } from '../helpers.js';

/**
 * Publications of the consolidated list for monitoring tests, each a folder laid out as
 * `<dir>/us_ofac_cons/<files>` for `updateSources({ from })`: the two real versions, and
 * copies of the real CSV set with one stated change (a new address, a new alias).
 */

const CONS_CSV = ['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv'];

/** The 2025-03-28 publication in OFAC's XML format. */
export async function xmlPublication(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clearance-cons-xml-'));
  await mkdir(join(dir, 'us_ofac_cons'));
  await copyFile(join(VERSIONS_DIR, 'us_ofac_cons-2025-03-28', 'consolidated.xml'), join(dir, 'us_ofac_cons', 'consolidated.xml'));
  return dir;
}

/** The current CSV publication (lists/us_ofac_cons), as it is. */
export const csvPublication = LISTS_DIR;

/**
 * A copy of the CSV set with its bytes edited by `edit` (file name -> new content). The files
 * keep OFAC's layout (CRLF lines, the trailing 0x1A byte), so edits insert before that byte.
 */
export async function editedCsvPublication(edit: Record<string, (content: Buffer) => Buffer>, base = join(LISTS_DIR, 'us_ofac_cons')): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clearance-cons-csv-'));
  await mkdir(join(dir, 'us_ofac_cons'));
  for (const name of CONS_CSV) {
    const content = await readFile(join(base, name));
    await writeFile(join(dir, 'us_ofac_cons', name), edit[name] ? edit[name](content) : content);
  }
  return dir;
}

/** Replaces one exact byte string (latin1) once; fails loudly if it is not there. */
export function replaceOnce(from: string, to: string): (content: Buffer) => Buffer {
  return (content) => {
    const text = content.toString('latin1');
    if (!text.includes(from)) throw new Error(`test fixture: "${from}" not found`);
    return Buffer.from(text.replace(from, to), 'latin1');
  };
}

/** Appends one CSV row (OFAC layout: CRLF, before the end-of-file 0x1A byte if present). */
export function appendRow(row: string): (content: Buffer) => Buffer {
  return (content) => {
    const eof = content[content.length - 1] === 0x1a;
    const body = eof ? content.subarray(0, content.length - 1) : content;
    return Buffer.concat([body, Buffer.from(`${row}\r\n`, 'latin1'), eof ? Buffer.from([0x1a]) : Buffer.alloc(0)]);
  };
}

/** Real people on no list (OpenSanctions' synthetic negatives). */
export async function cleanPeople(n: number): Promise<Array<{ full_name: string; date_of_birth: string; nationality: string }>> {
  const rows = parse(await readFile(join(EVAL_DIR, 'opensanctions', 'negatives_us.csv')), { columns: true, skip_empty_lines: true }) as Array<{
    full_name: string;
    date_of_birth: string;
    nationality: string;
  }>;
  return rows.filter((r) => /^[A-Za-z .'-]+$/.test(r.full_name)).slice(0, n);
}

/** A CSV file of customers with the header names batch screening recognises. */
export async function customerFile(rows: Array<{ id: string; name: string; type?: string; birth_date?: string; country?: string }>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clearance-customers-'));
  const cell = (v = '') => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = ['customer_id,full_name,entity_type,date_of_birth,nationality', ...rows.map((r) => [r.id, r.name, r.type, r.birth_date, r.country].map(cell).join(','))].join('\n') + '\n';
  const path = join(dir, 'customers.csv');
  await writeFile(path, text);
  return path;
}
