import type { Entity, NameKind } from '../model/entity.js';
import type { SchemaName } from '../model/schema.js';
import { SCHEMAS, schemasCompatible } from '../model/schema.js';
import {
  birthDateEvidence,
  countryEvidence,
  entityCountries,
  entityIdentifiers,
  genderEvidence,
  identifierEvidence,
  normaliseCountries,
  normaliseDate,
  normaliseIdentifier,
  type NormalisedId,
} from './evidence.js';
import { compareNames as compareNamePair, type NameComparison } from './names.js';
import { canonicalOf, nameClassOf, prepareName, type NameClass, type PreparedName, type TokenCache } from './prepare.js';
import type { FeatureEffect, MatchExplanation, MatchQuery, MatchResult, TokenAlignment } from './types.js';
import { DEFAULT_STATS, type TokenStats } from './weights.js';

/**
 * The default decision threshold: a score at or above it is a match (an alert to review).
 * docs/matching.md explains how it was chosen and how to choose another.
 */
export const DEFAULT_THRESHOLD = 0.8;

/** A weak alias counts only from this name score up ("near-exact")... */
export const WEAK_ALIAS_MIN = 0.95;
/** ...and then scores this much lower than the same name as a strong alias. */
export const WEAK_ALIAS_PENALTY = 0.08;

// ---------------------------------------------------------------- prepared sides

export interface PreparedQuery {
  query: MatchQuery;
  schema?: SchemaName;
  nameClass: NameClass;
  names: PreparedName[];
  birthDate?: string;
  countries: string[];
  gender?: string;
  identifiers: NormalisedId[];
}

export interface PreparedEntity {
  entity: Entity;
  nameClass: NameClass;
  names: PreparedName[];
  birthDates: string[];
  countries: string[];
  gender?: string[];
  identifiers: NormalisedId[];
}

/** tokens: where a batch keeps the tokens it made (TokenCache); the query's tokens are then shared. */
export function prepareQuery(query: MatchQuery, stats: TokenStats = DEFAULT_STATS, tokens?: TokenCache): PreparedQuery {
  const nameClass = nameClassOf(query.schema);
  const all = [query.name, ...(query.aliases ?? [])].filter((n) => n && n.trim());
  const names = [...new Set(all)].map((n) => prepareName(n, 'primary', nameClass, stats, tokens));
  const pq: PreparedQuery = {
    query,
    nameClass,
    names,
    countries: normaliseCountries(query.countries),
    identifiers: (query.identifiers ?? []).map(normaliseIdentifier).filter((x): x is NormalisedId => !!x),
  };
  if (query.schema) pq.schema = query.schema;
  const bd = normaliseDate(query.birthDate);
  if (bd) pq.birthDate = bd;
  if (query.gender) pq.gender = query.gender;
  return pq;
}

export function prepareEntity(entity: Entity, stats: TokenStats = DEFAULT_STATS): PreparedEntity {
  const nameClass = nameClassOf(entity.schema);
  const names = entity.names.length ? entity.names : [{ full: entity.caption, kind: 'primary' as NameKind }];
  return {
    entity,
    nameClass,
    names: names.map((n) => prepareName(n.full, n.kind, nameClass, stats)),
    birthDates: entity.properties.birthDate ?? [],
    countries: entityCountries(entity),
    ...(entity.properties.gender ? { gender: entity.properties.gender } : {}),
    identifiers: entityIdentifiers(entity),
  };
}

// ---------------------------------------------------------------- scoring

interface NameHit {
  score: number;
  raw: number;
  query: PreparedName;
  listed: PreparedName;
  comparison: NameComparison;
}

