import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../../src/model/entity.js';
import { loadAllLists } from '../../src/match/eval/lists.js';
import { NEGATIVES_FILE, POSITIVES_FILE, sharedData } from '../../src/match/eval/paths.js';
import { readPairs } from '../../src/match/eval/csv.js';
import { isPositiveCategory, NEGATIVE_CATEGORIES, POSITIVE_CATEGORIES, type PairRow } from '../../src/match/eval/generate.js';
import { Random } from '../../src/match/eval/random.js';
import { DEFAULT_THRESHOLD, MatchIndex, scoreEntity, type Hit, type MatchQuery } from '../../src/match/index.js';
import { compareNames, nameScoreBound } from '../../src/match/names.js';
import { prepareEntity, prepareQuery } from '../../src/match/score.js';

/**
 * Candidate generation against a brute-force scan, on the labelled sets eval/variants.csv and
 * eval/hard_negatives.csv: the issue asks that it lose under 0.5% of the matches a full scan
 * finds. A full scan scores every listed entity, so it runs on a fixed stratified sample
 * (this file runs in its own vitest worker, beside the other engine tests).
 */

const THRESHOLD = DEFAULT_THRESHOLD;
const MAX_LOSS = 0.005;
/** Queries per category in the scanned sample: 9 positive categories x 5 + 5 negative x 2 = 55. */
const PER_POSITIVE_CATEGORY = 5;
const PER_NEGATIVE_CATEGORY = 2;
const SEED = 7;
const ALL_HITS = 100_000;

interface QueryOutcome {
  query: MatchQuery;
  category: string;
  full: Hit[];
  candidates: Set<string>;
  searched: Hit[];
}

let index: MatchIndex;
let byId: Map<string, Entity>;
let pairs: PairRow[];
let outcomes: QueryOutcome[];

/** The same rows for the same files: a seeded shuffle per category, in the generator's order. */
function sample(rows: PairRow[]): PairRow[] {
  const rng = new Random(SEED);
  const pick = (category: string, n: number) => rng.shuffle(rows.filter((r) => r.category === category)).slice(0, n);
  return [...POSITIVE_CATEGORIES.flatMap((c) => pick(c, PER_POSITIVE_CATEGORY)), ...NEGATIVE_CATEGORIES.flatMap((c) => pick(c, PER_NEGATIVE_CATEGORY))];
}

const above = (hits: Hit[]) => hits.filter((h) => h.result.score >= THRESHOLD);
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

beforeAll(async () => {
  const entities = await loadAllLists(sharedData());
  byId = new Map(entities.map((e) => [e.id, e]));
  index = MatchIndex.build(entities);
  pairs = [...(await readPairs(POSITIVES_FILE)), ...(await readPairs(NEGATIVES_FILE))];
  outcomes = sample(pairs).map((p) => {
    const query: MatchQuery = { name: p.query, schema: p.schema };
    return {
      query,
      category: p.category,
      full: above(index.scan(query, { threshold: THRESHOLD, limit: ALL_HITS })),
      candidates: index.candidates(query, { threshold: THRESHOLD }),
      searched: above(index.search(query, { threshold: THRESHOLD, limit: ALL_HITS })),
    };
  });
});

