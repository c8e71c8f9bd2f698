import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createInflateRaw, crc32 } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { readBytes } from '../files.js';
import { SourceError } from '../types.js';

/**
 * A minimal streaming reader for the first worksheet of an .xlsx workbook.
 *
 * Why not exceljs: its streaming WorkbookReader reads the ZIP through unzipper 0.10, which
 * fails on OFSI's ConList.xlsx ("invalid signature: 0x8074b50": the entries carry both sizes
 * and a data descriptor), and its non-streaming reader builds the whole sheet in memory
 * (~200 MB for this 2 MB file). Here the ZIP's central directory gives each entry's exact
 * place and size, each entry is inflated as a stream, its CRC checked, and the sheet XML is
 * parsed with saxes one chunk at a time, so memory holds the compressed file, the shared
 * strings and a few hundred rows at most.
 */

export interface SheetRow {
  /** 1-based row number as the sheet states it. */
  number: number;
  /** Cell texts by 0-based column index; missing cells are undefined. */
  cells: (string | undefined)[];
}

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;

/** Streams the rows of the workbook's first sheet, in sheet order. */
export async function* readFirstSheet(dir: string, file: string): AsyncGenerator<SheetRow> {
  const zip = await openZip(dir, file);
  const sheetPath = await firstSheetPath(zip);
  const hasShared = zip.has('xl/sharedStrings.xml');
  // Integrity before interpretation: a damaged part is reported as damaged (by its CRC), not
  // as whatever XML error its garbled text happens to cause first. Inflating twice costs
  // tens of milliseconds.
  await zip.verify(sheetPath);
  if (hasShared) await zip.verify('xl/sharedStrings.xml');
  const shared = hasShared ? await readSharedStrings(zip) : [];
  yield* readSheetRows(zip, sheetPath, shared);
}

class Zip {
  constructor(
    readonly file: string,
    private readonly buf: Buffer,
    private readonly entries: Map<string, ZipEntry>,
  ) {}

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry's uncompressed bytes, chunk by chunk; the CRC and size are checked at the end. */
  async *chunks(name: string): AsyncGenerator<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw new SourceError(`workbook part ${name} is missing`, { file: this.file });
    const start = this.dataStart(entry);
    const end = start + entry.compressedSize;
    if (end > this.buf.length) throw new SourceError(`workbook part ${name} runs past the end of the file (truncated?)`, { file: this.file, offset: start });
    const raw = this.buf.subarray(start, end);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new SourceError(`workbook part ${name} uses unsupported compression method ${entry.method}`, { file: this.file, offset: entry.localHeaderOffset });
    }
    const source = Readable.from([raw], { objectMode: false });
    // 256 KB output chunks: the default 16 KB makes a thousand stream round-trips for the sheet.
    const stream = entry.method === 8 ? source.pipe(createInflateRaw({ chunkSize: 256 * 1024 })) : source;
    let crc = 0;
    let size = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        yield chunk;
      }
    } catch (err) {
      if (err instanceof SourceError) throw err;
      throw new SourceError(`workbook part ${name} is corrupt: ${(err as Error).message}`, { file: this.file, offset: start });
    }
    if (size !== entry.size || crc >>> 0 !== entry.crc) {
      throw new SourceError(`workbook part ${name} is corrupt (size or CRC does not match the ZIP directory)`, { file: this.file, offset: start });
    }
  }

  /** Inflates the entry without keeping it, to check its size and CRC. */
  async verify(name: string): Promise<void> {
    for await (const chunk of this.chunks(name)) void chunk;
  }

  async text(name: string): Promise<string> {
    const parts: Buffer[] = [];
    for await (const c of this.chunks(name)) parts.push(c);
    return decodeUtf8(Buffer.concat(parts), this.file, name);
  }

  private dataStart(entry: ZipEntry): number {
    const at = entry.localHeaderOffset;
    if (at + 30 > this.buf.length || this.buf.readUInt32LE(at) !== SIG_LOCAL) {
      throw new SourceError(`ZIP local header of ${entry.name} is missing or damaged`, { file: this.file, offset: at });
    }
    return at + 30 + this.buf.readUInt16LE(at + 26) + this.buf.readUInt16LE(at + 28);
  }
}

