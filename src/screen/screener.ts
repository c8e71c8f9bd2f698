import type { Entity, Link } from '../model/entity.js';
import { identityKeys } from '../model/crossref.js';
import type { SourceId } from '../model/sources.js';
import { today } from '../model/dates.js';
import { DEFAULT_THRESHOLD, MatchIndex, type Hit, type MatchExplanation, type MatchQuery } from '../match/index.js';
import { measuresFor, type Jurisdiction, type MeasureView } from '../measures/interpret.js';
import type { Store, VersionInfo } from '../store/types.js';

/**
 * A screening context: the entities of a fixed set of list versions and the index built
 * from them. Every result names these versions, so it can be reproduced later with as_of.
 */
export class ScreeningContext {
  readonly byId: Map<string, Entity>;
  /** Entities that name another entity as a link target, by target id. */
  private readonly linkedFrom = new Map<string, Array<{ from: Entity; link: Link }>>();
  /** Records of the same target on several lists, joined by unambiguous identifiers. */
  private readonly sameAs = new Map<string, Array<{ id: string; key: string }>>();

  private built?: MatchIndex;

  private constructor(
    readonly versions: VersionInfo[],
    readonly entities: Entity[],
  ) {
    this.byId = new Map(entities.map((e) => [e.id, e]));
    for (const e of entities) {
      for (const link of e.links) {
        if (!link.target) continue;
        const list = this.linkedFrom.get(link.target) ?? [];
        list.push({ from: e, link });
        this.linkedFrom.set(link.target, list);
      }
    }
    const byKey = new Map<string, string[]>();
    for (const e of entities) for (const k of identityKeys(e)) byKey.set(k, [...(byKey.get(k) ?? []), e.id]);
    for (const [key, ids] of byKey) {
      if (ids.length < 2) continue;
      for (const id of ids) for (const other of ids) if (other !== id) this.sameAs.set(id, [...(this.sameAs.get(id) ?? []), { id: other, key }]);
    }
  }

  static build(versions: VersionInfo[], entities: Entity[]): ScreeningContext {
    return new ScreeningContext(versions, entities);
  }

  /** Built on first use: a batch run screens in worker threads and never needs this one. */
  get index(): MatchIndex {
    return (this.built ??= MatchIndex.build(this.entities));
  }

  static async load(store: Store, opts: { asOf?: string; sources?: SourceId[] } = {}): Promise<ScreeningContext> {
    let versions = opts.asOf ? await store.versionsAsOf(opts.asOf) : await store.currentVersions();
    if (opts.sources?.length) versions = versions.filter((v) => opts.sources!.includes(v.source));
    const entities: Entity[] = [];
    for await (const e of store.entities(versions.map((v) => v.id))) entities.push(e);
    return ScreeningContext.build(versions, entities);
  }

  /** The versions used, in the short form every result carries. */
  versionRefs(): VersionRef[] {
    return this.versions.map((v) => ({
      source: v.source,
      version: v.id,
      published_at: v.publishedAt ?? null,
      retrieved_at: v.retrievedAt,
    }));
  }

  linksOf(id: string): Array<{ other: Entity; relation: string; direction: 'to' | 'from'; link: Link }> {
    const e = this.byId.get(id);
    const out: Array<{ other: Entity; relation: string; direction: 'to' | 'from'; link: Link }> = [];
    for (const link of e?.links ?? []) {
      const other = link.target ? this.byId.get(link.target) : undefined;
      if (other) out.push({ other, relation: link.type, direction: 'to', link });
    }
    for (const { from, link } of this.linkedFrom.get(id) ?? []) out.push({ other: from, relation: link.type, direction: 'from', link });
    return out;
  }

  sameTarget(id: string): Array<{ id: string; key: string }> {
    return this.sameAs.get(id) ?? [];
  }
}

export interface VersionRef {
  source: SourceId;
  version: number;
  published_at: string | null;
  retrieved_at: string;
}

export interface HitSource {
  source: SourceId;
  source_id: string;
  list: string;
  programs: string[];
  listed_on: string | null;
}

export interface ScreenHit {
  entity_id: string;
  caption: string;
  schema: string;
  score: number;
  matched_name: string;
  names: string[];
  sources: HitSource[];
  measures: MeasureView[];
  explanation: MatchExplanation;
  /** Set when the hit is a party linked to a matched entity rather than a name match. */
  via?: { entity_id: string; caption: string; relation: string; direction: 'to' | 'from' };
  /** Other records of the same target on other lists (shared UN reference, IMO, ISIN ...). */
  same_as?: Array<{ entity_id: string; basis: string }>;
}

