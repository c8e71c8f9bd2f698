import { readdir } from 'node:fs/promises';
import type { Entity } from '../model/entity.js';
import type { ParseMeta, Source, SourceFormat } from './types.js';
import { SourceError } from './types.js';

/**
 * Picks the format whose files are in `dir`. A folder holding some but not all files of a
 * format is incomplete; one holding none of any format is not this source's publication.
 */
export async function detectFormat(source: Source, dir: string): Promise<SourceFormat> {
  let present: string[];
  try {
    present = await readdir(dir);
  } catch {
    throw new SourceError(`folder ${dir} is missing or unreadable`, { source: source.id });
  }
  const has = (name: string) => present.some((p) => p.toLowerCase() === name.toLowerCase());
  for (const format of source.formats) {
    if (format.files.every((f) => f.optional || has(f.name))) return format;
  }
  const partial = source.formats.find((f) => f.files.some((file) => has(file.name)));
  if (partial) {
    const missing = partial.files.filter((f) => !f.optional && !has(f.name)).map((f) => f.name);
    throw new SourceError(
      `incomplete ${partial.label} publication: ${missing.join(', ')} missing (all of ${partial.files
        .filter((f) => !f.optional)
        .map((f) => f.name)
        .join(', ')} are required)`,
      { source: source.id, file: dir },
    );
  }
  const expected = source.formats.map((f) => f.files.filter((x) => !x.optional).map((x) => x.name).join(' + ')).join(' or ');
  throw new SourceError(`no ${source.title} publication found: expected ${expected}; found ${present.join(', ') || 'nothing'}`, {
    source: source.id,
    file: dir,
  });
}

/** Parses a whole publication into memory (lists are tens of MB at most). */
export async function parseAll(source: Source, dir: string): Promise<{ entities: Entity[]; meta: ParseMeta; format: SourceFormat }> {
  const format = await detectFormat(source, dir);
  const meta: ParseMeta = { records: 0, warnings: [] };
  const entities: Entity[] = [];
  const seen = new Set<string>();
  for await (const e of source.parse({ dir, format, meta })) {
    if (seen.has(e.id)) throw new SourceError(`duplicate record id ${e.id}`, { source: source.id, record: e.id });
    seen.add(e.id);
    entities.push(e);
  }
  if (entities.length === 0) throw new SourceError('publication holds no records', { source: source.id, file: dir });
  return { entities, meta, format };
}