async function openZip(dir: string, file: string): Promise<Zip> {
  const buf = await readBytes(dir, file);
  if (buf.length < 22 || buf.readUInt32LE(0) !== SIG_LOCAL) {
    throw new SourceError('not an .xlsx workbook (no ZIP signature at the start)', { file, offset: 0 });
  }
  const endAt = findEndOfCentralDirectory(buf);
  if (endAt < 0) throw new SourceError('ZIP end-of-directory record not found: the workbook is truncated or damaged', { file, offset: buf.length });
  const count = buf.readUInt16LE(endAt + 10);
  const dirSize = buf.readUInt32LE(endAt + 12);
  const dirOffset = buf.readUInt32LE(endAt + 16);
  if (dirOffset === 0xffffffff || count === 0xffff) throw new SourceError('ZIP64 workbooks are not supported', { file, offset: endAt });
  if (dirOffset + dirSize > endAt) throw new SourceError('ZIP central directory lies outside the file (truncated?)', { file, offset: dirOffset });
  const entries = new Map<string, ZipEntry>();
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== SIG_CENTRAL) {
      throw new SourceError(`ZIP central directory entry ${i + 1} of ${count} is damaged`, { file, offset: at });
    }
    const nameLength = buf.readUInt16LE(at + 28);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, {
      name,
      method: buf.readUInt16LE(at + 10),
      crc: buf.readUInt32LE(at + 16),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localHeaderOffset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return new Zip(file, buf, entries);
}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= lowest; i--) {
    if (buf.readUInt32LE(i) === SIG_END && i + 22 + buf.readUInt16LE(i + 20) === buf.length) return i;
  }
  return -1;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Buffer, file: string, part: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new SourceError(`workbook part ${part} is not valid UTF-8`, { file });
  }
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** The path of the first sheet listed in the workbook, through its relationship id. */
async function firstSheetPath(zip: Zip): Promise<string> {
  let relId: string | undefined;
  parseSmallXml(zip, 'xl/workbook.xml', await zip.text('xl/workbook.xml'), (tag, attrs) => {
    if (tag === 'sheet' && relId === undefined) relId = attrs['r:id'] ?? Object.entries(attrs).find(([k]) => localName(k) === 'id')?.[1];
  });
  if (!relId) throw new SourceError('the workbook lists no sheet', { file: zip.file });
  let target: string | undefined;
  parseSmallXml(zip, 'xl/_rels/workbook.xml.rels', await zip.text('xl/_rels/workbook.xml.rels'), (tag, attrs) => {
    if (tag === 'Relationship' && attrs.Id === relId) target = attrs.Target;
  });
  if (!target) throw new SourceError(`the workbook's first sheet (${relId}) has no relationship target`, { file: zip.file });
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

function parseSmallXml(zip: Zip, part: string, xml: string, onTag: (tag: string, attrs: Record<string, string>) => void): void {
  const parser = new SaxesParser();
  parser.on('error', (err) => {
    throw new SourceError(`workbook part ${part} is not well-formed XML: ${err.message}`, { file: zip.file });
  });
  parser.on('opentag', (tag) => onTag(localName(tag.name), tag.attributes as Record<string, string>));
  parser.write(xml).close();
}

/** Shared strings: the text of each <si>, rich-text runs joined, phonetic runs (<rPh>) left out. */
async function readSharedStrings(zip: Zip): Promise<string[]> {
  const part = 'xl/sharedStrings.xml';
  const out: string[] = [];
  let current: string[] | undefined;
  let inText = false;
  let inPhonetic = false;
  const parser = xmlStream(zip, part);
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 'si') current = [];
    else if (name === 'rPh') inPhonetic = true;
    else if (name === 't' && !inPhonetic) inText = true;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 'si') {
      out.push((current ?? []).join(''));
      current = undefined;
    } else if (name === 'rPh') inPhonetic = false;
    else if (name === 't') inText = false;
  });
  const onText = (text: string) => {
    if (inText && current) current.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  await feed(zip, part, parser);
  return out;
}

