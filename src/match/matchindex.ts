import type { Entity } from '../model/entity.js';
import type { SchemaName } from '../model/schema.js';
import { schemasCompatible } from '../model/schema.js';
import { canonicalOf, classCanonical, reweigh, TokenCache, type Glue, type NameForm, type PreparedName, type Token, type WordLookups } from './prepare.js';
import { countriesEffect, DATE_FIELDS, EFFECTS, keptBirthDateEffect, pushDateFields, readDate, type ReadDate } from './evidence.js';
import { GLUE_LENGTH_SPREAD, MIN_BETA, itemSimilarity, nameScoreBound, scriptsBetween } from './names.js';
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
import { hashOf } from './hash.js';
import { SimilarityTable } from './simtable.js';

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

/** The most entityGain can be for any entity. */
function mostGain(q: PreparedQuery): number {
  const birth = q.birthDate ? Math.max(0, EFFECTS.birthDateExact, EFFECTS.birthDateCompatible, EFFECTS.birthDateSwapped) : 0;
  const country = q.countries.length ? Math.max(0, EFFECTS.countryMatch) : 0;
  return birth + country + ROUNDING;
}
const ROUNDING = 0.0005;

/** The name score a match needs: at least `least` for every entity, `of(ei)` for one. */
interface NameScoreNeeds {
  least: number;
  of: (ei: number) => number;
}

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

/**
 * A name's record in MatchIndex, REC 32-bit words (64 bytes, one cache line):
 *   R_MASK_QUERY   bits of the query tokens that met the name, a bit per token of each form (scratch)
 *   R_MET          listed token positions met (LISTED_BITS), slots used (SLOTS_USED), whether
 *                  some meeting went unrecorded (UNRECORDED), and KEY_MET per probe that met
 *                  the name (scratch)
 *   R_QUALITY      summed quality of the keys met (scratch)
 *   R_PROBE        the last probe that met the name (scratch)
 *   R_SLOT ...     SLOTS words: for each of the first probes that met the name, the probe's
 *                  number (bits 24-31) and the posting it met it by (0-23) (scratch; more
 *                  slots, in a second cache line, made no measurable difference)
 *   R_SHAPE        share of the words no key stands for, in UNKEYED_STEPS (bits 0-6); weak
 *                  alias (bit 7); positions of long words (8-15), the shortest of them (16-23),
 *                  the longest word or glue (24-31)
 *   R_SHARES       8 words: the share of the name's weight carried by each token position
 */
const REC = 16;
const R_MASK_QUERY = 0;
const R_MET = 1;
const R_QUALITY = 2;
const R_PROBE = 3;
const R_SLOT = 4;
const SLOTS = 3;
const R_SHAPE = 7;
const R_SHARES = 8;
const LISTED_BITS = 0xff;
const SLOT_USED = 0x100;
const SLOTS_USED = 0x300;
const UNRECORDED = 0x400;
const KEY_MET = 0x10000;
const UNKEYED_STEPS = 0x7f;
const WEAK_BIT = 0x80;
/** A slot holds a posting's position below this and a probe's number below MAX_SLOT_PROBES. */
const SLOT_POSTINGS = 1 << 24;
const MAX_SLOT_PROBES = 256;

/** An entity's evidence record in MatchIndex (EV words). */
const EV = 4;
const EV_STAMP = 0;
const EV_DATES = 1;
const EV_COUNTRIES = 2;
/** In 32-bit float: its error (below 1e-7) is far inside the ROUNDING entityGain adds. */
const EV_NEEDED = 3;

/** The scorer's loosest blend of two coverages (as in nameScoreBound). */
function looseBlend(a: number, b: number): number {
  return (1 - MIN_BETA) * Math.max(a, b) + MIN_BETA * Math.min(a, b);
}

/** Share of a name's weight in the token positions of a listed mask. */
function sharesOf(rf: Float32Array, r: number, listed: number): number {
  let c = 0;
  for (let bit = 0, m = listed; m; bit++, m >>= 1) if (m & 1) c += rf[r + R_SHARES + bit];
  return c;
}

/**
 * How a listed item was read, as a number: its item code is id * READINGS + reading. Readings
 * that the scorer tells apart (scriptsBetween) are as written in Latin letters or letter for
 * letter, from a script that leaves sounds open, and from an abjad.
 */
const READINGS = 3;
const READING_METHOD: NameForm['method'][] = ['latin', 'translit', 'abjad'];
const readingOf = (method: NameForm['method']) => (method === 'latin' || method === 'alphabet' ? 0 : method === 'abjad' ? 2 : 1);

function grown<T extends Int32Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * Postings of one listed item met through one key are checked against the query word's
 * similarity to it (and passed over when it is none) from this many on. Comparing a word for
 * the first time costs about as much as reaching three or four names; a batch remembers its
 * words' comparisons (TokenCache), so later records pay for lookups only. Measured on the
 * bench:match and bench:scale mixes: from 4 both are fastest; at 1 a first-seen query pays more
 * than it saves.
 */
const MIN_SKIPPED_RUN = 4;

/** Tokens this long get deletion keys (shorter ones meet typos through their skeleton). */
const MIN_TYPO_LENGTH = 4;
const MAX_TYPO_LENGTH = 16;

