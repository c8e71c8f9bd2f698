/**
 * The measurements `npm run eval` prints, each a function of the engine and a test set, so
 * that the runner only formats and the numbers can be reused (tests, benchmark).
 */
import type { Entity } from '../../model/entity.js';
import type { Hit, MatchIndex, MatchQuery, MatchResult } from '../index.js';
import { compareNames, scoreEntity } from '../index.js';
import type { PairRow } from './generate.js';
import { isPositiveCategory } from './generate.js';
import type { CleanPerson, CompanyPair, CrossScriptPair, OfacToolScore } from './external.js';
import { OFAC_HIT_SCORE } from './external.js';

/** Enough to see every hit above the threshold, even for very common names. */
const ALL_HITS = 100_000;

const above = (hits: Hit[], threshold: number) => hits.filter((h) => h.result.score >= threshold);

// ---------------------------------------------------------------- labelled pairs

export interface PairOutcome {
  pair: PairRow;
  result: MatchResult;
  predicted: boolean;
  /** Positives only: screening the query through the index finds the pair's entity above the threshold. */
  found?: boolean;
}

/** Each pair scored with compareNames; positives also screened through the index. */
export function evaluatePairs(pairs: readonly PairRow[], index: MatchIndex, threshold: number): PairOutcome[] {
  return pairs.map((pair) => {
    const result = compareNames(pair.query, pair.listed_name, { schema: pair.schema, threshold });
    const outcome: PairOutcome = { pair, result, predicted: result.score >= threshold };
    if (isPositiveCategory(pair.category)) {
      const hits = index.search({ name: pair.query, schema: pair.schema }, { threshold, limit: ALL_HITS });
      outcome.found = above(hits, threshold).some((h) => h.entity.id === pair.entity_id);
    }
    return outcome;
  });
}

// ---------------------------------------------------------------- candidate generation

export interface CandidateLoss {
  queries: number;
  /** Entities the full scan puts above the threshold, summed over queries. */
  fullMatches: number;
  /** Of those, entities candidate generation did not propose. */
  lostByCandidates: number;
  /** Of those, entities search() did not return. */
  lostBySearch: number;
  examples: Array<{ query: string; lost: string }>;
}

export interface TargetLoss {
  /** Positives whose listed entity scores at or above the threshold when scored directly. */
  reachable: number;
  /** Of those, positives whose entity candidates() did not propose. */
  missedByCandidates: number;
  /** Of those, positives whose entity search() did not return above the threshold. */
  missedBySearch: number;
  examples: Array<{ query: string; entity: string; score: number }>;
}

/**
 * For every positive, its own listed entity scored directly (scoreEntity, no index): when
 * that reaches the threshold, did candidate generation and search find the entity too? One
 * scoring per query, so it runs on every positive; the full scan below covers other entities.
 */
export function targetLoss(index: MatchIndex, outcomes: readonly PairOutcome[], entities: ReadonlyMap<string, Entity>, threshold: number): TargetLoss {
  const out: TargetLoss = { reachable: 0, missedByCandidates: 0, missedBySearch: 0, examples: [] };
  for (const o of outcomes) {
    const entity = entities.get(o.pair.entity_id);
    if (o.found === undefined || !entity) continue;
    const query: MatchQuery = { name: o.pair.query, schema: o.pair.schema };
    const direct = scoreEntity(query, entity, { threshold });
    if (direct.score < threshold) continue;
    out.reachable++;
    const proposed = index.candidates(query, { threshold }).has(entity.id);
    if (!proposed) out.missedByCandidates++;
    if (!o.found) {
      out.missedBySearch++;
      out.examples.push({ query: o.pair.query, entity: `${entity.id} "${o.pair.listed_name}"`, score: direct.score });
    }
  }
  return out;
}

/**
 * Compares candidate generation and search with a brute-force scan: the share of full-scan
 * matches that the index loses.
 */
