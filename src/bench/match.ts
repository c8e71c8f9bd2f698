/**
 * `npm run bench:match [-- --data DIR --queries 10000 --baseline 150 --threads N]`: speed and
 * memory of the matching engine over every list, beside a brute-force Jaro-Winkler baseline.
 *
 * - index build time and memory (heap and RSS growth while building);
 * - single-query latency (p50, p99) on one thread over realistic queries: variants of listed
 *   names (should hit), clean people from the public negatives files and generated names
 *   (should not), people and companies mixed;
 * - batch throughput with all cores (MatchPool);
 * - the baseline: each query against every listed name with plain Jaro-Winkler on folded
 *   text, hit when >= BASELINE_THRESHOLD; run on a subsample and extrapolated (labelled so).
 * Aims (2-core machine): p50 <= 0.5 ms, p99 <= 5 ms, batch >= 5,000 records/s, build <= 5 s,
 * memory <= 1 GB.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Entity } from '../model/entity.js';
import { DEFAULT_THRESHOLD, MatchIndex, MatchPool } from '../match/index.js';
import type { MatchQuery } from '../match/index.js';
import { formatTable } from '../cli/output.js';
import { loadAllLists } from '../match/eval/lists.js';
import { sharedData } from '../match/eval/paths.js';
import { generatePairs, isPositiveCategory } from '../match/eval/generate.js';
import { readCleanPeople } from '../match/eval/external.js';
import { Random } from '../match/eval/random.js';
import { fold, jaroWinkler } from '../match/eval/jaro.js';
import { percentile, ratio } from '../match/eval/metrics.js';

/** The baseline's decision threshold: a common setting for plain Jaro-Winkler name screening. */
const BASELINE_THRESHOLD = 0.9;
const LIMIT = 10;
const WARM_UP = 300;
/** Pieces of made-up names for the should-not-hit queries. */
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'dor', 'va', 'sel', 'tin', 'bra', 'qu', 'zo', 'nem', 'fa', 'ri', 'gel', 'ostr', 'um', 'pek', 'lan', 've', 'ho', 'jis', 'tar', 'wen'];
const SECTORS = ['Trading', 'Logistics', 'Holdings', 'Technologies', 'Services', 'Group', 'Industrial', 'Shipping'];
const FORMS = ['LLC', 'Ltd', 'GmbH', 'Inc.', 'S.A.', 'Co., Ltd.'];

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    queries: { type: 'string', default: '10000' },
    baseline: { type: 'string', default: '150' },
    threads: { type: 'string' },
  },
});
const queryCount = Number(values.queries);
const baselineCount = Number(values.baseline);
const threads = values.threads ? Number(values.threads) : availableParallelism();
const shared = sharedData(values.data);
const out = (line = '') => process.stdout.write(line + '\n');
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => bytes / 1024 / 1024;

interface BenchQuery {
  query: MatchQuery;
  /** The listed entity a variant was made from; undefined for should-not-hit queries. */
  expected?: string;
  kind: 'variant' | 'clean person' | 'generated';
}

let t = performance.now();
const entities = await loadAllLists(shared);
out(`Clearance matching benchmark: ${entities.length} entities from ${join(shared, 'lists')} (loaded in ${((performance.now() - t) / 1000).toFixed(1)} s), threshold ${DEFAULT_THRESHOLD}, ${availableParallelism()} cores`);
if (!gc) out('note: run with node --expose-gc for exact memory figures (npm run bench:match does)');

// ---------------------------------------------------------------- build

gc?.();
const before = process.memoryUsage();
t = performance.now();
const index = MatchIndex.build(entities);
const buildSeconds = (performance.now() - t) / 1000;
gc?.();
const after = process.memoryUsage();
const heapMb = mb(after.heapUsed - before.heapUsed);
const rssMb = mb(after.rss - before.rss);

// ---------------------------------------------------------------- queries

const queries = await benchQueries(entities, queryCount);
const hitQueries = queries.filter((q) => q.expected);