const NS_TOKEN = 0x1000193;
const NS_KEY = 0x2000193;
const NS_TYPO = 0x3000193;
const NS_ORIGINAL = 0x4000193;
const NS_NORM = 0x5000193;

/** Unit weights used while counting token frequencies, before the real weights are known. */
const UNIT_STATS: TokenStats = { weight: () => 1 };

export class MatchIndex {
  readonly size: number;
  /** Compressed postings: names of bucket b are postings[starts[b] .. starts[b+1]). */
  private starts = new Int32Array(1);
  private postings = new Int32Array(0);
  /** Which of its name's tokens each posting stands for (bit i = token i; bit 7 = token 7 and on)... */
  private tokenMasks = new Uint8Array(0);
  /** ...and which listed word or glue, read how (itemCode), or -1 when several stand behind the key. */
  private postingItems = new Int32Array(0);
  /** Every distinct listed word and glue, by id (Token.id, Glue.id), and which are glues. */
  private items: (Token | Glue)[] = [];
  private itemGlued = new Uint8Array(0);
  /** Each item's length in letters (up to 255), for telling cheaply which query glues could meet it. */
  private itemLength = new Uint8Array(0);
  private mask = 0;
  private readonly identifierPostings = new Map<string, number[]>();
  /** For each indexed name: its entity and its position among the entity's names. */
  private readonly nameEntity: Int32Array;
  private readonly nameIndex: Int32Array;
  /**
   * One record of REC words per name (the R_ offsets), holding what lookup reads about a name
   * and its per-query scratch side by side: a query reaches about a thousand names scattered
   * over the index, and with one array per field each name cost a cache miss per field.
   */
  private readonly recordInts: Int32Array;
  private readonly recordFloats: Float32Array;
  /**
   * Per posting, in 1/255 steps rounded up: the share of its name's weight in the words behind
   * it, and the most of the name any query meeting only those words could cover (the words no
   * key stands for added). They let the last probe of a query turn away a name it alone meets
   * without reading the name's record (probe, lastProbeBounds).
   */
  private postingShare = new Uint8Array(0);
  private postingReach = new Uint8Array(0);
  /** Names a query reached so far, one bit each (scratch, cleared with the records). */
  private readonly reached: Int32Array;
  private probeSerial = 0;
  /**
   * Per-query scratch of lookup: the names reached (the first touchedCount), and their ranking.
   * Typed and kept whole: a plain array emptied by `length = 0` gives up its storage and grows
   * it again on every query.
   */
  private touched = new Int32Array(1024);
  private touchedCount = 0;
  private ranked = new Float64Array(1024);
  /** Per-query scratch for grouping names by entity (candidateEntities). */
  private readonly entityStamp: Int32Array;
  private readonly entityNames: Int32Array;
  private readonly nameNext: Int32Array;
  private entitySerial = 0;
  /**
   * Per entity, EV words: the query that last asked the name score it needs, and that score
   * (scratch), where its birth dates start in dateFields (DATE_FIELDS each: first and last
   * day as YYYYMMDD, whether a full date) and where its countries start in entityCountries (as
   * numbers, countryNumbers); the next entity's starts end them. lookup asks for every entity a
   * query reaches, so one entity's are read together and chase no objects.
   */
  private readonly evidence: Int32Array;
  private readonly evidenceFloats: Float32Array;
  private readonly dateFields: Int32Array;
  private neededSerial = 0;
  private readonly countryNumbers = new Map<string, number>();
  private readonly entityCountries: Uint16Array;
  /**
   * Query words seen before, and each one's similarity to the listed items it met, kept from
   * query to query: a batch meets the same given and family names over and over.
   */
  private readonly queryTokens = new TokenCache();
  private readonly wordOf = (t: Token | Glue, glued: boolean): Lookups => {
    let word = t.lookups;
    if (word?.owner !== this) {
      const { keys, quality } = glued ? glueKeys(t as Glue) : wordKeys(t as Token);
      t.lookups = word = { owner: this, keys, quality, sims: new SimilarityTable(), postings: this.postingsOf(keys) };
    }
    return word;
  };
  /** Per query schema: whether each entity's schema is compatible with it (computed once per schema). */
  private readonly schemaFits = new Map<SchemaName, Uint8Array>();

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
    const records = new ArrayBuffer(names * REC * 4);
    this.recordInts = new Int32Array(records);
    this.recordFloats = new Float32Array(records);
    for (let n = 0; n < names; n++) this.recordInts[n * REC + R_PROBE] = -1;
    this.reached = new Int32Array((names >>> 5) + 1);
    this.entityStamp = new Int32Array(prepared.length);
    this.entityNames = new Int32Array(prepared.length);
    const evidence = new ArrayBuffer((prepared.length + 1) * EV * 4);
    this.evidence = new Int32Array(evidence);
    this.evidenceFloats = new Float32Array(evidence);
    const dates: number[] = [];
    const countries: number[] = [];
    prepared.forEach((p, ei) => {
      for (const d of p.birthDates) pushDateFields(readDate(d), dates);
      for (const c of p.countries) {
        let number = this.countryNumbers.get(c);
        if (number === undefined) this.countryNumbers.set(c, (number = this.countryNumbers.size));
        countries.push(number);
      }
      this.evidence[(ei + 1) * EV + EV_DATES] = dates.length / DATE_FIELDS;
      this.evidence[(ei + 1) * EV + EV_COUNTRIES] = countries.length;
    });
    if (this.countryNumbers.size > 0xffff) throw new Error(`the lists name ${this.countryNumbers.size} countries; the matching index numbers at most 65,535`);
    this.dateFields = Int32Array.from(dates);
    this.entityCountries = Uint16Array.from(countries);
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
    let items = new Int32Array(1 << 20);
    const keyEnd = new Int32Array(this.nameEntity.length);
    const perName = new Map<number, number>();
    const itemOf = new Map<number, number>();
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
        internTokens(name, tokenIds, this.items);
        this.nameEntity[id] = ei;
        this.nameIndex[id] = ni;
        this.recordName(id, name);
        perName.clear();
        itemOf.clear();
        listedKeys(name, perName, itemOf);
        if (used + perName.size > keys.length) {
          const size = Math.max(keys.length * 2, used + perName.size);
          keys = grown(keys, size);
          masks = grown(masks, size);
          items = grown(items, size);
        }
        for (const [key, tokenMask] of perName) {
          keys[used] = key;
          items[used] = itemOf.get(key)!;
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
    // Beyond this, lookup would record no meetings in slots and bound no name by similarities.
    if (used >= SLOT_POSTINGS) throw new Error(`the lists have ${used} index keys; the matching index holds at most ${SLOT_POSTINGS - 1}`);
    const postings = new Int32Array(used);
    const postingMasks = new Uint8Array(used);
    const postingItems = new Int32Array(used);
    const postingShare = new Uint8Array(used);
    const postingReach = new Uint8Array(used);
    const nameOf = new Int32Array(used);
    for (let n = 0, k = 0; n < keyEnd.length; n++) for (; k < keyEnd[n]; k++) nameOf[k] = n;
    const { recordInts: ri, recordFloats: rf } = this;
    const steps = (share: number) => Math.min(255, Math.ceil(share * 255 - 1e-6));
    for (const k of byItem(items, used, this.items.length * READINGS)) {
      const at = cursor[keys[k] & this.mask]++;
      const r = nameOf[k] * REC;
      const shape = ri[r + R_SHAPE];
      postings[at] = nameOf[k];
      postingMasks[at] = masks[k];
      postingItems[at] = items[k];
      postingShare[at] = steps(sharesOf(rf, r, masks[k]));
      postingReach[at] = steps((shape & UNKEYED_STEPS) / UNKEYED_STEPS + sharesOf(rf, r, masks[k] | ((shape >>> 8) & 0xff)));
    }
    this.postingShare = postingShare;
    this.postingReach = postingReach;
    this.starts = starts;
    this.postings = postings;
    this.tokenMasks = postingMasks;
    this.postingItems = postingItems;
    this.itemGlued = Uint8Array.from(this.items, (x) => ('idx' in x ? 1 : 0));
    this.itemLength = Uint8Array.from(this.items, (x) => Math.min(255, x.text.length));
  }

