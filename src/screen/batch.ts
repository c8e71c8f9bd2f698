import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { HEADER_ALIASES, headerKey, MAX_NAME_LENGTH, schemaFromText, toMatchQuery, type ScreenQuery } from './input.js';
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

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function* readBatch(path: string, opts: { format?: BatchFormat; map?: string[] } = {}): AsyncGenerator<BatchRow> {
  const map = headerMap(opts.map);
  if ((opts.format ?? formatOf(path)) === 'jsonl') yield* readJsonl(path, map);
  else yield* readCsv(path, map);
}

async function* readCsv(path: string, map: Record<string, string>): AsyncGenerator<BatchRow> {
  for await (const r of readCsvRows(path)) yield r.cells ? toRow(r.row, r.cells, map) : { row: r.row, error: r.error };
}

/** One data row of a CSV file: its cells under their header keys, or why it cannot be read. */
export interface CsvRow {
  /** 1-based data row number (the header is row 0); an unreadable record takes a number too. */
  row: number;
  /** The line of the file the row ends on (1-based). */
  line: number;
  /** Cells by header key (see headerKey); absent when the row has an error. */
  cells?: Record<string, string>;
  error?: string;
}

/**
 * Reads a CSV file with a header row, one data row at a time in file order. A row the parser
 * cannot read (broken quoting, say) or a cell that is not valid UTF-8 becomes a row with an
 * `error`, and reading goes on where the parser recovers. `onHeader` sees the header keys
 * before the first row and may throw to refuse the file. A file that cannot be opened or has
 * no header row is an error of the whole read.
 */
export async function* readCsvRows(path: string, opts: { onHeader?: (keys: string[]) => void } = {}): AsyncGenerator<CsvRow> {
  // Records the parser skips, with the count of records it had read before each.
  const skipped: Array<{ before: number; line: number; reason: string }> = [];
  let lastSkippedLine = -1;
  // Fields come as bytes (encoding: null) so that invalid UTF-8 is caught per row, not replaced silently.
  // No `bom` option: on finding a byte-order mark csv-parse switches to decoding text, so the
  // mark is taken off the bytes before they reach it (withoutBom).
  const parser = parse({
    encoding: null as unknown as BufferEncoding,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Long rows reach the caller's own field-length checks and get a clear per-row error; this
    // limit only stops a file with no line breaks at all from being read into memory whole.
    max_record_size: 16 * 1024 * 1024,
    on_skip: (err) => {
      const e = err as (Error & { lines?: number; records?: number }) | undefined;
      const line = e?.lines ?? 0;
      // csv-parse names the field's value as a JSON dump of its bytes: not useful to a reader.
      if (e && line !== lastSkippedLine) skipped.push({ before: e.records ?? 0, line, reason: e.message.replace(/, value is \{"type":"Buffer".*$/s, '') });
      lastSkippedLine = line;
    },
  });
  // pipeline() ends the parse with the file's errors (a missing file, say), so the loop below
  // throws them; they are also passed here, where there is nothing more to do with them.
  const input = createReadStream(path);
  pipeline(input, withoutBom(), parser, () => {});
  let header: string[] | undefined;
  let row = 0;
  // The parser runs ahead of this loop, so a skipped record is placed by the count of records
  // read before it; it takes the next data-row number, one number per record in the file.
  const flushSkipped = function* (upTo: number): Generator<CsvRow> {
    while (skipped.length && skipped[0].before < upTo) {
      const s = skipped.shift()!;
      if (!header) throw new Error(`${path}: the header row (line ${s.line}) is unreadable: ${s.reason}`);
      yield { row: ++row, line: s.line, error: `unreadable CSV row: ${s.reason}` };
    }
  };
  const records = (async function* () {
    try {
      yield* parser as AsyncIterable<{ record: Buffer[]; info: { lines: number; records: number } }>;
    } catch (err) {
      // The file's own errors name it (a directory, say, is not named by Node's message).
      if (err === input.errored && err instanceof Error && !err.message.includes(path)) throw new Error(`${path}: ${err.message}`, { cause: err });
      throw err;
    }
  })();
  for await (const { record, info } of records) {
    yield* flushSkipped(info.records);
    if (!header) {
      header = record.map((b) => headerKey(b.toString('utf8')));
      opts.onHeader?.(header);
      continue;
    }
    row++;
    const cells: Record<string, string> = {};
    let bad: string | undefined;
    record.forEach((b, i) => {
      try {
        cells[header![i] ?? `column_${i + 1}`] = utf8.decode(b);
      } catch {
        bad ??= `column "${header![i] ?? i + 1}" is not valid UTF-8`;
      }
    });
    yield bad ? { row, line: info.lines, error: bad } : { row, line: info.lines, cells };
  }
  yield* flushSkipped(Infinity);
  if (!header) throw new Error(`${path}: no header row`);
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Passes bytes through, less a UTF-8 byte-order mark at the start. */
function withoutBom(): Transform {
  let head: Buffer | undefined = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!head) return done(null, chunk);
      head = Buffer.concat([head, chunk]);
      if (head.length < UTF8_BOM.length) return done();
      const rest = head.subarray(0, UTF8_BOM.length).equals(UTF8_BOM) ? head.subarray(UTF8_BOM.length) : head;
      head = undefined;
      done(null, rest);
    },
    flush(done) {
      done(null, head?.length ? head : undefined);
    },
  });
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
