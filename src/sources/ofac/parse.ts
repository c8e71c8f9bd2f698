import type { Entity } from '../../model/entity.js';
import type { ParseContext, SourceFormat } from '../types.js';
import { SourceError } from '../types.js';
import type { CsvSetFiles } from './csv.js';
import { readCsvSet } from './csv.js';
import { parseAdvancedXml } from './advanced.js';
import { buildEntities } from './entity.js';
import { readLegacyXml } from './legacy_xml.js';
import type { OfacSourceId } from './listing.js';

const EXPORTS = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports';

/** OFAC's legacy CSV set as a SourceFormat: our file names, OFAC's (upper-case) URLs. */
export function csvFormat(files: CsvSetFiles, label: string): SourceFormat {
  return {
    id: 'csv',
    label,
    files: [files.main, files.addresses, files.aliases, files.comments].map((name) => ({ name, url: `${EXPORTS}/${name.toUpperCase()}` })),
  };
}

export function legacyXmlFormat(name: string, label: string): SourceFormat {
  return { id: 'legacy_xml', label, files: [{ name, url: `${EXPORTS}/${name.toUpperCase()}` }] };
}

/**
 * Parses whichever format detectFormat picked. The legacy CSV and XML readers produce the same
 * OfacRecords and share one entity builder; the advanced XML reader has its own module.
 */
export async function* parseOfac(ctx: ParseContext, source: OfacSourceId, csvFiles: CsvSetFiles): AsyncIterable<Entity> {
  if (ctx.format.id === 'advanced_xml') {
    yield* parseAdvancedXml(ctx, source);
    return;
  }
  let records;
  if (ctx.format.id === 'csv') records = await readCsvSet(ctx, csvFiles);
  else if (ctx.format.id === 'legacy_xml') records = await readLegacyXml(ctx, ctx.format.files[0].name);
  else throw new SourceError(`format ${ctx.format.id} is not an OFAC format`, { source });
  yield* buildEntities(records, source, ctx);
}