// ---------------------------------------------------------------- single-query latency

for (const q of queries.slice(0, WARM_UP)) index.search(q.query, { limit: LIMIT });
const latencies: number[] = [];
const engineFound: boolean[] = [];
const alerted = { 'clean person': 0, generated: 0 };
for (const q of queries) {
  const s = performance.now();
  const hits = index.search(q.query, { limit: LIMIT });
  latencies.push(performance.now() - s);
  const above = hits.filter((h) => h.result.score >= DEFAULT_THRESHOLD);
  if (q.expected) engineFound.push(above.some((h) => h.entity.id === q.expected));
  else if (above.length) alerted[q.kind as keyof typeof alerted]++;
}
const p50 = percentile(latencies, 50);
const p99 = percentile(latencies, 99);
const meanMs = latencies.reduce((a, b) => a + b, 0) / latencies.length;

// ---------------------------------------------------------------- batch

t = performance.now();
const pool = await MatchPool.start(entities, { threads });
const poolStartSeconds = (performance.now() - t) / 1000;
await pool.search(queries.slice(0, WARM_UP).map((q) => q.query), { limit: LIMIT });
t = performance.now();
const batch = await pool.search(queries.map((q) => q.query), { limit: LIMIT });
const batchSeconds = (performance.now() - t) / 1000;
await pool.close();
const throughput = queries.length / batchSeconds;
if (batch.length !== queries.length) throw new Error(`MatchPool returned ${batch.length} result lists for ${queries.length} queries`);

// ---------------------------------------------------------------- brute-force baseline

const listed = entities.flatMap((e) => e.names.map((n) => ({ id: e.id, folded: fold(n.full) })));
const rng = new Random(11);
const baselineSample = rng.shuffle(hitQueries).slice(0, baselineCount);
let baselineMs = 0;
let baselineFound = 0;
let engineFoundOnSample = 0;
for (const q of baselineSample) {
  const folded = fold(q.query.name);
  const s = performance.now();
  const ids = new Set<string>();
  for (const n of listed) if (jaroWinkler(folded, n.folded) >= BASELINE_THRESHOLD) ids.add(n.id);
  baselineMs += performance.now() - s;
  if (ids.has(q.expected!)) baselineFound++;
  const hits = index.search(q.query, { limit: LIMIT }).filter((h) => h.result.score >= DEFAULT_THRESHOLD);
  if (hits.some((h) => h.entity.id === q.expected)) engineFoundOnSample++;
}
const baselinePerQuery = baselineMs / Math.max(1, baselineSample.length);
const baselineRecall = ratio(baselineFound, baselineSample.length);
const engineRecallSample = ratio(engineFoundOnSample, baselineSample.length);

// ---------------------------------------------------------------- report

