import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse, type CsvError } from 'csv-parse';
import { headerKey } from './input.js';

/**
 * Reading a user's CSV file (a batch to screen, pairs to compare) row by row, so that one bad
 * row never costs the rows around it. csv-parse does the parsing; this module decides where
 * to go on after a row it cannot read.
 */

/** One data row of a CSV file: its cells under their header keys, or why it cannot be read. */
export interface CsvRow {
  /** 1-based data row number (the header is row 0); an unreadable record takes a number too. */
  row: number;
  /** The line of the file the row ends on (1-based); for an unreadable row, the line it breaks on. */
  line: number;
  /** Cells by header key (see headerKey); absent when the row has an error. */
  cells?: Record<string, string>;
  error?: string;
}

/**
 * Errors after which csv-parse no longer knows where fields begin. A stray quote in a quoted
 * field ("Bad "quote" here) or a quote never closed leaves it reading on as if inside a
 * quoted field, so the rows after it would come out garbled or not at all. After one of
 * these the reader starts a new parse on the line after the broken row.
 */
const DESYNCING = new Set(['CSV_INVALID_CLOSING_QUOTE', 'CSV_QUOTE_NOT_CLOSED', 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE', 'CSV_MAX_RECORD_SIZE']);

const utf8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** A place in the file: its byte offset and the 1-based line it is on. */
interface FilePoint {
  byte: number;
  line: number;
}

/**
 * Reads a CSV file with a header row, one data row at a time in file order. A row the parser
 * cannot read (broken quoting, say) or a cell that is not valid UTF-8 becomes a row with an
 * `error`, and reading goes on with the next row; after broken quoting, with the next line.
 * `onHeader` sees the header keys before the first row and may throw to refuse the file. A
 * file that cannot be opened or has no header row is an error of the whole read.
 */
export async function* readCsvRows(path: string, opts: { onHeader?: (keys: string[]) => void } = {}): AsyncGenerator<CsvRow> {
  let header: string[] | undefined;
  let row = 0;
  let from: FilePoint | undefined = { byte: 0, line: 1 };
  while (from) {
    const start: FilePoint = from;
    from = undefined;
    for await (const piece of parsePiece(path, start)) {
      if ('record' in piece) {
        if (!header) {
          header = piece.record.map((b) => headerKey(b.toString('utf8')));
          opts.onHeader?.(header);
        } else yield cellsOf(piece.record, header, ++row, piece.line);
        continue;
      }
      let { line, reason } = piece;
      if (piece.broken) {
        const broken = await lineAround(path, piece.broken);
        line = broken.line;
        from = broken.next;
        // A quote never closed reads on until the record-size limit; say what the user can fix.
        if (piece.code === 'CSV_MAX_RECORD_SIZE' && broken.quoted) reason = `a quote opened on this line is not closed (${reason})`;
      }
      if (!header) throw new Error(`${path}: the header row (line ${line}) is unreadable: ${reason}`);
      if (from) reason += `; reading goes on at line ${from.line}`;
      yield { row: ++row, line, error: `unreadable CSV row: ${reason}` };
    }
  }
  if (!header) throw new Error(`${path}: no header row`);
}

function cellsOf(record: Buffer[], header: string[], row: number, line: number): CsvRow {
  const cells: Record<string, string> = {};
  for (let i = 0; i < record.length; i++) {
    const key = header[i] ?? `column_${i + 1}`;
    try {
      cells[key] = utf8.decode(record[i]);
    } catch {
      return { row, line, error: `column "${header[i] ?? i + 1}" is not valid UTF-8` };
    }
  }
  return { row, line, cells };
}

/**
 * What one parse yields, in file order: a record with the line it ends on, or a record it
 * skipped with the line of the error. A desyncing error is the last piece, and `broken`
 * is a place inside the broken row.
 */
type Piece = { record: Buffer[]; line: number } | { code: string; reason: string; line: number; broken?: FilePoint };

/** Parses the file from `start` until its end or its first desyncing error. */
async function* parsePiece(path: string, start: FilePoint): AsyncGenerator<Piece> {
  const bom = start.byte === 0 ? await bomLength(path) : 0;
  // Line numbers come from the bytes themselves: csv-parse counts a CRLF inside a quoted
  // field as two lines, and its counts start again with each parse.
  const feeds = new LineFeeds();
  const lineAt = (offset: number) => start.line + feeds.before(offset);
  // Records the parser skips, with the count of records it had read before each: the parser
  // runs ahead of the loop below, which places each skip between the records around it.
  const skipped: Array<{ before: number; parserLine: number; code: string; reason: string; at: number; desyncs: boolean }> = [];
  let stopped = false;
  // Fields come as bytes (encoding: null) so that invalid UTF-8 is caught per row, not replaced silently.
  // No `bom` option: on finding a byte-order mark csv-parse switches to decoding text, so the
  // mark is skipped by starting the read after it.
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
      const e = err as (CsvError & { lines?: number; records?: number; bytes?: number }) | undefined;
      if (!e || stopped) return;
      // csv-parse names the field's value as a JSON dump of its bytes, and its line counts
      // from where this parse started: the row's own line is given beside the reason.
      const reason = e.message
        .replace(/, value is \{"type":"Buffer".*$/s, '')
        .replace(/ (at|on) line \d+/g, '')
        .replace(/on field (\d+)/, (_, i: string) => `in column ${Number(i) + 1}`);
      const desyncs = DESYNCING.has(e.code);
      // The last field delimiter read before the error, or the start of the row.
      const at = e.bytes ?? 0;
      const last = skipped.at(-1);
      // One row may raise several errors; it is reported once.
      if (last && last.parserLine === e.lines && last.before === e.records) last.desyncs ||= desyncs;
      else skipped.push({ before: e.records ?? 0, parserLine: e.lines ?? 0, code: e.code, reason, at, desyncs });
      if (!desyncs) return;
      // Nothing after this error can be trusted: stop reading; the parse ends with the bytes it has.
      stopped = true;
      input.unpipe(parser);
      input.destroy();
      parser.end();
    },
  });
  const input = createReadStream(path, { start: start.byte + bom });
  // Registered before pipe(), so the parser never sees bytes whose line feeds are not counted.
  input.on('data', (chunk) => feeds.add(chunk as Buffer));
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  const asPiece = (s: (typeof skipped)[number]): Piece => {
    const line = lineAt(s.at);
    return { code: s.code, reason: s.reason, line, broken: s.desyncs ? { byte: start.byte + bom + s.at, line } : undefined };
  };
  const records = parser as AsyncIterable<{ record: Buffer[]; info: { records: number; bytes: number } }>;
  try {
    for await (const { record, info } of records) {
      while (skipped.length && skipped[0].before < info.records) {
        const s = skipped.shift()!;
        yield asPiece(s);
        if (s.desyncs) return;
      }
      // `bytes` is where the record ends, after its line break: the line is the one that break ends.
      yield { record, line: lineAt(info.bytes - 1) };
    }
    for (const s of skipped) {
      yield asPiece(s);
      if (s.desyncs) return;
    }
  } catch (err) {
    throw namingFile(err, path);
  } finally {
    // The caller may stop early (a refused header, say): the file is closed either way.
    input.destroy();
  }
}