  /**
   * A name's record: the token shares of its lightest form by position (positions past 7 share
   * slot 7), the words the keys may miss, its longest word, and whether it is a weak alias.
   */
  private recordName(id: number, name: PreparedName): void {
    const r = id * REC;
    let form = name.forms[0];
    for (const f of name.forms) if (f.total < form.total) form = f;
    const total = form.total || 1;
    form.tokens.forEach((t, i) => {
      if (searchable(t)) this.recordFloats[r + R_SHARES + Math.min(i, 7)] += t.weight / total;
    });
    const unkeyed = unkeyedWords(form, listedBit, 'listed');
    const unkeyedShare = name.forms.some((f) => f.tokens.length !== form.tokens.length) ? 1 : unkeyed.fixed;
    let longest = 0;
    for (const f of name.forms) {
      for (const t of f.tokens) longest = Math.max(longest, t.text.length);
      for (const g of f.glues) longest = Math.max(longest, g.text.length);
    }
    const weak = name.kind === 'weak_alias' ? WEAK_BIT : 0;
    // Rounded up: the share is used in a bound.
    const unkeyedSteps = Math.min(UNKEYED_STEPS, Math.ceil(unkeyedShare * UNKEYED_STEPS - 1e-9));
    this.recordInts[r + R_SHAPE] = unkeyedSteps | weak | (unkeyed.longMask << 8) | (Math.min(255, unkeyed.shortestLong) << 16) | (Math.min(255, longest) << 24);
  }

  /**
   * Forgets the query words seen so far and what was remembered of their comparisons
   * (queryTokens, and with their tokens what was looked up for them): later queries are screened
   * as by a new index, but for the code V8 has compiled by then. Results never depend on it.
   */
  forgetQueries(): void {
    this.queryTokens.clear();
  }

  /** Candidate generation from the index + full scoring of candidates only; best first. */
  search(query: MatchQuery, opts: { threshold?: number; limit?: number; schema?: SchemaName } = {}): Hit[] {
    const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    const q = prepareQuery(opts.schema && !query.schema ? { ...query, schema: opts.schema } : query, this.stats, this.queryTokens);
    const hits: Hit[] = [];
    this.scoreCandidates(q, threshold, (p, view, ev) => {
      if (ev.score >= threshold) hits.push({ entity: p.entity, result: resultOf(ev, q, view, threshold) });
    });
    return sortAndLimit(hits, opts.limit);
  }

