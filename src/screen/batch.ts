import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { readCsvRows } from './csv.js';
import { HEADER_ALIASES, headerKey, schemaFromText, toMatchQuery, type ScreenQuery } from './input.js';
import type { MatchQuery } from '../match/index.js';

/**
 * Reading batch files of any size: CSV with a header, or JSON lines. Rows stream through
 * one at a time; a bad row becomes an error result naming its row and reason, and the run
 * goes on with the next one.
 */

export interface BatchRow {
  /** 1-based data row number (CSV: the header is row 0). */
  row: number;
  id?: string;
  query?: ScreenQuery;
  match?: MatchQuery;
  error?: string;
}

export type BatchFormat = 'csv' | 'jsonl';

export function formatOf(path: string): BatchFormat {
  return /\.(jsonl|ndjson|json)$/i.test(path) ? 'jsonl' : 'csv';
}

/** `--map HEADER=FIELD` pairs on top of the built-in header names. */
export function headerMap(extra: string[] = []): Record<string, string> {
  const map: Record<string, string> = { ...HEADER_ALIASES };
  for (const m of extra) {
    const [h, f] = m.split('=');
    if (!h || !f) throw new Error(`--map ${m}: expected HEADER=FIELD`);
    map[headerKey(h)] = f.trim();
  }
  return map;
}

export async function* readBatch(path: string, opts: { format?: BatchFormat; map?: string[] } = {}): AsyncGenerator<BatchRow> {
  const map = headerMap(opts.map);
  if ((opts.format ?? formatOf(path)) === 'jsonl') yield* readJsonl(path, map);
  else yield* readCsv(path, map);
}

async function* readCsv(path: string, map: Record<string, string>): AsyncGenerator<BatchRow> {
  for await (const r of readCsvRows(path)) yield r.cells ? toRow(r.row, r.cells, map) : { row: r.row, error: `line ${r.line}: ${r.error}` };
}

async function* readJsonl(path: string, map: Record<string, string>): AsyncGenerator<BatchRow> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let row = 0;
  for await (const line of lines) {
    if (!line.trim()) continue;
    row++;
    if (line.includes('\uFFFD')) {
      yield { row, error: 'line is not valid UTF-8' };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      yield { row, error: `not valid JSON: ${(err as Error).message}` };
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { row, error: 'expected a JSON object' };
      continue;
    }
    const cells: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) cells[headerKey(k)] = typeof v === 'string' ? v : JSON.stringify(v);
    yield toRow(row, cells, map);
  }
}

/** Maps one row's cells to a query through the header map, then parses it. */
export function toRow(row: number, cells: Record<string, string>, map: Record<string, string>): BatchRow {
  const raw: Record<string, unknown> = {};
  const identifiers: Array<{ value: string }> = [];
  let id: string | undefined;
  for (const [key, value] of Object.entries(cells)) {
    const field = map[key];
    const v = value.trim();
    if (!field || !v) continue;
    if (field === 'id') id = v;
    else if (field === 'identifier') identifiers.push({ value: v });
    else if (field === 'schema') {
      const s = schemaFromText(v);
      if (!s) return { row, id, error: `${key}: unknown entity type "${v.slice(0, 40)}"` };
      raw.schema = s;
    } else if (field === 'countries') raw.countries = [...((raw.countries as string[]) ?? []), v];
    else raw[field] = v;
  }
  if (identifiers.length) raw.identifiers = identifiers;
  if (id !== undefined) raw.id = id;
  try {
    const { query, match } = toMatchQuery(raw);
    return { row, id, query, match };
  } catch (err) {
    return { row, id, error: (err as Error).message };
  }
}
