import type { Entity } from '../model/entity.js';
import type { SchemaName } from '../model/schema.js';
import { schemasCompatible } from '../model/schema.js';
import { canonicalOf, classCanonical, reweigh, type NameForm, type PreparedName, type Token } from './prepare.js';
import { EFFECTS } from './evidence.js';
import { MIN_BETA, nameScoreBound } from './names.js';
import {
  DEFAULT_THRESHOLD,
  WEAK_ALIAS_MIN,
  WEAK_ALIAS_PENALTY,
  evaluate,
  prepareEntity,
  type Evaluation,
  prepareQuery,
  resultOf,
  type PreparedEntity,
  type PreparedQuery,
} from './score.js';
import type { Hit, MatchQuery } from './types.js';
import { consonantalKey } from './vowels.js';
import { IdfStats, type TokenStats } from './weights.js';

/**
 * The candidate index. Every listed name is prepared once at build time; an inverted index
 * maps keys to the names carrying them:
 *   T <token, its variant class, or glued neighbours>   exact, variant (Mohammed -> muhammad), glued spellings
 *   K <consonant skeleton>                              sound-alikes and transliterations (Poutine, Putin)
 *   D <token, and the token minus any one letter>       typos: one edit apart share a key (symmetric deletion)
 *   N <romanised form>                                  two romanisations of one name (Tchristenko, Khristenko)
 *   O <name as written>                                 same non-Latin spelling (商湯科技)
 * plus identifiers (passport, IMO, ISIN ...) to entities, whatever their names.
 * A query looks up its own keys, estimates for each name it reached how much of both names
 * could agree, and fully scores only the most promising names. No query scans the lists.
 *
 * Keys are 32-bit hashes in one compressed table (bucket starts + name ids): no strings are
 * kept per key, so the whole lists index in seconds. Two keys sharing a bucket only add a
 * candidate that full scoring then rejects.
 */

/**
 * Candidates are taken best estimate first, every one whose estimate reaches this share of the
 * threshold (measured with `npm run eval`: matches a full scan finds below it are a fraction of
 * a percent, mostly names glued or split differently)...
 */
const MIN_ESTIMATE_RATIO = 0.6;
/** ...but never more than this many fully scored entities per query (a bare "Mohammed Ali" reaches thousands)... */
const MAX_SCORED = 300;
/**
 * ...nor more than this many checked against the cheap name-score bound (measured with
 * `npm run eval -- --scan-sample 150`: at 250 a query of common tokens such as "AliHamoud" loses
 * matches a full scan finds; at 1,000 none is lost, and p99 latency is no worse).
 */
const MAX_CHECKED = 1000;
/**
 * Slack on the key-based bound in lookup: keys are assumed to catch every word pair the scorer
 * could call similar, which the eval supports but no proof does.
 */
const KEY_BOUND_MARGIN = 0.03;
/**
 * The most that birth date and country can add to a name score (evidence.ts), when the query
 * gives them: a query without a birth date gains nothing from the listed ones. Scores are
 * rounded to three places, so a bound this far below the threshold may still round up to it.
 */
function evidenceGain(q: PreparedQuery): number {
  const birth = q.birthDate ? Math.max(0, EFFECTS.birthDateExact, EFFECTS.birthDateCompatible, EFFECTS.birthDateSwapped) : 0;
  const country = q.countries.length ? Math.max(0, EFFECTS.countryMatch) : 0;
  return birth + country + ROUNDING;
}
const ROUNDING = 0.0005;

/** Whether any name of the candidate could score high enough for a match (a bound, never wrong the other way). */
function mayReach(q: PreparedQuery, p: PreparedEntity, nameIdx: number[], needed: number): boolean {
  for (const i of nameIdx) {
    const listed = p.names[i];
    const weak = listed.kind === 'weak_alias';
    for (const name of q.names) {
      const bound = nameScoreBound(name, listed);
      if (weak ? bound >= WEAK_ALIAS_MIN && bound - WEAK_ALIAS_PENALTY >= needed : bound >= needed) return true;
    }
  }
  return false;
}

/** Estimates are ranked in steps this fine, and names numbered below this (lookup packs both in one number). */
const ESTIMATE_STEPS = 1 << 20;
const NAME_SPACE = 1 << 24;