/** The offsets of the line feeds in the bytes read so far, to turn a byte offset into a line. */
class LineFeeds {
  private feeds: number[] = [];
  private next = 0;
  private passed = 0;
  private read = 0;

  add(chunk: Buffer): void {
    for (let i = chunk.indexOf(NL); i !== -1; i = chunk.indexOf(NL, i + 1)) this.feeds.push(this.read + i);
    this.read += chunk.length;
  }

  /** How many line feeds come before `offset`; the offsets asked about never go back. */
  before(offset: number): number {
    while (this.next < this.feeds.length && this.feeds[this.next] < offset) {
      this.next++;
      this.passed++;
    }
    if (this.next > 65_536) {
      this.feeds = this.feeds.slice(this.next);
      this.next = 0;
    }
    return this.passed;
  }
}

/**
 * The line a broken row breaks on (the one holding `at`, or the first non-blank line after
 * it), whether it holds a quote from `at` on, and where the next line starts, if there is one.
 */
async function lineAround(path: string, at: FilePoint): Promise<{ line: number; quoted: boolean; next?: FilePoint }> {
  const file = await open(path).catch((err) => Promise.reject(namingFile(err, path)));
  try {
    const buf = Buffer.alloc(64 * 1024);
    let line = at.line;
    let offset = at.byte;
    let blank = true; // still passing the line breaks before the row
    let quoted = false;
    for (;;) {
      const { bytesRead } = await file.read(buf, 0, buf.length, offset);
      if (bytesRead === 0) return { line, quoted };
      for (let i = 0; i < bytesRead; i++, offset++) {
        const c = buf[i];
        if (c === NL) {
          if (!blank) return { line, quoted, next: { byte: offset + 1, line: line + 1 } };
          line++;
        } else if (c !== CR) {
          blank = false;
          if (c === QUOTE) quoted = true;
        }
      }
    }
  } finally {
    await file.close();
  }
}

async function bomLength(path: string): Promise<number> {
  try {
    const file = await open(path);
    try {
      const head = Buffer.alloc(UTF8_BOM.length);
      const { bytesRead } = await file.read(head, 0, head.length, 0);
      return bytesRead === head.length && head.equals(UTF8_BOM) ? head.length : 0;
    } finally {
      await file.close();
    }
  } catch (err) {
    throw namingFile(err, path);
  }
}

/** Node names the file in some of its errors (ENOENT) but not in others (EISDIR). */
function namingFile(err: unknown, path: string): unknown {
  return err instanceof Error && !err.message.includes(path) ? new Error(`${path}: ${err.message}`, { cause: err }) : err;
}