/** The best meeting of any query name with any listed name, weak aliases held to near-exact. */
export function bestName(q: PreparedQuery, e: PreparedEntity): NameHit | undefined {
  const nameClass = q.nameClass !== 'any' ? q.nameClass : e.nameClass;
  let best: NameHit | undefined;
  for (const qn of q.names) {
    for (const ln of e.names) {
      const c = compareNamePair(qn, ln, nameClass);
      if (!c) continue;
      let score = c.score;
      if (ln.kind === 'weak_alias') {
        if (score < WEAK_ALIAS_MIN) continue;
        score -= WEAK_ALIAS_PENALTY;
      }
      if (!best || score > best.score) best = { score, raw: c.score, query: qn, listed: ln, comparison: c };
    }
  }
  return best;
}

/** A score with what it was made of; the explanation is written only when asked for. */
export interface Evaluation {
  score: number;
  hit?: NameHit;
  features: FeatureEffect[];
  schemaConflict: boolean;
}

/** Name, then evidence, then the identifier floor: the score without its explanation. */
export function evaluate(q: PreparedQuery, e: PreparedEntity): Evaluation {
  if (q.schema && !schemasCompatible(q.schema, e.entity.schema)) return { score: 0, features: [], schemaConflict: true };
  const hit = bestName(q, e);
  const nameScore = hit?.score ?? 0;
  const evidence: FeatureEffect[] = [];
  if (q.birthDate) pushIf(evidence, birthDateEvidence(q.birthDate, e.birthDates));
  if (q.countries.length) pushIf(evidence, countryEvidence(q.countries, e.countries));
  if (q.gender) pushIf(evidence, genderEvidence(q.gender, e.gender));
  const ids = q.identifiers.length ? identifierEvidence(q.identifiers, e.identifiers) : {};
  if (ids.conflict) evidence.push(ids.conflict);
  let score = nameScore;
  for (const f of evidence) score += f.effect;
  if (ids.decisive) {
    // The same IMO, ISIN, passport ... is the same party, whatever the spelling of the name.
    const floor = 0.9 + 0.1 * nameScore;
    ids.decisive.effect = round(Math.max(0, floor - score));
    score = Math.max(score, floor);
    evidence.unshift(ids.decisive);
  }
  const ev: Evaluation = { score: round(Math.max(0, Math.min(1, score))), features: evidence, schemaConflict: false };
  if (hit) ev.hit = hit;
  return ev;
}

function pushIf(list: FeatureEffect[], f: FeatureEffect | undefined): void {
  if (f) list.push(f);
}

/** The result of an evaluation, with its explanation. */
export function resultOf(ev: Evaluation, q: PreparedQuery, e: PreparedEntity, threshold: number): MatchResult {
  if (ev.schemaConflict) return schemaMismatch(q, e, threshold);
  const features = [...(ev.hit ? nameFeatures(ev.hit) : []), ...ev.features];
  const match = ev.score >= threshold;
  return { score: ev.score, match, explanation: explain(q, e, ev.hit, features, ev.score, match, threshold) };
}

export function scorePrepared(q: PreparedQuery, e: PreparedEntity, threshold = DEFAULT_THRESHOLD): MatchResult {
  return resultOf(evaluate(q, e), q, e, threshold);
}

function schemaMismatch(q: PreparedQuery, e: PreparedEntity, threshold: number): MatchResult {
  const detail = `a ${label(e.entity.schema)} cannot be the ${label(q.schema!)} asked about`;
  return {
    score: 0,
    match: false,
    explanation: {
      queryName: q.query.name,
      matchedName: e.entity.caption,
      nameKind: 'primary',
      nameScore: 0,
      alignment: [],
      features: [{ feature: 'schema', effect: -1, detail }],
      summary: `No match (score 0 < ${threshold}): ${detail}.`,
    },
  };
}

const label = (s: SchemaName) => SCHEMAS[s].label.toLowerCase();
const round = (x: number) => Math.round(x * 1000) / 1000;

// ---------------------------------------------------------------- explanation