  /** Candidate entity ids: the entities search() scores fully (for measuring candidate recall against a full scan). */
  candidates(query: MatchQuery, opts: { threshold?: number } = {}): Set<string> {
    const q = prepareQuery(query, this.stats, this.queryTokens);
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
    const needs = this.nameScoreNeeds(q, threshold);
    const { byIdentifier, byName } = this.candidateEntities(q, threshold, needs);
    const fits = q.schema ? this.entitiesFitting(q.schema) : undefined;
    const nameIdx: number[] = [];
    for (let k = 0, all = byIdentifier.length + byName.length; k < all; k++) {
      if (scored >= MAX_SCORED || checked >= MAX_CHECKED) break;
      const identified = k < byIdentifier.length;
      const ei = identified ? byIdentifier[k] : byName[k - byIdentifier.length];
      if (fits && !fits[ei]) continue;
      const p = this.prepared[ei];
      checked++;
      this.reachedNames(ei, identified, nameIdx);
      if (!identified && !mayReach(q, p, nameIdx, needs.of(ei))) continue;
      // The entity's other names share no key with the query, or too little to count.
      const view: PreparedEntity = nameIdx.length === p.names.length ? p : { ...p, names: nameIdx.map((i) => p.names[i]) };
      scored++;
      visit(p, view, evaluate(q, view));
    }
  }

  /**
   * The name score each entity needs for a match: the threshold less what its own birth dates
   * and countries add for this query. A query's birth date lowers the bar only for entities
   * born then; for one born at another time it raises it (computed once per entity a query reaches).
   */
  private nameScoreNeeds(q: PreparedQuery, threshold: number): NameScoreNeeds {
    const least = threshold - mostGain(q);
    if (!q.birthDate && !q.countries.length) return { least, of: () => least };
    const serial = ++this.neededSerial;
    const { evidence, evidenceFloats } = this;
    const born = q.birthDate ? readDate(q.birthDate) : undefined;
    // A country no listing names is shared with none (-1 matches no entity's).
    const countries = q.countries.length ? q.countries.map((c) => this.countryNumbers.get(c) ?? -1) : undefined;
    const of = (ei: number) => {
      if (evidence[ei * EV + EV_STAMP] !== serial) {
        evidence[ei * EV + EV_STAMP] = serial;
        evidenceFloats[ei * EV + EV_NEEDED] = threshold - this.entityGain(born, countries, ei);
      }
      return evidenceFloats[ei * EV + EV_NEEDED];
    };
    return { least, of };
  }

  /**
   * What an entity's own birth dates and countries add to any name score for the query (its
   * birth date read, its countries numbered), as evaluate adds them (gender and identifiers
   * only take away).
   */
  private entityGain(born: ReadDate | undefined, countries: number[] | undefined, ei: number): number {
    const { evidence: ev, dateFields } = this;
    const at = ei * EV;
    let gain = ROUNDING;
    if (born) gain += keptBirthDateEffect(born, dateFields, ev[at + EV_DATES], ev[at + EV + EV_DATES]);
    if (countries) {
      const from = ev[at + EV_COUNTRIES];
      const to = ev[at + EV + EV_COUNTRIES];
      let shared = false;
      for (let k = from; k < to && !shared; k++) shared = countries.includes(this.entityCountries[k]);
      gain += countriesEffect(to > from, shared);
    }
    return gain;
  }