function xmlStream(zip: Zip, part: string): SaxesParser {
  const parser = new SaxesParser();
  parser.on('error', (err) => {
    throw new SourceError(`workbook part ${part} is not well-formed XML: ${err.message}`, { file: zip.file, record: `${part} line ${parser.line}` });
  });
  return parser;
}

async function feed(zip: Zip, part: string, parser: SaxesParser): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of zip.chunks(part)) parser.write(decodeChunk(decoder, chunk, zip.file, part));
  parser.write(decodeChunk(decoder, undefined, zip.file, part)).close();
}

function decodeChunk(decoder: TextDecoder, chunk: Buffer | undefined, file: string, part: string): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch {
    throw new SourceError(`workbook part ${part} is not valid UTF-8`, { file });
  }
}

/** "AB12" -> 27 (0-based column of the reference). */
function columnIndex(ref: string): number | undefined {
  const m = /^([A-Z]{1,3})\d*$/.exec(ref);
  if (!m) return undefined;
  let n = 0;
  for (const ch of m[1]) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

async function* readSheetRows(zip: Zip, part: string, shared: string[]): AsyncGenerator<SheetRow> {
  const ready: SheetRow[] = [];
  let row: SheetRow | undefined;
  let lastRow = 0;
  let col = -1;
  let cellType = '';
  let inValue = false;
  let inInlineText = false;
  let text: string[] = [];
  const parser = xmlStream(zip, part);
  const fail = (message: string) => {
    throw new SourceError(message, { file: zip.file, record: row ? `row ${row.number}` : `${part} line ${parser.line}` });
  };

  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    const attrs = tag.attributes as Record<string, string>;
    if (name === 'row') {
      const number = attrs.r ? Number(attrs.r) : lastRow + 1;
      if (!Number.isInteger(number) || number <= lastRow) fail(`row number ${attrs.r} is out of order`);
      row = { number, cells: [] };
      lastRow = number;
      col = -1;
    } else if (name === 'c') {
      if (!row) fail('a cell outside any row');
      const index = attrs.r ? columnIndex(attrs.r) : col + 1;
      if (index === undefined) fail(`cell reference ${attrs.r} is not valid`);
      col = index!;
      cellType = attrs.t ?? 'n';
      text = [];
    } else if (name === 'v') inValue = true;
    else if (name === 't' && cellType === 'inlineStr') inInlineText = true;
  });
  const onText = (t: string) => {
    if (inValue || inInlineText) text.push(t);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 'v') inValue = false;
    else if (name === 't') inInlineText = false;
    else if (name === 'c' && row) {
      const value = cellValue(cellType, text.join(''), shared, fail);
      if (value !== undefined && value !== '') row.cells[col] = value;
    } else if (name === 'row' && row) {
      ready.push(row);
      row = undefined;
    }
  });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of zip.chunks(part)) {
    parser.write(decodeChunk(decoder, chunk, zip.file, part));
    yield* ready.splice(0);
  }
  parser.write(decodeChunk(decoder, undefined, zip.file, part)).close();
  yield* ready.splice(0);
}

function cellValue(type: string, raw: string, shared: string[], fail: (m: string) => void): string | undefined {
  switch (type) {
    case 's': {
      if (raw === '') return undefined;
      const i = Number(raw);
      if (!Number.isInteger(i) || i < 0 || i >= shared.length) fail(`shared string index ${raw} does not exist (${shared.length} strings)`);
      return shared[i];
    }
    case 'b':
      return raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
    default:
      // Numbers, inline and formula strings, ISO dates and error values are kept as written.
      return raw;
  }
}