describe('candidate generation against a full scan (eval/variants.csv, eval/hard_negatives.csv)', () => {
  it('samples every category of both sets, the same rows every run', () => {
    expect(outcomes.length).toBe(POSITIVE_CATEGORIES.length * PER_POSITIVE_CATEGORY + NEGATIVE_CATEGORIES.length * PER_NEGATIVE_CATEGORY);
    expect(new Set(outcomes.map((o) => o.category))).toEqual(new Set([...POSITIVE_CATEGORIES, ...NEGATIVE_CATEGORIES]));
    expect(sample(pairs).map((p) => p.query)).toEqual(outcomes.map((o) => o.query.name));
    // Enough full-scan matches for the share below to mean something.
    expect(outcomes.reduce((n, o) => n + o.full.length, 0)).toBeGreaterThanOrEqual(100);
  });

  it('candidates() and search() lose under 0.5% of the entities a full scan puts at or above the threshold', () => {
    let full = 0;
    let lostByCandidates = 0;
    let lostBySearch = 0;
    const examples: string[] = [];
    for (const o of outcomes) {
      const searched = new Set(o.searched.map((h) => h.entity.id));
      for (const hit of o.full) {
        full++;
        const byCandidates = !o.candidates.has(hit.entity.id);
        const bySearch = !searched.has(hit.entity.id);
        if (byCandidates) lostByCandidates++;
        if (bySearch) lostBySearch++;
        if (byCandidates || bySearch) {
          examples.push(`${o.category}: "${o.query.name}" (${o.query.schema}) lost ${hit.entity.id} "${hit.result.explanation.matchedName}" ${hit.result.score}${byCandidates ? '' : ' (proposed, not returned by search)'}`);
        }
      }
    }
    console.log(
      `candidate generation vs full scan, threshold ${THRESHOLD}: ${outcomes.length} queries, ${full} full-scan matches; ` +
        `lost by candidates(): ${lostByCandidates} = ${pct(lostByCandidates / full)}; lost by search(): ${lostBySearch} = ${pct(lostBySearch / full)}` +
        (examples.length ? `\n  ${examples.join('\n  ')}` : ''),
    );
    expect(full).toBeGreaterThan(0);
    expect(lostByCandidates / full).toBeLessThan(MAX_LOSS);
    expect(lostBySearch / full).toBeLessThan(MAX_LOSS);
  });

  it('search() returns nothing the full scan does not find, and never scores above it', () => {
    const problems: string[] = [];
    for (const o of outcomes) {
      const full = new Map(o.full.map((h) => [h.entity.id, h.result.score]));
      for (const h of o.searched) {
        const scanned = full.get(h.entity.id);
        if (scanned === undefined) problems.push(`"${o.query.name}": ${h.entity.id} ${h.result.score} only from search`);
        else if (h.result.score > scanned) problems.push(`"${o.query.name}": ${h.entity.id} ${h.result.score} > scan ${scanned}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('for every positive of variants.csv whose listed entity reaches the threshold, candidates() proposes that entity (loss under 0.5%)', () => {
    let reachable = 0;
    const missed: string[] = [];
    for (const p of pairs) {
      if (!isPositiveCategory(p.category)) continue;
      const entity = byId.get(p.entity_id);
      expect(entity, p.entity_id).toBeDefined();
      const query: MatchQuery = { name: p.query, schema: p.schema };
      if (scoreEntity(query, entity!, { threshold: THRESHOLD }).score < THRESHOLD) continue;
      reachable++;
      if (!index.candidates(query, { threshold: THRESHOLD }).has(p.entity_id)) missed.push(`${p.category}: "${p.query}" -> ${p.entity_id} "${p.listed_name}"`);
    }
    console.log(
      `positives whose own entity scores >= ${THRESHOLD}: ${reachable}; not proposed by candidates(): ${missed.length} = ${pct(missed.length / reachable)}` +
        (missed.length ? `\n  ${missed.join('\n  ')}` : ''),
    );
    expect(reachable).toBeGreaterThan(2000);
    expect(missed.length / reachable).toBeLessThan(MAX_LOSS);
  });

  it('nameScoreBound, which lets the index skip a full comparison, is never below the full comparison', () => {
    // Every name of the sampled queries against every name of 400 listed entities: the full-scan
    // matches of the sample and a seeded draw of others.
    const rng = new Random(SEED);
    const entities = [...new Set([...outcomes.flatMap((o) => o.full.map((h) => h.entity)), ...rng.shuffle([...byId.values()]).slice(0, 400)])].slice(0, 400);
    const listed = entities.map((e) => prepareEntity(e, index.stats));
    let pairsCompared = 0;
    const below: string[] = [];
    for (const o of outcomes) {
      const q = prepareQuery(o.query, index.stats);
      for (const p of listed) {
        const nameClass = q.nameClass !== 'any' ? q.nameClass : p.nameClass;
        for (const qn of q.names) {
          for (const ln of p.names) {
            const score = compareNames(qn, ln, nameClass)?.score ?? 0;
            const bound = nameScoreBound(qn, ln);
            pairsCompared++;
            if (score > bound + 1e-9) below.push(`"${qn.full}" vs "${ln.full}": score ${score} > bound ${bound}`);
          }
        }
      }
    }
    expect(pairsCompared).toBeGreaterThan(20_000);
    expect(below).toEqual([]);
  });
});

describe('what the index must still propose when it passes over candidates that cannot reach the threshold', () => {
  const finds = (query: MatchQuery, id: string) => index.search(query, { limit: 50 }).some((h) => h.entity.id === id);

  it('a name just below the threshold that birth date and nationality lift over it (the bound counts the evidence the query gives)', () => {
    const listed = byId.get('uk_ofsi:14389')!;
    expect(listed.caption).toBe('Yana Valerievna LANTRATOVA');
    const nameOnly: MatchQuery = { name: 'Yana Saleh LANTRATOVA', schema: 'Person' };
    const withEvidence: MatchQuery = { ...nameOnly, birthDate: '1988-12-14', countries: ['ru'] };
    expect(scoreEntity(nameOnly, listed).score).toBeLessThan(THRESHOLD);
    expect(scoreEntity(withEvidence, listed).score).toBeGreaterThanOrEqual(THRESHOLD);
    expect(finds(withEvidence, listed.id)).toBe(true);
    expect(finds(nameOnly, listed.id)).toBe(false);
    // The lift is the entity's own: another birth date or country takes it away, in the
    // score and in what the index proposes alike.
    for (const other of [{ ...withEvidence, birthDate: '1970-01-01' }, { ...withEvidence, countries: ['fr'] }]) {
      expect(scoreEntity(other, listed).score).toBeLessThan(THRESHOLD);
      expect(finds(other, listed.id)).toBe(false);
    }
  });

  it('with a birth date and country, search() finds every entity they lift over the threshold, and only those (the bound weighs each entity\'s own dates and countries)', () => {
    // Listed people queried by a name that falls just short on its own (a middle name
    // replaced, two letters swapped), with their own birth date and country.
    const rng = new Random(SEED);
    const people = rng.shuffle([...byId.values()].filter((e) => e.schema === 'Person' && e.properties.birthDate?.[0]?.length === 10 && e.properties.nationality?.length));
    const lifted: Array<{ entity: Entity; query: MatchQuery }> = [];
    for (const e of people) {
      if (lifted.length >= 12) break;
      const words = e.caption.split(/\s+/);
      if (words.length < 3) continue;
      const name = [words[0], 'Saleh', ...words.slice(2)].join(' ').replace(/([a-z])([a-z])(?=[a-z]{2}$)/, '$2$1');
      const query: MatchQuery = { name, schema: 'Person', birthDate: e.properties.birthDate![0], countries: [e.properties.nationality![0]] };
      const alone = scoreEntity({ name, schema: 'Person' }, e).score;
      if (alone < THRESHOLD && alone >= THRESHOLD - 0.08 && scoreEntity(query, e).score >= THRESHOLD) lifted.push({ entity: e, query });
    }
    expect(lifted.length).toBeGreaterThanOrEqual(5);
    for (const { entity, query } of lifted) {
      expect(finds(query, entity.id), query.name).toBe(true);
      const otherBirth = { ...query, birthDate: '1900-01-01' };
      expect(finds(otherBirth, entity.id), `${query.name} born 1900`).toBe(scoreEntity(otherBirth, entity).score >= THRESHOLD);
    }
  });

  it('names whose common words the query misspells: common words have typo keys too ("Tradnig", "Sgipping", "Grpoup", "Agricjltural")', () => {
    expect(finds({ name: 'ALFA TRADNIG COMAPNY', schema: 'Company' }, 'un_sc:6908341')).toBe(true);
    expect(finds({ name: 'MYOHYNG SGIPPING CO', schema: 'Company' }, 'us_ofac_sdn:23724')).toBe(true);
    expect(finds({ name: 'KATERJUI GRPOUP', schema: 'Company' }, 'uk_ofsi:13822')).toBe(true);
    // Russian, Agricultural and Bank are all common words of organisation names.
    expect(finds({ name: 'RJUSSIAN AGRICJLTURAL BANK OJSC', schema: 'Company' }, 'us_ofac_cons:17014')).toBe(true);
  });

  it('names the bound by real word similarities keeps: a word alike only as part of a glued spelling, and words met only through two glued spellings', () => {
    const cases: Array<[MatchQuery, string, string]> = [
      // "al ravi" glued is Alavi with one letter more; Ravi alone is nothing like Alavi.
      [{ name: 'AL RAVI, Adnan Mahmood', schema: 'Person' }, 'ca_sema:iran-1-part-2.1-3', 'Mahmoud Alavi'],
      // Zhu and Zhou share no key: only "daveedzhu" and "davidzhou" do.
      [{ name: 'DAVEED ZHU', schema: 'Person' }, 'us_bis_dpl:7080f8c416b72ecc', 'DAVID ZHOU'],
      [{ name: 'MOALLA, Mohamed Yahiya', schema: 'Person' }, 'ca_sema:syria-part-2-175', 'Mohammad Yehya Moalla'],
    ];
    for (const [query, id, caption] of cases) {
      expect(byId.get(id)!.caption).toBe(caption);
      expect(index.scan(query, { limit: ALL_HITS }).some((h) => h.entity.id === id)).toBe(true);
      expect(finds(query, id)).toBe(true);
    }
  });
});

describe('what a batch keeps from query to query', () => {
  it('a query gets the same hits whatever the index screened before it (query words and their comparisons are kept between queries)', async () => {
    // The same queries on a fresh index in reverse order, against this file's index, which
    // has screened them (and the rest of this file) already: the kept words and similarities
    // change the work, never the result. The hits below the threshold are compared too.
    const fresh = MatchIndex.build(byId.values());
    const queries = outcomes.map((o) => o.query);
    const rows = queries.slice(0, 40).map((q, i): MatchQuery => ({ ...q, birthDate: `19${50 + i}-0${1 + (i % 9)}-1${i % 10}`, countries: ['ru', 'ir', 'cn', 'kp'].slice(i % 4, (i % 4) + 1) }));
    const all = [...queries, ...rows, ...queries.map((q) => ({ ...q, name: q.name.toUpperCase() }))];
    const hitsOf = (ix: MatchIndex, q: MatchQuery) => ix.search(q, { threshold: 0.5, limit: 20 }).map((h) => `${h.entity.id} ${h.result.score}`);
    const freshHits = [...all].reverse().map((q) => hitsOf(fresh, q)).reverse();
    let compared = 0;
    all.forEach((q, i) => {
      expect(hitsOf(index, q), q.name).toEqual(freshHits[i]);
      compared += freshHits[i].length;
    });
    expect(compared).toBeGreaterThan(100);
  });
});
