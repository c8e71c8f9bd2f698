import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { fiftyPercentRule, describeExposure, type Exposure, type OwnershipEdge } from '../measures/ownership.js';
import { isBlocked, type Jurisdiction } from '../measures/interpret.js';
import { DEFAULT_THRESHOLD } from '../match/index.js';
import type { ScreeningContext } from './screener.js';

/**
 * 50%-rule exposure from ownership data the user supplies: each owner is resolved against
 * the lists (an entity id as is, a name through the matcher), blocked owners seed the rule,
 * and every party's aggregate blocked ownership is reported with the path that leads to it.
 */

export const OwnershipEdgeSchema = z.object({
  owner: z.string().trim().min(1).max(1000),
  owned: z.string().trim().min(1).max(1000),
  percentage: z.coerce.number().min(0).max(100),
});

export interface ResolvedOwner {
  party: string;
  entity_id: string;
  caption: string;
  score: number;
}

export interface OwnershipReport {
  exposures: Array<Exposure & { explanation: string }>;
  /** Owners found on a blocking list, and how. */
  listed: ResolvedOwner[];
}

export function ownershipExposure(
  ctx: ScreeningContext,
  edges: OwnershipEdge[],
  opts: { on: string; jurisdiction?: Jurisdiction; threshold?: number },
): OwnershipReport {
  const listed: ResolvedOwner[] = [];
  const parties = new Set(edges.flatMap((e) => [e.owner, e.owned]));
  for (const party of parties) {
    const direct = ctx.byId.get(party);
    if (direct) {
      if (isBlocked(direct, opts)) listed.push({ party, entity_id: direct.id, caption: direct.caption, score: 1 });
      continue;
    }
    const hit = ctx.index
      .search({ name: party }, { threshold: opts.threshold ?? DEFAULT_THRESHOLD, limit: 5 })
      .map((h) => ({ h, e: ctx.byId.get(h.entity.id)! }))
      .find(({ e }) => e && isBlocked(e, opts));
    if (hit) listed.push({ party, entity_id: hit.e.id, caption: hit.e.caption, score: Math.round(hit.h.result.score * 1000) / 1000 });
  }
  const exposures = fiftyPercentRule(edges, listed.map((l) => l.party)).map((x) => ({ ...x, explanation: describeExposure(x) }));
  return { exposures, listed };
}

/** Reads ownership rows from CSV (owner,owned,percentage header) or JSON (an array of rows). */
export async function readOwnershipFile(path: string): Promise<OwnershipEdge[]> {
  const text = await readFile(path, 'utf8');
  const rows: unknown[] = /^\s*[[{]/.test(text)
    ? (JSON.parse(text) as unknown[])
    : (parse(text, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, bom: true, trim: true }) as unknown[]);
  if (!Array.isArray(rows)) throw new Error(`${path}: expected a JSON array or a CSV with header owner,owned,percentage`);
  return rows.map((r, i) => {
    const p = OwnershipEdgeSchema.safeParse(r);
    if (!p.success) throw new Error(`${path}: row ${i + 1}: ${p.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return p.data;
  });
}
