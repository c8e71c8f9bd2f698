import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileInfo } from '../store/types.js';
import type { Source, SourceFormat } from '../sources/types.js';
import { SourceError } from '../sources/types.js';

export interface FetchOptions {
  /** Per-request timeout. */
  timeoutMs?: number;
  retries?: number;
  /** Called with bytes received so far, for a progress display. */
  onBytes?: (n: number) => void;
}

/**
 * Downloads a source's publication into a fresh folder under `workDir`: every file of the
 * preferred format, each written to a temporary name and renamed only when complete, so an
 * interrupted download never leaves a partial file where a parser could read it.
 * `base` may be a mirror URL laid out as `<base>/<source id>/<file name>`.
 */
export async function downloadPublication(
  source: Source,
  workDir: string,
  opts: FetchOptions & { base?: string } = {},
): Promise<{ dir: string; format: SourceFormat }> {
  await mkdir(workDir, { recursive: true });
  const dir = await mkdtemp(join(workDir, `${source.id}-`));
  const format = source.formats[0];
  try {
    for (const file of format.files) {
      const url = opts.base ? `${opts.base.replace(/\/+$/, '')}/${source.id}/${file.name}` : file.url;
      const body = await fetchWithRetry(url, opts, file.optional);
      if (!body) continue;
      const tmp = join(dir, `.${file.name}.part`);
      await writeFile(tmp, body);
      await rename(tmp, join(dir, file.name));
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, format };
}

async function fetchWithRetry(url: string, opts: FetchOptions, optional = false): Promise<Buffer | undefined> {
  const retries = opts.retries ?? 3;
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(1000 * 2 ** (attempt - 1));
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000), redirect: 'follow' });
      if (res.status === 404 && optional) return undefined;
      if (!res.ok) {
        lastError = new SourceError(`download failed: HTTP ${res.status} ${res.statusText}`, { file: url });
        if (res.status < 500 && res.status !== 429) break; // a client error will not fix itself
        continue;
      }
      const expected = Number(res.headers.get('content-length') ?? NaN);
      const body = Buffer.from(await res.arrayBuffer());
      if (Number.isFinite(expected) && body.length !== expected) {
        lastError = new SourceError(`download truncated: ${body.length} of ${expected} bytes`, { file: url });
        continue;
      }
      opts.onBytes?.(body.length);
      return body;
    } catch (err) {
      lastError = err instanceof SourceError ? err : new SourceError(`download failed: ${(err as Error).message}`, { file: url });
    }
  }
  throw lastError;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Name, size and sha256 of each file of a publication, as the version record keeps them. */
export async function describeFiles(dir: string, format: SourceFormat): Promise<FileInfo[]> {
  const out: FileInfo[] = [];
  for (const f of format.files) {
    const path = join(dir, f.name);
    try {
      await stat(path);
    } catch {
      continue; // an optional file that is not there
    }
    const buf = await readFile(path);
    out.push({ name: f.name, size: buf.length, sha256: createHash('sha256').update(buf).digest('hex') });
  }
  return out;
}