function nameFeatures(hit: NameHit): FeatureEffect[] {
  const out: FeatureEffect[] = [];
  const c = hit.comparison;
  out.push({ feature: 'name', effect: round(hit.raw), detail: nameDetail(hit) });
  if (hit.listed.kind === 'weak_alias') {
    out.push({
      feature: 'weak_alias',
      effect: -WEAK_ALIAS_PENALTY,
      detail: `"${hit.listed.full}" is a weak alias (a low-quality a.k.a.): it counts only when near-exact, and less`,
    });
  }
  const lq = hit.query.legalForms;
  const ll = hit.listed.legalForms;
  if (lq.length || ll.length) {
    const fams = [...new Set([...hit.query.legalFamilies, ...hit.listed.legalFamilies])];
    const both = lq.length && ll.length;
    out.push({
      feature: 'legal_form',
      effect: 0,
      detail: both
        ? `legal forms "${lq.join(' ')}" and "${ll.join(' ')}" set aside (${fams.join(' / ')}): a legal form does not tell parties apart`
        : `legal form "${[...lq, ...ll].join(' ')}" set aside: a legal form does not tell parties apart`,
    });
  }
  const common = c.links
    .flatMap((l) => l.b.map((j) => c.b.tokens[j]))
    .filter((t) => t.role === 'common')
    .map((t) => t.text);
  if (common.length) {
    out.push({
      feature: 'common_words',
      effect: 0,
      detail: `shared word${common.length > 1 ? 's' : ''} ${common.map((w) => `"${w}"`).join(', ')} ${common.length > 1 ? 'are' : 'is'} common in organisation names and weigh${common.length > 1 ? '' : 's'} little`,
    });
  }
  const titles = [...hit.query.titles, ...hit.listed.titles];
  if (titles.length) out.push({ feature: 'title', effect: 0, detail: `title${titles.length > 1 ? 's' : ''} ${titles.map((t) => `"${t}"`).join(', ')} set aside` });
  const unmatched = unmatchedTokens(c);
  if (unmatched.query.length || unmatched.listed.length) {
    const parts: string[] = [];
    if (unmatched.query.length) parts.push(`query ${unmatched.query.map((t) => `"${t}"`).join(', ')}`);
    if (unmatched.listed.length) parts.push(`listed ${unmatched.listed.map((t) => `"${t}"`).join(', ')}`);
    const conflict = unmatched.query.length && unmatched.listed.length;
    const lowered = c.conflict > 0 ? ` (counted in the name score: ${Math.round(c.conflict * 100)}% lower)` : '';
    out.push({
      feature: 'unmatched',
      effect: 0,
      detail: `${parts.join(' and ')} found no counterpart${conflict ? `: each name has a part the other lacks${lowered}` : ': one name only adds parts (middle names, patronymic, words)'}`,
    });
  }
  return out;
}

function unmatchedTokens(c: NameComparison): { query: string[]; listed: string[] } {
  const usedA = new Set(c.links.flatMap((l) => l.a));
  const usedB = new Set(c.links.flatMap((l) => l.b));
  return {
    query: c.a.tokens.filter((t, i) => !usedA.has(i) && t.role !== 'particle').map((t) => t.text),
    listed: c.b.tokens.filter((t, i) => !usedB.has(i) && t.role !== 'particle').map((t) => t.text),
  };
}

const KIND_WORDS: Record<NameKind, string> = {
  primary: 'primary name',
  alias: 'alias',
  weak_alias: 'weak alias',
  former: 'former name',
  new: 'new name',
  original_script: 'name in original script',
};

function nameDetail(hit: NameHit): string {
  const c = hit.comparison;
  const hows = new Set(c.links.map((l) => l.how));
  const agree = c.links.length;
  const reasons: string[] = [];
  if (hit.query.original && hit.query.original === hit.listed.original) reasons.push('written identically in the original script');
  if (hows.has('transliteration')) reasons.push('same name in another script');
  if (hows.has('variant')) reasons.push('spelling variants of the same name');
  if (hows.has('phonetic')) reasons.push('spellings that sound alike');
  if (hows.has('typo')) reasons.push('small spelling differences');
  if (hows.has('glued')) reasons.push('parts written together or apart');
  if (hows.has('initial')) reasons.push('initials');
  if (orderDiffers(c)) reasons.push('in another order');
  const tokensA = c.a.tokens.filter((t) => t.role !== 'particle').length;
  const tokensB = c.b.tokens.filter((t) => t.role !== 'particle').length;
  return (
    `"${hit.query.full}" meets ${KIND_WORDS[hit.listed.kind]} "${hit.listed.full}": ${agree} part${agree === 1 ? '' : 's'} agree ` +
    `(query has ${tokensA}, listed ${tokensB})${reasons.length ? `; ${reasons.join(', ')}` : ''}`
  );
}