  private entitiesFitting(schema: SchemaName): Uint8Array {
    let fits = this.schemaFits.get(schema);
    if (!fits) {
      fits = new Uint8Array(this.prepared.length);
      this.prepared.forEach((p, ei) => (fits![ei] = schemasCompatible(schema, p.entity.schema) ? 1 : 0));
      this.schemaFits.set(schema, fits);
    }
    return fits;
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
  private candidateEntities(q: PreparedQuery, threshold: number, needs: NameScoreNeeds): { byIdentifier: number[]; byName: number[] } {
    const { entityStamp, entityNames, nameNext, nameEntity } = this;
    const serial = ++this.entitySerial;
    const identified = new Set<number>();
    for (const id of q.identifiers) for (const ei of this.identifierPostings.get(id.value) ?? []) identified.add(ei);
    const names = this.lookup(q, threshold, needs);
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

  /**
   * Walks one probe's postings; names it reaches for the first time count only when admitting.
   * Each name keeps, for the first probes that meet it, the posting they met it by, so that
   * lookup can bound it by how alike the words behind the keys really are (boundBySimilarity).
   */
  private probe(probe: Probe, admit: boolean, last?: LastProbeBounds): void {
    const { starts, postings, tokenMasks, postingItems, postingShare, postingReach, reached, mask, recordInts: ri, recordFloats: rf } = this;
    const serial = ++this.probeSerial;
    const recordable = probe.index < MAX_SLOT_PROBES;
    const slotTag = probe.index << 24;
    for (let j = 0; j < probe.keys.length; j++) {
      // Keys go from the most to the least certain; a name counts with its best one.
      const b = probe.keys[j] & mask;
      const end = starts[b + 1];
      const shareNeeded = last ? last.shareNeeded[j] : 0;
      const reachNeeded = last ? last.reachNeeded : 0;
      for (let k = starts[b], run = k; k < end; k++) {
        if (k === run) {
          // A bucket's postings are grouped by listed item: a run of names met through one word
          // the query word never meets is passed over whole, when long enough to pay for the comparison.
          const item = postingItems[k];
          while (run < end && postingItems[run] === item) run++;
          if (run - k >= MIN_SKIPPED_RUN && this.similarityAt(probe, item) === 0) {
            k = run - 1;
            continue;
          }
        }
        const n = postings[k];
        // The last probe of a query turns away, unread, a name nothing met before whose words
        // behind this key could not carry it to the estimate floor or the threshold on their own.
        if (last && (postingShare[k] < shareNeeded || postingReach[k] < reachNeeded) && !(reached[n >>> 5] & (1 << (n & 31)))) continue;
        const r = n * REC;
        const met = ri[r + R_MET];
        if (ri[r + R_PROBE] === serial) {
          // Met again by the same word: through another key, which may stand for another listed word.
          if (!(met & UNRECORDED) && postingItems[ri[r + R_SLOT + ((met & SLOTS_USED) >>> 8) - 1] & (SLOT_POSTINGS - 1)] !== postingItems[k]) {
            ri[r + R_MET] = met | UNRECORDED;
          }
          continue;
        }
        if (met === 0) {
          if (!admit) continue;
          if (this.touchedCount === this.touched.length) this.touched = grown(this.touched, 2 * this.touched.length);
          this.touched[this.touchedCount++] = n;
          reached[n >>> 5] |= 1 << (n & 31);
        }
        ri[r + R_PROBE] = serial;
        const used = (met & SLOTS_USED) >>> 8;
        if (used < SLOTS && recordable && !(met & UNRECORDED)) {
          ri[r + R_SLOT + used] = slotTag | k;
          ri[r + R_MET] = (met + KEY_MET + SLOT_USED) | tokenMasks[k];
        } else {
          ri[r + R_MET] = (met + KEY_MET) | tokenMasks[k] | UNRECORDED;
        }
        rf[r + R_QUALITY] += probe.quality[j];
        ri[r + R_MASK_QUERY] |= probe.mask;
      }
    }
  }

  private postingsOf(keys: number[]): number {
    let count = 0;
    for (const key of keys) count += this.starts[(key & this.mask) + 1] - this.starts[key & this.mask];
    return count;
  }

  /** Position of the probe whose keys lead to the most postings. */
  private longestPostings(probes: Probe[]): number {
    let best = -1;
    let most = -1;
    probes.forEach((p, i) => {
      if (p.postings < 0) p.postings = this.postingsOf(p.keys);
      if (p.postings > most) (most = p.postings), (best = i);
    });
    return best;
  }

  /**
   * The key-based bound of a name again, with each met word counted as alike as it is to the
   * listed word behind the key (not as identical), from the meetings its slots recorded; names
   * with unrecorded meetings are not bounded this way. Only names the cheaper bound let through
   * get here, so few words are compared.
   */
  private boundBySimilarity(r: number, probes: Probe[], queryLoose: number, listedLoose: number): number {
    const { recordInts: ri, recordFloats: rf } = this;
    const met = ri[r + R_MET];
    if (met & UNRECORDED) return 1;
    let query = queryLoose;
    let listed = listedLoose;
    for (let s = 0, used = (met & SLOTS_USED) >>> 8; s < used; s++) {
      const slot = ri[r + R_SLOT + s];
      const k = slot & (SLOT_POSTINGS - 1);
      const p = probes[slot >>> 24];
      const sim = this.similarityAt(p, this.postingItems[k]);
      query += p.share * sim;
      listed += sim * sharesOf(rf, r, this.tokenMasks[k]);
    }
    return looseBlend(Math.min(1, query), Math.min(1, listed));
  }

  /**
   * A probe's word against the listed item behind a posting (1 when unknown). A word glued to
   * its neighbour in the query counts as alike as its glued spelling is ("AL RAVI" met through
   * Ravi's keys is Alavi with one letter more): glued spellings have no typo keys of their own.
   */
  private similarityAt(probe: Probe, code: number): number {
    if (code < 0 || !probe.item) return 1;
    const id = (code / READINGS) | 0;
    const listedGlued = this.itemGlued[id] === 1;
    let sim = probe.sims.get(code);
    if (sim < 0) {
      sim = itemSimilarity(probe.item, probe.glued, this.items[id], listedGlued, scriptsBetween(probe.method, READING_METHOD[code % READINGS]));
      probe.sims.set(code, sim);
    }
    // The query's glues are its own (probe.sims of a word serves every query that has it); a
    // glue meets only words of about its length (glueMayMeet).
    const length = this.itemLength[id];
    if (sim < 1 && !listedGlued && length + GLUE_LENGTH_SPREAD >= probe.glueShortest && length <= probe.glueLongest + GLUE_LENGTH_SPREAD) {
      const scripts = scriptsBetween(probe.method, READING_METHOD[code % READINGS]);
      for (const g of probe.glues) if (sim < 1) sim = Math.max(sim, itemSimilarity(g, true, this.items[id], false, scripts));
    }
    return sim;
  }

  /**
   * Looks up the query's keys and returns the names worth scoring, best estimate first.
   * The estimate is the query weight a name shares keys with, against both names' totals,
   * blended as the scorer blends coverage, so a short listed name inside the query ranks high.
   * needs: the name score a match with each entity needs, its evidence taken off (scoreCandidates).
   */
  private lookup(q: PreparedQuery, threshold: number, needs: NameScoreNeeds): Int32Array {
    const floor = threshold * MIN_ESTIMATE_RATIO;
    const minCoverage = threshold >= DEFAULT_THRESHOLD ? MIN_QUERY_COVERAGE : 0;
    const { nameEntity } = this;
    const least = needs.least - KEY_BOUND_MARGIN;
    this.touchedCount = 0;
    // Query token shares by bit, per form of each query name. Each form's tokens have bits of
    // their own, after the previous forms' (past 31 they share bit 31), so that a name met by a
    // word of one reading ("alexander" of "Alexander KHRYAKOV") is not taken to cover the word at
    // that position in another ("alexanderkhryakov" as written, the whole query).
    const queryShares: number[][] = [];
    const queryUnkeyed: UnkeyedWords[] = [];
    let queryLongest = 0;
    const admitting: Probe[] = [];
    const updating: Probe[] = [];
    let firstBit = 0;
    for (const name of q.names) {
      for (const form of name.forms) {
        const total = form.total || 1;
        const bitOf = (i: number) => queryBit(firstBit + i);
        const shares = new Array<number>(32).fill(0);
        form.tokens.forEach((t, i) => {
          if (searchable(t)) shares[Math.min(firstBit + i, 31)] += t.weight / total;
        });
        queryShares.push(shares);
        queryUnkeyed.push(unkeyedWords(form, bitOf, 'query'));
        for (const t of form.tokens) queryLongest = Math.max(queryLongest, t.text.length);
        for (const g of form.glues) queryLongest = Math.max(queryLongest, g.text.length);
        splitProbes(queryProbes(name, form, this.wordOf, bitOf), shares, minCoverage, admitting, updating);
        firstBit += form.tokens.length;
      }
    }
    // With no probe to update after it, the probe with the longest postings goes last, and
    // the names only it meets are bounded by what it alone could give them (lastProbeBounds).
    const last = updating.length === 0 && admitting.length > 1 ? this.longestPostings(admitting) : -1;
    if (last >= 0) admitting.push(...admitting.splice(last, 1));
    const probes = [...admitting, ...updating];
    probes.forEach((p, i) => (p.index = i));
    for (let k = 0; k < admitting.length; k++) {
      const bounds = last >= 0 && k === admitting.length - 1 ? lastProbeBounds(admitting[k], queryShares, queryUnkeyed, floor, least) : undefined;
      this.probe(admitting[k], true, bounds);
    }
    for (const probe of updating) this.probe(probe, false);
    const { touched, touchedCount } = this;
    const { recordInts: ri, recordFloats: rf, reached } = this;
    // Names worth scoring, as one number each that sorts best estimate first (then by name).
    if (this.ranked.length < touchedCount) this.ranked = new Float64Array(touchedCount * 2);
    const ranked = this.ranked;
    let count = 0;
    const queryExtra = new Array<number>(queryUnkeyed.length);
    // Most names in a row were met by the same probes and have words as long: what depends
    // only on those is computed again only when they change.
    let cqMask = -1;
    let cq = 0;
    let extraLongest = -1;
    let hiMask = -1;
    let hiQ = 0;
    let looseQ = -1;
    for (let t = 0; t < touchedCount; t++) {
      const n = touched[t];
      const r = n * REC;
      reached[n >>> 5] = 0;
      const metQuery = ri[r + R_MASK_QUERY] >>> 0;
      const met = ri[r + R_MET];
      const metListed = met & LISTED_BITS;
      const shape = ri[r + R_SHAPE];
      const cl = sharesOf(rf, r, metListed);
      const quality = rf[r + R_QUALITY] / (met >>> 16);
      ri[r + R_MASK_QUERY] = 0;
      rf[r + R_QUALITY] = 0;
      if (metQuery !== cqMask) (cqMask = metQuery), (cq = coverage(queryShares, metQuery));
      const c = Math.min(1, cl);
      let est = estimateOf(cq, c, quality);
      if (shape & WEAK_BIT) est -= 0.05;
      if (est < floor) {
        ri[r + R_MET] = 0;
        continue;
      }
      // If every keyed word met at full similarity and every unkeyed word that could meet a
      // word of the other name did too, could the name reach the threshold with the best
      // evidence? (The scorer's loosest blend, as in nameScoreBound.) And if so, with the keyed
      // words as alike as they are?
      if (shape >>> 24 !== extraLongest) {
        extraLongest = shape >>> 24;
        for (let f = 0; f < queryUnkeyed.length; f++) {
          const u = queryUnkeyed[f];
          queryExtra[f] = extraLongest + TWO_TYPO_SPREAD >= u.shortestLong ? u.longMask : 0;
        }
        hiMask = -1;
        looseQ = -1;
      }
      if (metQuery !== hiMask) (hiMask = metQuery), (hiQ = coverage(queryShares, metQuery, queryExtra, queryUnkeyed));
      const listedExtra = queryLongest + TWO_TYPO_SPREAD >= ((shape >>> 16) & 0xff) ? (shape >>> 8) & 0xff : 0;
      const looseL = (shape & UNKEYED_STEPS) / UNKEYED_STEPS + sharesOf(rf, r, listedExtra);
      const hiL = Math.min(1, looseL + sharesOf(rf, r, metListed & ~listedExtra));
      // The entity's own evidence is weighed only for names that pass with the most any could have.
      const loose = looseBlend(hiQ, hiL);
      let reaches = loose >= least;
      if (reaches) {
        const needed = needs.of(nameEntity[n]) - KEY_BOUND_MARGIN;
        if (loose >= needed && looseQ < 0) looseQ = coverage(queryShares, 0, queryExtra, queryUnkeyed);
        reaches = loose >= needed && this.boundBySimilarity(r, probes, looseQ, looseL) >= needed;
      }
      ri[r + R_MET] = 0;
      if (reaches) ranked[count++] = Math.round((2 - est) * ESTIMATE_STEPS) * NAME_SPACE + n;
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

/** lookup's estimate of a name: the query's and the name's covered shares blended, the better counting more, times the keys' quality. */
function estimateOf(queryCovered: number, nameCovered: number, quality: number): number {
  return (0.7 * Math.max(queryCovered, nameCovered) + 0.3 * Math.min(queryCovered, nameCovered)) * quality;
}

/** What a name met only by the last probe needs of the words behind a posting, in postingShare and postingReach steps. */
interface LastProbeBounds {
  /** Per key: the least postingShare for the estimate to reach the floor with the key's quality... */
  shareNeeded: Int32Array;
  /** ...and the least postingReach for the loosest name score to reach the least any entity needs. */
  reachNeeded: number;
}

/**
 * lookup's estimate and loose bound of a name the last probe alone meets, turned around into the
 * least share and reach a posting must have; both only grow with them. The query side is taken
 * at its most (every word no key stands for counted as met), the listed side rounded up.
 */
function lastProbeBounds(last: Probe, queryShares: number[][], queryUnkeyed: UnkeyedWords[], floor: number, least: number): LastProbeBounds {
  const cq = coverage(queryShares, last.mask);
  const hiQ = coverage(
    queryShares,
    last.mask,
    queryUnkeyed.map((u) => u.longMask),
    queryUnkeyed,
  );
  // The least step in 0..256 (256: none) that reaches, by bisection.
  const leastStep = (reaches: (share: number) => boolean) => {
    let lo = 0;
    let hi = 256;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (reaches(mid / 255)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const shareNeeded = Int32Array.from(last.quality, (quality) =>
    leastStep((c) => estimateOf(cq, c, quality) >= floor - 1e-9),
  );
  return { shareNeeded, reachNeeded: leastStep((reach) => looseBlend(hiQ, Math.min(1, reach)) >= least - 1e-9) };
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
  for (const p of probes) p.share = shareOf(p.mask);
  probes.sort((a, b) => b.share - a.share);
  // Share of the query the probes from k on could still cover.
  const rest = new Array<number>(probes.length + 1).fill(0);
  let union = 0;
  for (let k = probes.length - 1; k >= 0; k--) {
    union = (union | probes[k].mask) >>> 0;
    rest[k] = shareOf(union);
  }
  probes.forEach((p, k) => (rest[k] >= minCoverage ? admitting : updating).push(p));
}

/** Positions 0..used-1 ordered by item code (-1 last), in order within one code: a counting sort. */
function byItem(items: Int32Array, used: number, codes: number): Int32Array {
  const start = new Int32Array(codes + 2);
  for (let k = 0; k < used; k++) start[(items[k] < 0 ? codes : items[k]) + 1]++;
  for (let c = 0; c <= codes; c++) start[c + 1] += start[c];
  const order = new Int32Array(used);
  for (let k = 0; k < used; k++) order[start[items[k] < 0 ? codes : items[k]]++] = k;
  return order;
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
function internTokens(name: PreparedName, ids: Map<string, number>, items: (Token | Glue)[]): void {
  for (const f of name.forms) {
    for (const t of f.tokens) {
      const key = `${t.text}|${t.role}|${t.cls}|${t.guess}|${t.abjad ? 'abjad' : ''}`;
      let id = ids.get(key);
      if (id === undefined) {
        ids.set(key, (id = ids.size));
        items.push(t);
      }
      t.id = id;
    }
    for (const g of f.glues) {
      // Parts glued out of order compare more strictly (names.ts), so the order is part of the key.
      const key = `glue|${g.text}|${g.key}|${g.idx[1] < g.idx[0] ? 'swapped' : 'in order'}|${g.abjadWords ? 'abjad' : ''}`;
      let id = ids.get(key);
      if (id === undefined) {
        ids.set(key, (id = ids.size));
        items.push(g);
      }
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

/**
 * Every key a listed name is found by, with the positions of the tokens behind it and the
 * code of the one listed item behind it (-1 when several are).
 */
function listedKeys(name: PreparedName, out: Map<number, number>, itemOf: Map<number, number>): void {
  let item = -1;
  const put = (key: number, tokenMask: number) => {
    const before = itemOf.get(key);
    itemOf.set(key, before === undefined || before === item ? item : -1);
    out.set(key, (out.get(key) ?? 0) | tokenMask);
  };
  const typo: number[] = [];
  if (name.original) put(hashOf(NS_ORIGINAL, name.original), 0xff);
  for (const f of name.forms) {
    const reading = readingOf(f.method);
    f.tokens.forEach((t, i) => {
      if (!searchable(t)) return;
      item = t.id! * READINGS + reading;
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
      item = g.id! * READINGS + reading;
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

interface Probe extends Lookups {
  weight: number;
  /** The bits of the query tokens the probe stands for (one per token of each query form: lookup)... */
  mask: number;
  /** ...and their share of the query form's weight (splitProbes). */
  share: number;
  /** The query word or glued spelling looked up (none for the name as written), whether glued, how its form was read... */
  item?: Token | Glue;
  glued: boolean;
  method: NameForm['method'];
  /** ...and the query's glued spellings holding that word, the shortest and longest of them (255 and 0: none). */
  glues: Glue[];
  glueShortest: number;
  glueLongest: number;
  /** Its number in the query (lookup). */
  index: number;
}

/**
 * What a probe looks up and has met (WordLookups): a query word's or glued spelling's are kept
 * on it from query to query (MatchIndex.wordOf) and only added to; the name as written's are
 * the query's own.
 */
type Lookups = Omit<WordLookups, 'owner'>;

/** The name as written has no word to compare: its meetings count in full (similarityAt). */
const NO_SIMILARITIES = new SimilarityTable();

const EXACT = 1;
const TYPO = 0.9;
const SOUND = 0.85;

function probe(weight: number, mask: number, method: NameForm['method'], lookups: Lookups, item?: Token | Glue, glued = false): Probe {
  const { keys, quality, sims, postings } = lookups;
  return { weight, mask, share: 0, item, glued, method, glues: [], glueShortest: 255, glueLongest: 0, index: 0, keys, quality, sims, postings };
}

const queryBit = (i: number) => (1 << Math.min(i, 31)) >>> 0;
const listedBit = (i: number) => 1 << Math.min(i, 7);

/** The keys a query word is looked up by, most certain first, each with its quality. */
function wordKeys(t: Token): { keys: number[]; quality: number[] } {
  const keys: number[] = [];
  const quality: number[] = [];
  const add = (key: number, q: number) => {
    keys.push(key);
    quality.push(q);
  };
  const canonical = canonicalOf(t);
  add(hashOf(NS_TOKEN, canonical), EXACT);
  if (t.text !== canonical) add(hashOf(NS_TOKEN, t.text), EXACT);
  if (t.guess >= 0) add(hashOf(NS_TOKEN, classCanonical(t.guess)), TYPO);
  if (typoKeyed(t)) {
    const typo: number[] = [];
    pushTypoKeys(t.text, typo);
    for (const k of typo) add(k, TYPO);
  }
  if (t.norm.length >= 3) add(hashOf(NS_NORM, t.norm), TYPO);
  if (t.key.length >= 2) add(hashOf(NS_KEY, t.key), SOUND);
  const consonantal = abjadKey(t);
  if (consonantal) add(hashOf(NS_KEY, consonantal), SOUND);
  return { keys, quality };
}

/** The keys a query's glued spelling is looked up by: glued spellings have typo keys of their own only whole. */
function glueKeys(g: Glue): { keys: number[]; quality: number[] } {
  const keys = [hashOf(NS_TOKEN, g.text), hashOf(NS_TYPO, g.text)];
  const quality = [EXACT, TYPO];
  if (g.key.length >= 3) keys.push(hashOf(NS_KEY, g.key)), quality.push(SOUND);
  return { keys, quality };
}

/**
 * The keys one query form looks up, grouped by query token (a token counts once per name).
 * wordOf: a query word's keys and its similarities to listed items (MatchIndex.wordOf); bitOf:
 * the bit of the form's token at a position (lookup).
 */
function queryProbes(name: PreparedName, form: NameForm, wordOf: (item: Token | Glue, glued: boolean) => Lookups, bitOf: (i: number) => number): Probe[] {
  const probes: Probe[] = [];
  if (name.original) {
    probes.push(probe(form.total, 0xffffffff, form.method, { keys: [hashOf(NS_ORIGINAL, name.original)], quality: [EXACT], sims: NO_SIMILARITIES, postings: -1 }));
  }
  for (let i = 0; i < form.tokens.length; i++) {
    const t = form.tokens[i];
    if (!searchable(t)) continue;
    const p = probe(t.weight, bitOf(i), form.method, wordOf(t, false), t);
    p.glues = form.glues.filter((g) => g.idx.includes(i));
    for (const g of p.glues) {
      p.glueShortest = Math.min(p.glueShortest, g.text.length);
      p.glueLongest = Math.max(p.glueLongest, g.text.length);
    }
    probes.push(p);
  }
  for (const g of form.glues) {
    probes.push(probe(g.weight, g.idx.reduce((acc, i) => (acc | bitOf(i)) >>> 0, 0), form.method, wordOf(g, true), g, true));
  }
  return probes;
}
