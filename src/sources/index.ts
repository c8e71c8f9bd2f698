import type { Entity } from '../model/entity.js';
import type { SourceId } from '../model/sources.js';
import { SOURCE_IDS } from '../model/sources.js';
import { source as usOfacSdn } from './us_ofac_sdn.js';
import { source as usOfacCons } from './us_ofac_cons.js';
import { source as usCsl } from './us_csl.js';
import { source as usBisDpl } from './us_bis_dpl.js';
import { source as unSc } from './un_sc.js';
import { source as ukOfsi } from './uk_ofsi.js';
import { source as caSema } from './ca_sema.js';
import { join } from 'node:path';
import { parseAll } from './run.js';
import type { Source } from './types.js';

/** Every source Clearance reads, by id, in the order updates run. */
export const SOURCES: Record<SourceId, Source> = {
  us_ofac_sdn: usOfacSdn,
  us_ofac_cons: usOfacCons,
  us_csl: usCsl,
  us_bis_dpl: usBisDpl,
  un_sc: unSc,
  uk_ofsi: ukOfsi,
  ca_sema: caSema,
};

export function getSource(id: string): Source {
  const s = (SOURCES as Record<string, Source>)[id];
  if (!s) throw new Error(`unknown source "${id}"; known sources: ${SOURCE_IDS.join(', ')}`);
  return s;
}

/** Parses every source from a folder laid out as `<dir>/<source id>/<publisher's files>`. */
export async function loadListsFrom(dir: string, ids: readonly SourceId[] = SOURCE_IDS): Promise<Entity[]> {
  const out: Entity[] = [];
  for (const id of ids) {
    const { entities } = await parseAll(SOURCES[id], join(dir, id));
    out.push(...entities);
  }
  return out;
}