function orderDiffers(c: NameComparison): boolean {
  const pairs = c.links.map((l) => [Math.min(...l.a), Math.min(...l.b)]).sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < pairs.length; i++) if (pairs[i][1] < pairs[i - 1][1]) return true;
  return false;
}

function alignmentOf(c: NameComparison): TokenAlignment[] {
  const out: TokenAlignment[] = c.links.map((l) => ({
    query: l.a.map((i) => c.a.tokens[i].text).join(' '),
    listed: l.b.map((j) => c.b.tokens[j].text).join(' '),
    similarity: round(l.sim),
    how: l.how,
  }));
  const { query, listed } = unmatchedTokens(c);
  for (const t of query) out.push({ query: t, listed: '', similarity: 0, how: 'unmatched' });
  for (const t of listed) out.push({ query: '', listed: t, similarity: 0, how: 'unmatched' });
  return out;
}

function explain(
  q: PreparedQuery,
  e: PreparedEntity,
  hit: NameHit | undefined,
  features: FeatureEffect[],
  score: number,
  match: boolean,
  threshold: number,
): MatchExplanation {
  const verdict = match ? `Match (score ${score} ≥ ${threshold})` : `No match (score ${score} < ${threshold})`;
  if (!hit) {
    const decisive = features.find((f) => f.feature === 'identifier' && f.effect >= 0 && score > 0);
    return {
      queryName: q.query.name,
      matchedName: e.entity.caption,
      nameKind: 'primary',
      nameScore: 0,
      alignment: [],
      features,
      summary: `${verdict}: no name of "${e.entity.caption}" resembles "${q.query.name}"${decisive ? `, but ${decisive.detail}` : ''}.`,
    };
  }
  const others = features.filter((f) => f.feature !== 'name' && f.effect !== 0).map((f) => `${f.detail} (${f.effect > 0 ? '+' : ''}${round(f.effect)})`);
  const nameFeature = features.find((f) => f.feature === 'name')!;
  return {
    queryName: hit.query.full,
    matchedName: hit.listed.full,
    nameKind: hit.listed.kind,
    nameScore: round(hit.score),
    alignment: alignmentOf(hit.comparison),
    features,
    summary: `${verdict}: ${nameFeature.detail} (name score ${round(hit.raw)})${others.length ? `; ${others.join('; ')}` : ''}.`,
  };
}

// ---------------------------------------------------------------- public entry points

/** Compare two bare names as `clearance compare` does. */
export function compareNames(a: string, b: string, opts: { schema?: SchemaName; threshold?: number } = {}): MatchResult {
  const schema = opts.schema ?? 'LegalEntity';
  const entity: Entity = {
    id: 'compare:b',
    source: 'compare' as Entity['source'],
    schema,
    caption: b,
    names: [{ full: b, kind: 'primary' }],
    properties: {},
    identifiers: [],
    addresses: [],
    links: [],
    listings: [],
    remarks: [],
  };
  const q: MatchQuery = { name: a };
  if (opts.schema) q.schema = opts.schema;
  return scorePrepared(prepareQuery(q), prepareEntity(entity), opts.threshold ?? DEFAULT_THRESHOLD);
}

/** Full scoring of a query against one listed entity (all its names and facts). */
export function scoreEntity(query: MatchQuery, entity: Entity, opts: { threshold?: number } = {}): MatchResult {
  return scorePrepared(prepareQuery(query), prepareEntity(entity), opts.threshold ?? DEFAULT_THRESHOLD);
}

export { canonicalOf };