/** Tokens this long get deletion keys (shorter ones meet typos through their skeleton). */
const MIN_TYPO_LENGTH = 4;
const MAX_TYPO_LENGTH = 16;

const NS_TOKEN = 0x1000193;
const NS_KEY = 0x2000193;
const NS_TYPO = 0x3000193;
const NS_ORIGINAL = 0x4000193;
const NS_NORM = 0x5000193;

/**
 * FNV-1a of a string in a namespace, optionally skipping one position (a deletion key), then
 * mixed so that every bit reaches the low bits a bucket is chosen by: FNV's multiplication
 * only carries bits upwards, so without the mix the namespace (high bits) never did, and the
 * exact key "ali" shared its bucket with the typo key "ali" of Wali, Alia and Bali.
 */
function hashOf(ns: number, s: string, skip = -1): number {
  let h = (0x811c9dc5 ^ ns) >>> 0;
  for (let i = 0; i < s.length; i++) {
    if (i === skip) continue;
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // MurmurHash3's finaliser.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Unit weights used while counting token frequencies, before the real weights are known. */
const UNIT_STATS: TokenStats = { weight: () => 1 };

export class MatchIndex {
  readonly size: number;
  /** Compressed postings: names of bucket b are postings[starts[b] .. starts[b+1]). */
  private starts = new Int32Array(1);
  private postings = new Int32Array(0);
  /** Which of its name's tokens each posting stands for (bit i = token i; bit 7 = token 7 and on). */
  private tokenMasks = new Uint8Array(0);
  private mask = 0;
  private readonly identifierPostings = new Map<string, number[]>();
  /** For each indexed name: its entity and its position among the entity's names. */
  private readonly nameEntity: Int32Array;
  private readonly nameIndex: Int32Array;
  /** Smallest token-weight total over a name's forms: the denominator of the estimate. */
  private readonly nameTotal: Float32Array;
  private readonly nameWeak: Uint8Array;
  /**
   * Words of a name the keys may miss (unkeyedWords), which may still meet the query: the
   * share of words no key stands for (1 when its forms tokenise differently, so the key-based
   * bound never applies), and the positions of long words (two typos)...
   */
  private readonly nameUnkeyed: Float32Array;
  private readonly nameLongMask: Uint8Array;
  /** ...which only a query word at most TWO_TYPO_SPREAD letters shorter than the shortest of them can meet. */
  private readonly nameShortestLong: Uint8Array;
  /** Length of the name's longest word or glued spelling (a long query word meets no shorter one by typos). */
  private readonly nameLongest: Uint8Array;
  /** Per-query scratch: estimate accumulators and which query token last touched a name. */
  /** Share of each name's weight carried by its token i, at [name * 8 + i]. */
  private readonly tokenShares: Float32Array;
  /** Per-query scratch: which query and listed tokens met, summed key quality, keys met. */
  private readonly maskQuery: Uint32Array;
  private readonly maskListed: Uint8Array;
  private readonly qualitySum: Float32Array;
  private readonly hitCount: Uint16Array;
  private readonly lastProbe: Int32Array;
  private probeSerial = 0;
  /** Per-query scratch for grouping names by entity (candidateEntities). */
  private readonly entityStamp: Int32Array;
  private readonly entityNames: Int32Array;
  private readonly nameNext: Int32Array;
  private entitySerial = 0;

  private constructor(
    private readonly prepared: PreparedEntity[],
    readonly stats: IdfStats,
  ) {
    this.size = prepared.length;
    let names = 0;
    for (const p of prepared) names += p.names.length;
    if (names >= NAME_SPACE) throw new Error(`the lists hold ${names} names; the matching index numbers at most ${NAME_SPACE - 1}`);
    this.nameEntity = new Int32Array(names);
    this.nameIndex = new Int32Array(names);
    this.nameTotal = new Float32Array(names);
    this.nameWeak = new Uint8Array(names);
    this.nameUnkeyed = new Float32Array(names);
    this.nameLongMask = new Uint8Array(names);
    this.nameShortestLong = new Uint8Array(names);
    this.nameLongest = new Uint8Array(names);
    this.tokenShares = new Float32Array(names * 8);
    this.maskQuery = new Uint32Array(names);
    this.maskListed = new Uint8Array(names);
    this.qualitySum = new Float32Array(names);
    this.hitCount = new Uint16Array(names);
    this.lastProbe = new Int32Array(names).fill(-1);
    this.entityStamp = new Int32Array(prepared.length);
    this.entityNames = new Int32Array(prepared.length);
    this.nameNext = new Int32Array(names);
  }

  static build(entities: Iterable<Entity>): MatchIndex {
    const prepared: PreparedEntity[] = [];
    const df = new Map<string, number>();
    let nameCount = 0;
    for (const e of entities) {
      const p = prepareEntity(e, UNIT_STATS);
      prepared.push(p);
      for (const n of p.names) {
        nameCount++;
        for (const c of distinctCanonicals(n)) df.set(c, (df.get(c) ?? 0) + 1);
      }
    }
    const index = new MatchIndex(prepared, new IdfStats(df, nameCount));
    index.fill();
    return index;
  }

  /** Gives every listed token its real weight, then builds the compressed postings. */
  private fill(): void {
    let keys = new Int32Array(1 << 20);
    let masks = new Uint8Array(1 << 20);
    let used = 0;
    const keyEnd = new Int32Array(this.nameEntity.length);
    const perName = new Map<number, number>();
    const tokenIds = new Map<string, number>();
    let id = 0;
    for (let ei = 0; ei < this.prepared.length; ei++) {
      const p = this.prepared[ei];
      for (const ident of p.identifiers) {
        const list = this.identifierPostings.get(ident.value) ?? [];
        if (list[list.length - 1] !== ei) list.push(ei);
        this.identifierPostings.set(ident.value, list);
      }
      for (let ni = 0; ni < p.names.length; ni++, id++) {
        const name = p.names[ni];
        reweigh(name, this.stats);
        internTokens(name, tokenIds);
        this.nameEntity[id] = ei;
        this.nameIndex[id] = ni;
        this.nameWeak[id] = name.kind === 'weak_alias' ? 1 : 0;
        this.nameTotal[id] = Math.min(...name.forms.map((f) => f.total));
        this.recordTokenShares(id, name);
        perName.clear();
        listedKeys(name, perName);
        if (used + perName.size > keys.length) {
          const size = Math.max(keys.length * 2, used + perName.size);
          const k2 = new Int32Array(size);
          k2.set(keys);
          keys = k2;
          const m2 = new Uint8Array(size);
          m2.set(masks);
          masks = m2;
        }
        for (const [key, tokenMask] of perName) {
          keys[used] = key;
          masks[used++] = tokenMask;
        }
        keyEnd[id] = used;
      }
    }
    let buckets = 1;
    while (buckets < used) buckets <<= 1;
    this.mask = buckets - 1;
    const starts = new Int32Array(buckets + 1);
    for (let k = 0; k < used; k++) starts[(keys[k] & this.mask) + 1]++;
    for (let b = 0; b < buckets; b++) starts[b + 1] += starts[b];
    const cursor = starts.slice(0, buckets);
    const postings = new Int32Array(used);
    const postingMasks = new Uint8Array(used);
    for (let n = 0, k = 0; n < keyEnd.length; n++) {
      for (; k < keyEnd[n]; k++) {
        const at = cursor[keys[k] & this.mask]++;
        postings[at] = n;
        postingMasks[at] = masks[k];
      }
    }
    this.starts = starts;
    this.postings = postings;
    this.tokenMasks = postingMasks;
  }

  /** Token shares of a name's lightest form, by token position (positions past 7 share slot 7). */
  private recordTokenShares(id: number, name: PreparedName): void {
    let form = name.forms[0];
    for (const f of name.forms) if (f.total < form.total) form = f;
    const total = form.total || 1;
    form.tokens.forEach((t, i) => {
      if (searchable(t)) this.tokenShares[id * 8 + Math.min(i, 7)] += t.weight / total;
    });
    const unkeyed = unkeyedWords(form, listedBit, 'listed');
    this.nameUnkeyed[id] = name.forms.some((f) => f.tokens.length !== form.tokens.length) ? 1 : unkeyed.fixed;
    this.nameLongMask[id] = unkeyed.longMask;
    this.nameShortestLong[id] = Math.min(255, unkeyed.shortestLong);
    let longest = 0;
    for (const f of name.forms) {
      for (const t of f.tokens) longest = Math.max(longest, t.text.length);
      for (const g of f.glues) longest = Math.max(longest, g.text.length);
    }
    this.nameLongest[id] = Math.min(255, longest);
  }

  /** Candidate generation from the index + full scoring of candidates only; best first. */
  search(query: MatchQuery, opts: { threshold?: number; limit?: number; schema?: SchemaName } = {}): Hit[] {
    const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    const q = prepareQuery(opts.schema && !query.schema ? { ...query, schema: opts.schema } : query, this.stats);
    const hits: Hit[] = [];
    this.scoreCandidates(q, threshold, (p, view, ev) => {
      if (ev.score >= threshold) hits.push({ entity: p.entity, result: resultOf(ev, q, view, threshold) });
    });
    return sortAndLimit(hits, opts.limit);
  }

  /** Candidate entity ids: the entities search() scores fully (for measuring candidate recall against a full scan). */
  candidates(query: MatchQuery, opts: { threshold?: number } = {}): Set<string> {
    const q = prepareQuery(query, this.stats);
    const out = new Set<string>();
    this.scoreCandidates(q, opts.threshold ?? DEFAULT_THRESHOLD, (p) => out.add(p.entity.id));
    return out;
  }

  /**
   * Fully scores candidate entities, the most promising first, against the names the index
   * reached. A candidate whose name score cannot reach the threshold even with the best
   * supporting evidence (nameScoreBound) is passed over without the full comparison.
   */
  private scoreCandidates(q: PreparedQuery, threshold: number, visit: (p: PreparedEntity, view: PreparedEntity, ev: Evaluation) => void): void {
    let scored = 0;
    let checked = 0;
    const needed = threshold - evidenceGain(q);
    const { byIdentifier, byName } = this.candidateEntities(q, threshold);
    const nameIdx: number[] = [];
    for (let k = 0, all = byIdentifier.length + byName.length; k < all; k++) {
      if (scored >= MAX_SCORED || checked >= MAX_CHECKED) break;
      const identified = k < byIdentifier.length;
      const ei = identified ? byIdentifier[k] : byName[k - byIdentifier.length];
      const p = this.prepared[ei];
      if (q.schema && !schemasCompatible(q.schema, p.entity.schema)) continue;
      checked++;
      this.reachedNames(ei, identified, nameIdx);
      if (!identified && !mayReach(q, p, nameIdx, needed)) continue;
      // The entity's other names share no key with the query, or too little to count.
      const view: PreparedEntity = nameIdx.length === p.names.length ? p : { ...p, names: nameIdx.map((i) => p.names[i]) };
      scored++;
      visit(p, view, evaluate(q, view));
    }
  }

  /** Positions of the names of an entity the query reached (all of them when an identifier did), into out. */
  private reachedNames(ei: number, identified: boolean, out: number[]): void {
    out.length = 0;
    if (identified) {
      for (let i = 0; i < this.prepared[ei].names.length; i++) out.push(i);
      return;
    }
    for (let n = this.entityNames[ei]; n >= 0; n = this.nameNext[n]) if (!out.includes(this.nameIndex[n])) out.push(this.nameIndex[n]);
  }

  /** Brute force over every entity with full scoring, for tests and candidate-recall evaluation. */
  scan(query: MatchQuery, opts: { threshold?: number; limit?: number } = {}): Hit[] {
    const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    const q = prepareQuery(query, this.stats);
    const hits: Hit[] = [];
    for (const p of this.prepared) {
      const ev = evaluate(q, p);
      if (ev.score >= threshold) hits.push({ entity: p.entity, result: resultOf(ev, q, p, threshold) });
    }
    return sortAndLimit(hits, opts.limit);
  }

  /**
   * Entities worth scoring: those an identifier reached (against all their names), then the
   * others by their best name estimate, each with the names the query reached as a list
   * through nameNext headed at entityNames (reachedNames), so no entity allocates.
   */
  private candidateEntities(q: PreparedQuery, threshold: number): { byIdentifier: number[]; byName: number[] } {
    const { entityStamp, entityNames, nameNext, nameEntity } = this;
    const serial = ++this.entitySerial;
    const identified = new Set<number>();
    for (const id of q.identifiers) for (const ei of this.identifierPostings.get(id.value) ?? []) identified.add(ei);
    const names = this.lookup(q, threshold);
    for (let k = names.length - 1; k >= 0; k--) {
      const n = names[k];
      const ei = nameEntity[n];
      if (entityStamp[ei] !== serial) {
        entityStamp[ei] = serial;
        entityNames[ei] = -1;
      }
      nameNext[n] = entityNames[ei];
      entityNames[ei] = n;
    }
    const byName: number[] = [];
    for (const n of names) {
      const ei = nameEntity[n];
      if (entityNames[ei] === n && !identified.has(ei)) byName.push(ei);
    }
    return { byIdentifier: [...identified], byName };
  }

  /** Walks one probe's postings; names it reaches for the first time count only when admitting. */
  private probe(probe: Probe, touched: number[], admit: boolean): void {
    const { starts, postings, tokenMasks, mask, lastProbe, maskQuery, maskListed, qualitySum, hitCount } = this;
    const serial = ++this.probeSerial;
    for (let j = 0; j < probe.keys.length; j++) {
      // Keys go from the most to the least certain; a name counts with its best one.
      const b = probe.keys[j] & mask;
      for (let k = starts[b], end = starts[b + 1]; k < end; k++) {
        const n = postings[k];
        if (lastProbe[n] === serial) continue;
        if (hitCount[n] === 0) {
          if (!admit) continue;
          touched.push(n);
        }
        lastProbe[n] = serial;
        hitCount[n]++;
        qualitySum[n] += probe.quality[j];
        maskQuery[n] |= probe.mask;
        maskListed[n] |= tokenMasks[k];
      }
    }
  }

  /**
   * Looks up the query's keys and returns the names worth scoring, best estimate first.
   * The estimate is the query weight a name shares keys with, against both names' totals,
   * blended as the scorer blends coverage, so a short listed name inside the query ranks high.
   */
  private lookup(q: PreparedQuery, threshold: number): Int32Array {
    const floor = threshold * MIN_ESTIMATE_RATIO;
    const minCoverage = threshold >= DEFAULT_THRESHOLD ? MIN_QUERY_COVERAGE : 0;
    const needed = threshold - evidenceGain(q) - KEY_BOUND_MARGIN;
    const touched: number[] = [];
    // Query token shares by position, over all forms of all query names (positions past 31 share 31).
    const queryShares: number[][] = [];
    const queryUnkeyed: UnkeyedWords[] = [];
    let queryLongest = 0;
    const admitting: Probe[] = [];
    const updating: Probe[] = [];
    for (const name of q.names) {
      for (const form of name.forms) {
        const total = form.total || 1;
        const shares = new Array<number>(32).fill(0);
        form.tokens.forEach((t, i) => {
          if (searchable(t)) shares[Math.min(i, 31)] += t.weight / total;
        });
        queryShares.push(shares);
        queryUnkeyed.push(unkeyedWords(form, queryBit, 'query'));
        for (const t of form.tokens) queryLongest = Math.max(queryLongest, t.text.length);
        for (const g of form.glues) queryLongest = Math.max(queryLongest, g.text.length);
        splitProbes(queryProbes(name, form), shares, minCoverage, admitting, updating);
      }
    }
    for (const probe of admitting) this.probe(probe, touched, true);
    for (const probe of updating) this.probe(probe, touched, false);
    const { maskQuery, maskListed, qualitySum, hitCount } = this;
    // Names worth scoring, as one number each that sorts best estimate first (then by name).
    const ranked = new Float64Array(touched.length);
    let count = 0;
    const queryExtra = new Array<number>(queryUnkeyed.length);
    for (const n of touched) {
      const metQuery = maskQuery[n];
      const metListed = maskListed[n];
      let cl = 0;
      for (let bit = 0, m = metListed; m; bit++, m >>= 1) if (m & 1) cl += this.tokenShares[n * 8 + bit];
      const quality = qualitySum[n] / hitCount[n];
      maskQuery[n] = 0;
      maskListed[n] = 0;
      qualitySum[n] = 0;
      hitCount[n] = 0;
      const cq = coverage(queryShares, metQuery);
      const c = Math.min(1, cl);
      let est = (0.7 * Math.max(cq, c) + 0.3 * Math.min(cq, c)) * quality;
      if (this.nameWeak[n]) est -= 0.05;
      if (est < floor) continue;
      // If every keyed word met at full similarity and every unkeyed word that could meet a
      // word of the other name did too, could the name reach the threshold with the best
      // evidence? (The scorer's loosest blend, as in nameScoreBound.)
      for (let f = 0; f < queryUnkeyed.length; f++) {
        const u = queryUnkeyed[f];
        queryExtra[f] = this.nameLongest[n] + TWO_TYPO_SPREAD >= u.shortestLong ? u.longMask : 0;
      }
      const hiQ = coverage(queryShares, metQuery, queryExtra, queryUnkeyed);
      let hiL = this.nameUnkeyed[n];
      const listedExtra = queryLongest + TWO_TYPO_SPREAD >= this.nameShortestLong[n] ? this.nameLongMask[n] : 0;
      for (let bit = 0, m = metListed | listedExtra; m; bit++, m >>= 1) if (m & 1) hiL += this.tokenShares[n * 8 + bit];
      hiL = Math.min(1, hiL);
      if ((1 - MIN_BETA) * Math.max(hiQ, hiL) + MIN_BETA * Math.min(hiQ, hiL) >= needed) ranked[count++] = Math.round((2 - est) * ESTIMATE_STEPS) * NAME_SPACE + n;
    }
    const order = ranked.subarray(0, count).sort();
    const names = new Int32Array(count);
    for (let k = 0; k < count; k++) names[k] = order[k] % NAME_SPACE;
    return names;
  }
}

/**
 * Share of the query's weight in the tokens of a mask (plus, if given, each form's own extra
 * tokens and the share of its words no key stands for), for the query form that fares best.
 */
function coverage(queryShares: number[][], mask: number, extra?: number[], unkeyed?: UnkeyedWords[]): number {
  let best = 0;
  for (let f = 0; f < queryShares.length; f++) {
    const shares = queryShares[f];
    let c = unkeyed ? unkeyed[f].fixed : 0;
    for (let bit = 0, m = extra ? (mask | extra[f]) >>> 0 : mask; m; bit++, m >>>= 1) if (m & 1) c += shares[bit];
    if (c > best) best = c;
  }
  return Math.min(1, best);
}

/**
 * A name can match only if enough of the query meets it: at the default threshold, a name
 * that shares less than this share of the query's weight does not reach it (measured with
 * `npm run eval`: no full-scan match is lost). Probes are taken rarest-first; once the probes
 * left could not bring a name that far on their own, they only add to names already reached:
 * the long postings of common tokens (Mohammed, Kim, Trading) then admit no new names, which
 * keeps both the walk and the ranking short. Below the default threshold every probe admits.
 */
const MIN_QUERY_COVERAGE = 0.3;

function splitProbes(probes: Probe[], shares: number[], minCoverage: number, admitting: Probe[], updating: Probe[]): void {
  const shareOf = (m: number) => {
    let c = 0;
    for (let bit = 0; m; bit++, m >>>= 1) if (m & 1) c += shares[bit];
    return c;
  };
  probes.sort((a, b) => shareOf(b.mask) - shareOf(a.mask));
  // Share of the query the probes from k on could still cover.
  const rest = new Array<number>(probes.length + 1).fill(0);
  let union = 0;
  for (let k = probes.length - 1; k >= 0; k--) {
    union = (union | probes[k].mask) >>> 0;
    rest[k] = shareOf(union);
  }
  probes.forEach((p, k) => (rest[k] >= minCoverage ? admitting : updating).push(p));
}

function sortAndLimit(hits: Hit[], limit = 10): Hit[] {
  hits.sort((a, b) => b.result.score - a.result.score || (a.entity.id < b.entity.id ? -1 : 1));
  return hits.slice(0, limit);
}

/** Canonical tokens of a name, each once (document frequency counts names, not mentions). */
function distinctCanonicals(name: PreparedName): Set<string> {
  const out = new Set<string>();
  for (const f of name.forms) for (const t of f.tokens) if (t.role !== 'initial') out.add(canonicalOf(t));
  return out;
}

/** Numbers each distinct listed token (spelling, role, class, guessed class, abjad reading) and glue once. */
function internTokens(name: PreparedName, ids: Map<string, number>): void {
  for (const f of name.forms) {
    for (const t of f.tokens) {
      const key = `${t.text}|${t.role}|${t.cls}|${t.guess}|${t.abjad ? 'abjad' : ''}`;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      t.id = id;
    }
    for (const g of f.glues) {
      // Parts glued out of order compare more strictly (names.ts), so the order is part of the key.
      const key = `glue|${g.text}|${g.key}|${g.idx[1] < g.idx[0] ? 'swapped' : 'in order'}|${g.abjadWords ? 'abjad' : ''}`;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      g.id = id;
    }
  }
}

interface UnkeyedWords {
  /** Share of the words no key stands for; all of a form read from an open script. */
  fixed: number;
  /** Positions of words long enough for the scorer to accept two typos in them (no deletion key covers two)... */
  longMask: number;
  /** ...the shortest of them (255 when none). */
  shortestLong: number;
}

/**
 * Words of a form the keys may miss, by position (bitOf: the index's or the query's bit
 * numbering). A form read from a script that leaves vowels or syllables open meets sounds a
 * consonant or two apart (near skeletons in tokens.ts), which no key catches: on the listed
 * side the whole form counts, since such a form meets any query word that way; on the query
 * side, only its words with letters and consonants enough for a near skeleton (Han syllables
 * have too few), and every word of a reading from an abjad, whose unwritten vowels the scorer
 * supplies.
 */
function unkeyedWords(form: NameForm, bitOf: (i: number) => number, side: 'query' | 'listed'): UnkeyedWords {
  const open = form.method !== 'latin' && form.method !== 'alphabet';
  if (open && (side === 'listed' || form.method === 'abjad')) return { fixed: 1, longMask: 0, shortestLong: 255 };
  let fixed = 0;
  let longMask = 0;
  let shortestLong = 255;
  form.tokens.forEach((t, i) => {
    if (!searchable(t) || (open && t.text.length >= NEAR_SKELETON_LETTERS && t.key.length >= NEAR_SKELETON_CONSONANTS)) fixed += t.weight;
    else if (t.text.length >= TWO_TYPO_LENGTH) {
      longMask = (longMask | bitOf(i)) >>> 0;
      shortestLong = Math.min(shortestLong, t.text.length);
    }
  });
  return { fixed: form.total ? fixed / form.total : 0, longMask, shortestLong };
}

/** A near skeleton across scripts needs words of this many letters and consonants (baseSimilarity). */
const NEAR_SKELETON_LETTERS = 4;
const NEAR_SKELETON_CONSONANTS = 3;
/** Words this long may differ by two typos and still meet (tokens.ts)... */
const TWO_TYPO_LENGTH = 9;
/**
 * ...from a word at most this many letters shorter: two edits, or three with two letters'
 * difference in length (baseSimilarity), or a glued spelling three letters longer (glueSimilarity).
 */
const TWO_TYPO_SPREAD = 3;

const searchable = (t: Token) => t.role === 'name' || t.role === 'patronymic' || t.role === 'common' || t.role === 'number';
const typoKeyed = (t: Token) => t.text.length >= MIN_TYPO_LENGTH && t.text.length <= MAX_TYPO_LENGTH;

/** Every key a listed name is found by, with the positions of the tokens behind it. */
function listedKeys(name: PreparedName, out: Map<number, number>): void {
  const put = (key: number, tokenMask: number) => out.set(key, (out.get(key) ?? 0) | tokenMask);
  const typo: number[] = [];
  if (name.original) put(hashOf(NS_ORIGINAL, name.original), 0xff);
  for (const f of name.forms) {
    f.tokens.forEach((t, i) => {
      if (!searchable(t)) return;
      put(hashOf(NS_TOKEN, canonicalOf(t)), listedBit(i));
      if (t.guess >= 0) put(hashOf(NS_TOKEN, classCanonical(t.guess)), listedBit(i));
      if (t.key.length >= 2) put(hashOf(NS_KEY, t.key), listedBit(i));
      const consonantal = abjadKey(t);
      if (consonantal) put(hashOf(NS_KEY, consonantal), listedBit(i));
      if (t.norm.length >= 3) put(hashOf(NS_NORM, t.norm), listedBit(i));
      if (typoKeyed(t)) {
        typo.length = 0;
        pushTypoKeys(t.text, typo);
        for (const k of typo) put(k, listedBit(i));
      }
    });
    for (const g of f.glues) {
      const m = g.idx.reduce((acc, i) => acc | listedBit(i), 0);
      put(hashOf(NS_TOKEN, g.text), m);
      if (g.key.length >= 3) put(hashOf(NS_KEY, g.key), m);
    }
  }
}

/**
 * A second sound key for a word read letter by letter from an abjad, when it differs from its
 * own: the scorer meets such a word with spellings whose skeleton has its waw as a w (vowels.ts).
 */
function abjadKey(t: Token): string | undefined {
  if (!t.abjad) return undefined;
  const key = consonantalKey(t.text);
  return key.length >= 2 && key !== t.key ? key : undefined;
}

/** The token itself and the token minus each one letter. */
function pushTypoKeys(text: string, out: number[]): void {
  out.push(hashOf(NS_TYPO, text));
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && text[i] === text[i - 1]) continue;
    out.push(hashOf(NS_TYPO, text, i));
  }
}

