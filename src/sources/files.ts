import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceError } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a publication file as text, refusing empty files and invalid UTF-8 with the byte
 * offset of the first bad sequence, so garbage never reaches a parser as plausible text.
 * OFAC's legacy files end in a DOS end-of-file byte (0x1A); it is dropped here.
 */
export async function readText(dir: string, name: string, encoding: 'utf-8' | 'latin1' = 'utf-8'): Promise<string> {
  const buf = await readBytes(dir, name);
  let text: string;
  if (encoding === 'latin1') {
    text = buf.toString('latin1');
  } else {
    try {
      text = utf8.decode(buf);
    } catch {
      throw new SourceError('not valid UTF-8 text', { file: name, offset: firstInvalidUtf8(buf) });
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\x1a+\s*$/, '');
  if (!text.trim()) throw new SourceError('file is empty', { file: name });
  return text;
}

/** Reads a file's bytes; a missing or empty file is a SourceError naming it. */
export async function readBytes(dir: string, name: string): Promise<Buffer> {
  const path = join(dir, name);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new SourceError('file is missing', { file: name });
  }
  if (size === 0) throw new SourceError('file is empty', { file: name });
  return readFile(path);
}

/** Byte offset of the first invalid UTF-8 sequence (the decoder does not say where). */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > buf.length) return i;
    for (let k = 1; k < len; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return -1;
}

/** Line number (1-based) of a character offset in a text, for error messages. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