export interface ScreenOptions {
  threshold?: number;
  limit?: number;
  /** Date the measures are judged on (default today). */
  on?: string;
  jurisdiction?: Jurisdiction;
  /** Show parties linked to each hit as their own hits (default true). */
  linked?: boolean;
}

/** Screens one parsed query: name matches best first, then parties linked to them. */
export function screenQuery(ctx: ScreeningContext, query: MatchQuery, opts: ScreenOptions = {}): ScreenHit[] {
  const hits = ctx.index.search(query, { threshold: opts.threshold ?? DEFAULT_THRESHOLD, limit: opts.limit ?? 10 });
  return describeHits(ctx, hits, opts);
}

/**
 * Turns matcher hits (from this thread's index or a worker pool's) into screening hits with
 * sources, measures on the date asked about, and the parties the lists link to them.
 */
export function describeHits(ctx: ScreeningContext, hits: Hit[], opts: ScreenOptions = {}): ScreenHit[] {
  const on = opts.on ?? today();
  const out: ScreenHit[] = hits.map((h) => toHit(ctx, h, on, opts.jurisdiction));
  if (opts.linked !== false) {
    const shown = new Set(out.map((h) => h.entity_id));
    for (const hit of [...out]) {
      for (const l of ctx.linksOf(hit.entity_id)) {
        if (shown.has(l.other.id)) continue;
        shown.add(l.other.id);
        out.push(linkedHit(ctx, hit, l, on, opts.jurisdiction));
      }
    }
  }
  return out;
}

function toHit(ctx: ScreeningContext, h: Hit, on: string, jurisdiction?: Jurisdiction): ScreenHit {
  const e = ctx.byId.get(h.entity.id) ?? h.entity;
  const sameAs = ctx.sameTarget(e.id);
  const hit: ScreenHit = {
    entity_id: e.id,
    caption: e.caption,
    schema: e.schema,
    score: round(h.result.score),
    matched_name: h.result.explanation.matchedName,
    names: e.names.map((n) => n.full),
    sources: sourcesOf(e),
    measures: measuresFor(e, { on, jurisdiction }),
    explanation: h.result.explanation,
  };
  if (sameAs.length) hit.same_as = sameAs.map((s) => ({ entity_id: s.id, basis: s.key }));
  return hit;
}

function linkedHit(
  ctx: ScreeningContext,
  parent: ScreenHit,
  l: { other: Entity; relation: string; direction: 'to' | 'from'; link: Link },
  on: string,
  jurisdiction?: Jurisdiction,
): ScreenHit {
  const e = l.other;
  const relation = l.relation.replace(/_/g, ' ');
  const how =
    l.direction === 'to'
      ? `${parent.caption} is ${relation} ${e.caption}${l.link.percentage !== undefined ? ` (${l.link.percentage}%)` : ''}`
      : `${e.caption} is ${relation} ${parent.caption}`;
  const explanation: MatchExplanation = {
    queryName: parent.explanation.queryName,
    matchedName: parent.matched_name,
    nameKind: parent.explanation.nameKind,
    nameScore: parent.explanation.nameScore,
    alignment: [],
    features: [{ feature: 'linked_party', effect: 0, detail: `${how}, as the list states` }],
    summary: `Linked party of the match ${parent.caption} (${parent.entity_id}): ${how}.`,
  };
  return {
    entity_id: e.id,
    caption: e.caption,
    schema: e.schema,
    score: parent.score,
    matched_name: parent.matched_name,
    names: e.names.map((n) => n.full),
    sources: sourcesOf(e),
    measures: measuresFor(e, { on, jurisdiction }),
    explanation,
    via: { entity_id: parent.entity_id, caption: parent.caption, relation: l.relation, direction: l.direction },
  };
}

function sourcesOf(e: Entity): HitSource[] {
  return e.listings.map((l) => ({
    source: l.source,
    source_id: e.id.slice(e.id.indexOf(':') + 1),
    list: l.list,
    programs: l.programs,
    listed_on: l.listedOn ?? null,
  }));
}

const round = (n: number) => Math.round(n * 1000) / 1000;

