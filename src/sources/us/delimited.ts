import { parse, CsvError, type Info } from 'csv-parse/sync';
import { SourceError } from '../types.js';

/** One data row of a delimited file, by column name, with the line it starts on. */
export interface DelimitedRow {
  line: number;
  values: Record<string, string>;
}

export interface DelimitedFile {
  header: string[];
  /** Columns present in the file that the parser does not know (kept by the caller as remarks). */
  unknownColumns: string[];
  rows: DelimitedRow[];
}

/**
 * Parses a CSV / TSV publication with a header row. Quoting errors and rows whose column
 * count differs from the header's are SourceErrors naming the line; a header lacking one of
 * the `required` columns means the file is not the expected publication.
 */
export function readDelimited(
  text: string,
  opts: { file: string; delimiter: string; required: readonly string[]; expected: string },
): DelimitedFile {
  // The header is checked before the body, so another publisher's file is named as such
  // rather than as malformed data further down.
  checkHeader(text, opts);
  let records: Array<{ record: string[]; info: Info }>;
  try {
    records = parse(text, {
      delimiter: opts.delimiter,
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }) as unknown as Array<{ record: string[]; info: Info }>;
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw new SourceError(`malformed ${opts.delimiter === '\t' ? 'tab-separated' : 'CSV'} data: ${err.message}`, { file: opts.file, line });
    }
    throw err;
  }
  if (records.length === 0) throw new SourceError('file holds no header row', { file: opts.file });
  const header = records[0].record.map((h) => h.trim());
  const known = new Set(opts.required);
  const rows: DelimitedRow[] = [];
  let previousEnd = records[0].info.lines;
  for (const { record, info } of records.slice(1)) {
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = record[i] ?? ''));
    // info.lines is the line the record ends on; a record starts on the line after the previous one.
    rows.push({ line: previousEnd + 1, values });
    previousEnd = info.lines;
  }
  return { header, unknownColumns: header.filter((h) => !known.has(h)), rows };
}

function checkHeader(text: string, opts: { file: string; delimiter: string; required: readonly string[]; expected: string }): void {
  const end = text.indexOf('\n');
  const firstLine = (end < 0 ? text : text.slice(0, end)).replace(/^\uFEFF/, '').replace(/\r$/, '');
  let header: string[] = [];
  try {
    header = ((parse(firstLine, { delimiter: opts.delimiter }) as string[][])[0] ?? []).map((h) => h.trim());
  } catch {
    // An unparseable first line is simply not the expected header.
  }
  const missing = opts.required.filter((c) => !header.includes(c));
  if (missing.length) {
    const found = header.length ? header.slice(0, 12).join(', ') : JSON.stringify(firstLine.slice(0, 80));
    throw new SourceError(`not ${opts.expected}: the header lacks ${missing.join(', ')} (found: ${found})`, { file: opts.file, line: 1 });
  }
}
