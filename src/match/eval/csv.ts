/** Reading and writing the labelled pair files (eval/*.csv). */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { PairRow } from './generate.js';
import { PAIR_COLUMNS } from './generate.js';
import { isSchemaName } from '../../model/schema.js';

function quote(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, string | number>>): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => quote(String(row[c] ?? ''))).join(','));
  return lines.join('\n') + '\n';
}

export function formatPairs(rows: readonly PairRow[]): string {
  return formatCsv(PAIR_COLUMNS, rows as unknown as Array<Record<string, string | number>>);
}

/** Parses a pair file, refusing rows that lack a column or carry an unknown schema or label. */
export function parsePairs(text: string, file: string): PairRow[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, relax_column_count: false }) as Array<Record<string, string>>;
  return records.map((r, i) => {
    const line = i + 2;
    for (const c of PAIR_COLUMNS) {
      if (r[c] === undefined) throw new Error(`${file}, line ${line}: column ${c} is missing`);
    }
    if (!isSchemaName(r.schema)) throw new Error(`${file}, line ${line}: unknown schema "${r.schema}"`);
    if (r.label !== '0' && r.label !== '1') throw new Error(`${file}, line ${line}: label must be 0 or 1, not "${r.label}"`);
    if (!r.query || !r.listed_name || !r.entity_id) throw new Error(`${file}, line ${line}: query, listed_name and entity_id are required`);
    return {
      category: r.category,
      schema: r.schema,
      query: r.query,
      listed_name: r.listed_name,
      entity_id: r.entity_id,
      label: r.label === '1' ? 1 : 0,
      donor_id: r.donor_id,
    };
  });
}

export async function readPairs(file: string): Promise<PairRow[]> {
  return parsePairs(await readFile(file, 'utf8'), file);
}