const ok = (good: boolean) => (good ? 'ok' : 'MISSED');
const kinds = (k: BenchQuery['kind']) => queries.filter((q) => q.kind === k).length;
out(`queries: ${queries.length} = ${kinds('variant')} variants of listed names (should hit), ${kinds('clean person')} clean people, ${kinds('generated')} generated names (should not hit); ${queries.filter((q) => q.query.schema === 'Person').length} people`);
out();
out(
  formatTable(
    ['measure', 'value', 'aim', ''],
    [
      ['index build', `${buildSeconds.toFixed(2)} s`, '<= 5 s', ok(buildSeconds <= 5)],
      ['index memory: heap growth', `${heapMb.toFixed(0)} MB`, '<= 1024 MB', ok(heapMb <= 1024)],
      ['index memory: RSS growth', `${rssMb.toFixed(0)} MB`, '<= 1024 MB', ok(rssMb <= 1024)],
      ['process RSS after build', `${mb(after.rss).toFixed(0)} MB`, '', ''],
      [`single query p50 (1 thread, limit ${LIMIT})`, `${p50.toFixed(3)} ms`, '<= 0.5 ms', ok(p50 <= 0.5)],
      ['single query p99', `${p99.toFixed(3)} ms`, '<= 5 ms', ok(p99 <= 5)],
      ['single query mean / max', `${meanMs.toFixed(3)} / ${Math.max(...latencies).toFixed(1)} ms`, '', ''],
      [`batch, MatchPool ${threads} threads`, `${Math.round(throughput)} records/s`, '>= 5,000 records/s', ok(throughput >= 5000)],
      ['MatchPool start (workers build their indexes)', `${poolStartSeconds.toFixed(2)} s`, '', ''],
      ['engine recall on variants', `${engineFound.filter(Boolean).length}/${engineFound.length} = ${ratio(engineFound.filter(Boolean).length, engineFound.length).toFixed(3)}`, '', ''],
      ['clean people with an alert (name + DOB + nationality + gender)', `${alerted['clean person']}/${kinds('clean person')}`, '', ''],
      ['generated names with an alert (name only)', `${alerted.generated}/${kinds('generated')}`, '', ''],
    ],
  ),
);
out();
out(`Brute-force baseline: plain Jaro-Winkler on folded text against all ${listed.length} listed names, hit at >= ${BASELINE_THRESHOLD}.`);
out(`Measured on ${baselineSample.length} variant queries (a random subsample), extrapolated to ${queries.length} queries:`);
out(
  formatTable(
    ['', 'baseline (JW >= 0.9)', `engine (score >= ${DEFAULT_THRESHOLD})`, 'ratio'],
    [
      ['time per query', `${baselinePerQuery.toFixed(1)} ms`, `${meanMs.toFixed(3)} ms`, `engine ${(baselinePerQuery / meanMs).toFixed(0)}x faster`],
      [`time for ${queries.length} queries (baseline extrapolated)`, `${((baselinePerQuery * queries.length) / 1000).toFixed(0)} s`, `${((meanMs * queries.length) / 1000).toFixed(1)} s`, ''],
      ['recall on the subsample', baselineRecall.toFixed(3), engineRecallSample.toFixed(3), `engine/baseline ${(engineRecallSample / baselineRecall).toFixed(2)}`],
    ],
  ),
);

/**
 * The query mix: variants of listed names (from the eval generator with its own seed), clean
 * people with their birth date, nationality and gender, and generated names, shuffled.
 */
async function benchQueries(all: Entity[], count: number): Promise<BenchQuery[]> {
  const r = new Random(20240502);
  const variantsWanted = Math.round(count * 0.5);
  const cleanWanted = Math.round(count * 0.2);
  const variants = generatePairs(all, { seed: 20240502, perCategory: Math.ceil(variantsWanted / 8) })
    .filter((p) => isPositiveCategory(p.category))
    .map((p): BenchQuery => ({ query: { name: p.query, schema: p.schema }, expected: p.entity_id, kind: 'variant' }));
  const clean = [...(await readCleanPeople(join(shared, 'eval'), 'negatives_global.csv')), ...(await readCleanPeople(join(shared, 'eval'), 'negatives_us.csv'))].map(
    (p): BenchQuery => ({ query: p.query, kind: 'clean person' }),
  );
  const picked = [...r.shuffle(variants).slice(0, variantsWanted), ...r.shuffle(clean).slice(0, cleanWanted)];
  while (picked.length < count) picked.push(generatedName(r));
  return r.shuffle(picked);
}

function fakeWord(r: Random): string {
  const w = Array.from({ length: r.int(2, 3) }, () => r.pick(SYLLABLES)).join('');
  return w[0].toUpperCase() + w.slice(1);
}

/** A made-up person or company that should not be on any list. */
function generatedName(r: Random): BenchQuery {
  if (r.chance(0.5)) return { query: { name: `${fakeWord(r)} ${fakeWord(r)}`, schema: 'Person' }, kind: 'generated' };
  return { query: { name: `${fakeWord(r)} ${r.pick(SECTORS)} ${r.pick(FORMS)}`, schema: 'Company' }, kind: 'generated' };
}