interface Probe {
  weight: number;
  /** Query token positions the probe stands for (bit i = token i). */
  mask: number;
  keys: number[];
  /** How likely a name reached by each key is to match this token (exact 1, typo and sound less). */
  quality: number[];
}

const EXACT = 1;
const TYPO = 0.9;
const SOUND = 0.85;

function probe(weight: number, mask: number): Probe {
  return { weight, mask, keys: [], quality: [] };
}

const queryBit = (i: number) => (1 << Math.min(i, 31)) >>> 0;
const listedBit = (i: number) => 1 << Math.min(i, 7);

function addKey(p: Probe, key: number, quality: number): void {
  p.keys.push(key);
  p.quality.push(quality);
}

/** The keys one query form looks up, grouped by query token (a token counts once per name). */
function queryProbes(name: PreparedName, form: NameForm): Probe[] {
  const probes: Probe[] = [];
  if (name.original) {
    const p = probe(form.total, 0xffffffff);
    addKey(p, hashOf(NS_ORIGINAL, name.original), EXACT);
    probes.push(p);
  }
  const typo: number[] = [];
  for (let i = 0; i < form.tokens.length; i++) {
    const t = form.tokens[i];
    if (!searchable(t)) continue;
    const p = probe(t.weight, queryBit(i));
    const canonical = canonicalOf(t);
    addKey(p, hashOf(NS_TOKEN, canonical), EXACT);
    if (t.text !== canonical) addKey(p, hashOf(NS_TOKEN, t.text), EXACT);
    if (t.guess >= 0) addKey(p, hashOf(NS_TOKEN, classCanonical(t.guess)), TYPO);
    if (typoKeyed(t)) {
      typo.length = 0;
      pushTypoKeys(t.text, typo);
      for (const k of typo) addKey(p, k, TYPO);
    }
    if (t.norm.length >= 3) addKey(p, hashOf(NS_NORM, t.norm), TYPO);
    if (t.key.length >= 2) addKey(p, hashOf(NS_KEY, t.key), SOUND);
    const consonantal = abjadKey(t);
    if (consonantal) addKey(p, hashOf(NS_KEY, consonantal), SOUND);
    probes.push(p);
  }
  for (const g of form.glues) {
    const p = probe(
      g.weight,
      g.idx.reduce((acc, i) => (acc | queryBit(i)) >>> 0, 0),
    );
    addKey(p, hashOf(NS_TOKEN, g.text), EXACT);
    addKey(p, hashOf(NS_TYPO, g.text), TYPO);
    if (g.key.length >= 3) addKey(p, hashOf(NS_KEY, g.key), SOUND);
    probes.push(p);
  }
  return probes;
}