export function candidateLoss(index: MatchIndex, queries: readonly MatchQuery[], threshold: number, onProgress?: (done: number) => void): CandidateLoss {
  const out: CandidateLoss = { queries: queries.length, fullMatches: 0, lostByCandidates: 0, lostBySearch: 0, examples: [] };
  queries.forEach((query, i) => {
    const full = above(index.scan(query, { threshold, limit: ALL_HITS }), threshold);
    if (full.length > 0) {
      const candidates = index.candidates(query, { threshold });
      const searched = new Set(above(index.search(query, { threshold, limit: ALL_HITS }), threshold).map((h) => h.entity.id));
      for (const hit of full) {
        out.fullMatches++;
        if (!candidates.has(hit.entity.id)) out.lostByCandidates++;
        if (!searched.has(hit.entity.id)) {
          out.lostBySearch++;
          if (out.examples.length < 10) out.examples.push({ query: query.name, lost: `${hit.entity.id} ${hit.entity.caption} (${hit.result.score.toFixed(3)})` });
        }
      }
    }
    if (onProgress && (i + 1) % 200 === 0) onProgress(i + 1);
  });
  return out;
}

// ---------------------------------------------------------------- clean names

export interface FalseAlerts {
  screened: number;
  alerted: number;
  examples: Array<{ query: MatchQuery; hit: Hit }>;
}

/** Clean people screened against every list: how many raise any alert at the threshold. */
export function falseAlerts(index: MatchIndex, people: readonly CleanPerson[], threshold: number, opts: { evidence: boolean }): FalseAlerts {
  const out: FalseAlerts = { screened: people.length, alerted: 0, examples: [] };
  for (const { query } of people) {
    const q: MatchQuery = opts.evidence ? query : { name: query.name, schema: query.schema };
    const hits = above(index.search(q, { threshold, limit: 1 }), threshold);
    if (hits.length === 0) continue;
    out.alerted++;
    out.examples.push({ query: q, hit: hits[0] });
  }
  return out;
}

// ---------------------------------------------------------------- one person, many spellings

export interface SpellingPairs {
  pairs: number;
  below: number;
  lowest: Array<{ a: string; b: string; score: number }>;
}

/** Every ordered pair of spellings compared as persons; the pairs below the threshold. */
export function spellingPairs(names: readonly string[], threshold: number): SpellingPairs {
  const misses: SpellingPairs['lowest'] = [];
  let pairs = 0;
  for (const a of names) {
    for (const b of names) {
      if (a === b) continue;
      pairs++;
      const { score } = compareNames(a, b, { schema: 'Person', threshold });
      if (score < threshold) misses.push({ a, b, score });
    }
  }
  misses.sort((x, y) => x.score - y.score);
  return { pairs, below: misses.length, lowest: misses };
}

// ---------------------------------------------------------------- cross-script

export interface CrossScriptOutcome extends CrossScriptPair {
  score: number;
}

export function crossScript(pairs: readonly CrossScriptPair[], threshold: number): CrossScriptOutcome[] {
  return pairs.map((p) => ({ ...p, score: compareNames(p.query, p.expected, { schema: 'Person', threshold }).score }));
}

// ---------------------------------------------------------------- D&B company pairs

export interface CompanyOutcome extends CompanyPair {
  score: number;
}

export function companyPairs(pairs: readonly CompanyPair[], threshold: number): CompanyOutcome[] {
  return pairs.map((p) => ({ ...p, score: compareNames(p.adjusted, p.original, { schema: 'Company', threshold }).score }));
}

// ---------------------------------------------------------------- OFAC's own tool

export interface OfacComparison extends OfacToolScore {
  ofacHit: boolean;
  score: number;
  ours: boolean;
  summary: string;
}

/** Our decision beside OFAC Sanctions List Search's for the same query and listed name. */
export function ofacAgreement(rows: readonly OfacToolScore[], threshold: number): OfacComparison[] {
  return rows.map((r) => {
    const result = compareNames(r.query, r.result, { threshold });
    return { ...r, ofacHit: r.ofacScore >= OFAC_HIT_SCORE, score: result.score, ours: result.score >= threshold, summary: result.explanation.summary };
  });
}
