import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceId } from '../model/sources.js';
import { SOURCE_IDS } from '../model/sources.js';
import { getSource } from '../sources/index.js';
import { parseAll } from '../sources/run.js';
import type { Store, VersionInfo } from '../store/types.js';
import { describeFiles, downloadPublication } from './fetch.js';

export interface UpdateOptions {
  /** A local folder `<dir>/<source id>/...` or a mirror URL with the same layout; default: official URLs. */
  from?: string;
  sources?: readonly SourceId[];
  /** Where downloads are staged (inside the data folder). */
  workDir: string;
  force?: boolean;
  onEvent?: (e: UpdateEvent) => void;
}

export type UpdateEvent =
  | { type: 'start'; source: SourceId }
  | { type: 'parsed'; source: SourceId; records: number }
  | { type: 'done'; result: UpdateResult };

export interface UpdateResult {
  source: SourceId;
  ok: boolean;
  /** The current version after the update (the new one, or the untouched previous one on failure). */
  version?: VersionInfo;
  created: boolean;
  error?: string;
  ms: number;
}

/**
 * Updates each source independently: acquire its files, parse them completely, then save
 * the new version in one transaction. Any failure before the save leaves that source's
 * current version as it was; the other sources still update.
 */
export async function updateSources(store: Store, opts: UpdateOptions): Promise<UpdateResult[]> {
  const results: UpdateResult[] = [];
  for (const id of opts.sources ?? SOURCE_IDS) {
    opts.onEvent?.({ type: 'start', source: id });
    const result = await updateOne(store, id, opts);
    results.push(result);
    opts.onEvent?.({ type: 'done', result });
  }
  return results;
}

async function updateOne(store: Store, id: SourceId, opts: UpdateOptions): Promise<UpdateResult> {
  const started = Date.now();
  const source = getSource(id);
  const retrievedAt = new Date().toISOString();
  let downloaded: string | undefined;
  try {
    const local = opts.from && !/^https?:\/\//i.test(opts.from);
    let dir: string;
    let origin: string;
    if (local) {
      dir = join(opts.from!, id);
      origin = dir;
    } else {
      const got = await downloadPublication(source, opts.workDir, { base: opts.from });
      dir = downloaded = got.dir;
      origin = opts.from ? `${opts.from.replace(/\/+$/, '')}/${id}/` : got.format.files.map((f) => f.url).join(' ');
    }
    const { entities, meta, format } = await parseAll(source, dir);
    opts.onEvent?.({ type: 'parsed', source: id, records: entities.length });
    const files = await describeFiles(dir, format);
    const saved = await store.saveVersion({
      source: id,
      publishedAt: meta.publishedAt,
      retrievedAt,
      format: format.id,
      origin,
      files,
      entities,
      warnings: meta.warnings,
      force: opts.force,
    });
    return { source: id, ok: true, version: saved.version, created: saved.created, ms: Date.now() - started };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await store.logFailure(id, retrievedAt, error);
    const version = (await store.currentVersions()).find((v) => v.source === id);
    return { source: id, ok: false, version, created: false, error, ms: Date.now() - started };
  } finally {
    if (downloaded) await rm(downloaded, { recursive: true, force: true });
  }
}
