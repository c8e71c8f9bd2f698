/**
 * `npm run eval [-- --threshold 0.8 --data DIR --scan-sample 55|all --verbose --strict]`: measures
 * the matching engine on every labelled set and prints a compact report with the aims beside
 * the numbers. An aim not reached is marked MISSED; with --strict the run then exits with
 * status 1. The brute-force scan (slow by nature) runs on a worker thread meanwhile.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { DEFAULT_THRESHOLD, MatchIndex } from '../index.js';
import type { MatchQuery } from '../index.js';
import { formatTable } from '../../cli/output.js';
import { readPairs } from './csv.js';
import type { PairRow } from './generate.js';
import { NEGATIVE_CATEGORIES, POSITIVE_CATEGORIES, isPositiveCategory } from './generate.js';
import { readCleanPeople, readCrossScriptPairs, readDnbPairs, readOfacToolScores, readPutinNames } from './external.js';
import type { CleanPerson } from './external.js';
import { companyPairs, crossScript, evaluatePairs, falseAlerts, ofacAgreement, spellingPairs, targetLoss } from './evaluate.js';
import type { CandidateLoss, PairOutcome } from './evaluate.js';
import type { ScanJob } from './scan-worker.js';
import { confusion, f1, falseMatchRate, fmt, groupBy, pct, perThousand, precision, ratio, recall } from './metrics.js';
import { loadAllLists } from './lists.js';
import { PAIRS_DIR, sharedData } from './paths.js';
import { Random } from './random.js';

const { values } = parseArgs({
  options: {
    threshold: { type: 'string' },
    data: { type: 'string' },
    'scan-sample': { type: 'string', default: '55' },
    verbose: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
  },
});
const threshold = values.threshold !== undefined ? Number(values.threshold) : DEFAULT_THRESHOLD;
if (!(threshold > 0 && threshold <= 1)) throw new Error('--threshold must be in (0, 1]');
const shared = sharedData(values.data);
const evalDir = join(shared, 'eval');
const verbose = values.verbose!;
/** Examples printed under each section (all of them with --verbose). */
const EXAMPLES = verbose ? Infinity : 5;
/**
 * Queries the brute-force scan covers: a few per category, clean people and hard negatives;
 * "all" scans every positive (minutes: each scan scores every listed entity).
 */
const scanSample = values['scan-sample'] === 'all' ? Infinity : Number(values['scan-sample']);
if (!(scanSample > 0)) throw new Error('--scan-sample must be a positive number or "all"');

/** The report is printed in section order once the scan worker is done. */
const report: string[] = [];
const out = (line = '') => report.push(line);
const progress = (line: string) => process.stderr.write(`eval: ${line}\n`);

interface Aim {
  what: string;
  value: string;
  ok: boolean;
}
const aims: Aim[] = [];
function aim(what: string, value: string, ok: boolean): string {
  aims.push({ what, value, ok });
  return ok ? 'ok' : 'MISSED';
}

const started = performance.now();
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);

let t = performance.now();
progress('loading the lists');
const entities = await loadAllLists(shared);
const loadSeconds = seconds(t);
t = performance.now();
const index = MatchIndex.build(entities);
out(`Clearance matching evaluation at threshold ${threshold}${values.threshold ? '' : ' (DEFAULT_THRESHOLD)'}`);
out(`lists: ${index.size} entities from ${join(shared, 'lists')} (loaded in ${loadSeconds} s, index built in ${seconds(t)} s)`);

// ---------------------------------------------------------------- 1. labelled pairs

const pairFiles = (await readdir(PAIRS_DIR)).filter((f) => f.endsWith('.csv')).sort();
const pairs: PairRow[] = (await Promise.all(pairFiles.map((f) => readPairs(join(PAIRS_DIR, f))))).flat();
const entityById = new Map(entities.map((e) => [e.id, e]));
const stale = pairs.filter((p) => !entityById.has(p.entity_id));
const cleanPeople: CleanPerson[] = [...(await readCleanPeople(evalDir, 'negatives_global.csv')), ...(await readCleanPeople(evalDir, 'negatives_us.csv'))];
const scan = scanSampleQueries(pairs, cleanPeople, scanSample);
const scanStarted = performance.now();
const scanResult = runScanWorker({ entities, queries: scan.queries, threshold });

t = performance.now();
progress('scoring the labelled pairs');
const outcomes = evaluatePairs(pairs, index, threshold);
out();
out(`1. Labelled pairs (${pairFiles.map((f) => `eval/${f}`).join(', ')}): ${pairs.length} pairs, compareNames at the threshold; positives also screened with MatchIndex.search (${seconds(t)} s)`);
if (stale.length) out(`   note: ${stale.length} pairs name entities no longer in the lists (regenerate with npm run eval:generate)`);
printPairTable(outcomes);
const all = confusion(outcomes.map((o) => ({ label: o.pair.label, predicted: o.predicted })));
const positives = outcomes.filter((o) => isPositiveCategory(o.pair.category));
const found = positives.filter((o) => o.found).length;
const searchRecall = ratio(found, positives.length);
out();
out(`   overall: precision ${fmt(precision(all))}, recall ${fmt(recall(all))}, F1 ${fmt(f1(all))}   aim F1 >= 0.95: ${aim('F1 on labelled pairs >= 0.95', fmt(f1(all)), f1(all) >= 0.95)}`);
out(`   search recall on list-derived variants: ${found}/${positives.length} = ${fmt(searchRecall)}   aim >= 0.99: ${aim('search recall on list-derived variants >= 0.99', fmt(searchRecall), searchRecall >= 0.99)}`);
printPairMisses(outcomes);

// ---------------------------------------------------------------- 2. candidate generation

progress('checking candidate generation on every positive');
const target = targetLoss(index, outcomes, entityById, threshold);
const targetCandidateShare = ratio(target.missedByCandidates, target.reachable);
const targetSearchShare = ratio(target.missedBySearch, target.reachable);
out();
out(`2. Candidate generation vs brute force`);
out(`   a) every positive's own listed entity, scored directly with scoreEntity: ${target.reachable} of ${positives.length} reach the threshold;`);
out(`      candidates() missed ${target.missedByCandidates} = ${pct(targetCandidateShare, 2)}   aim < 0.5%: ${aim('candidates() missing a positive\'s entity < 0.5%', pct(targetCandidateShare, 2), !(targetCandidateShare >= 0.005))}`);
out(`      search() missed ${target.missedBySearch} = ${pct(targetSearchShare, 2)}   aim < 0.5%: ${aim('search() missing a positive\'s entity < 0.5%', pct(targetSearchShare, 2), !(targetSearchShare >= 0.005))}`);
for (const ex of target.examples.slice(0, EXAMPLES)) out(`      missed: "${ex.query}" -> ${ex.entity} (direct score ${ex.score.toFixed(3)})`);
const sectionTwoAt = report.length;

// ---------------------------------------------------------------- 3. clean names

progress('screening clean names');
out();
out('3. False alerts on clean names (synthetic people on no list, screened against all lists)');
const alertRows: Array<Array<string | number>> = [];
let alertsWithEvidence = 0;
for (const file of ['negatives_global.csv', 'negatives_us.csv'] as const) {
  const people = cleanPeople.filter((p) => p.file === file);
  const withEvidence = falseAlerts(index, people, threshold, { evidence: true });
  const nameOnly = falseAlerts(index, people, threshold, { evidence: false });
  alertsWithEvidence += withEvidence.alerted;
  alertRows.push([file, people.length, withEvidence.alerted, fmt(perThousand(withEvidence.alerted, people.length), 1), nameOnly.alerted, fmt(perThousand(nameOnly.alerted, people.length), 1)]);
  for (const ex of withEvidence.examples.slice(0, EXAMPLES)) {
    out(`   alert: "${ex.query.name}" (${[ex.query.birthDate, ...(ex.query.countries ?? [])].filter(Boolean).join(', ')}) -> ${ex.hit.entity.id} "${ex.hit.result.explanation.matchedName}" ${ex.hit.result.score.toFixed(3)}: ${ex.hit.result.explanation.summary}`);
  }
}
out(formatTable(['file', 'names', 'alerts (name+DOB+nationality+gender)', 'per 1,000', 'alerts (name only)', 'per 1,000'], alertRows).replace(/^/gm, '   '));
const alertRate = perThousand(alertsWithEvidence, cleanPeople.length);
out(`   overall ${fmt(alertRate, 1)} false alerts per 1,000 clean names   aim <= 1: ${aim('false alerts per 1,000 clean names <= 1', fmt(alertRate, 1), alertRate <= 1)}`);

// ---------------------------------------------------------------- 4. one person, many spellings

progress('comparing spellings, cross-script, company and OFAC pairs');
const putin = spellingPairs(await readPutinNames(evalDir), threshold);
out();
out(`4. putin_names.txt: ${putin.pairs} ordered pairs of spellings compared as persons; ${putin.below} below the threshold   aim 0: ${aim('putin_names pairs below threshold = 0', String(putin.below), putin.below === 0)}`);
for (const m of putin.lowest.slice(0, EXAMPLES)) out(`   ${m.score.toFixed(3)}  "${m.a}" vs "${m.b}"`);

// ---------------------------------------------------------------- 5. cross-script

const cross = crossScript(await readCrossScriptPairs(evalDir), threshold);
const crossMissed = cross.filter((c) => c.score < c.minScore);
out();
out(`5. watchman cross_script_pairs.csv: ${cross.length - crossMissed.length}/${cross.length} at or above their expected minimum   aim all: ${aim('cross-script pairs at or above their minimum', `${cross.length - crossMissed.length}/${cross.length}`, crossMissed.length === 0)}; ${cross.filter((c) => c.score >= threshold).length}/${cross.length} at or above the threshold`);
out(
  formatTable(
    ['query', 'expected', 'min', 'score', ''],
    cross.map((c) => [c.query, c.expected, c.minScore.toFixed(2), c.score.toFixed(3), c.score < c.minScore ? 'below minimum' : c.score < threshold ? 'below threshold' : '']),
  ).replace(/^/gm, '   '),
);

// ---------------------------------------------------------------- 6. D&B companies

const dnb = companyPairs(await readDnbPairs(evalDir), threshold);
const dnbMatched = dnb.filter((d) => d.score >= threshold).length;
out();
out(`6. D&B company pairs (test_names.csv vs adjusted_test_names.csv, row for row, as companies): recall ${dnbMatched}/${dnb.length} = ${fmt(ratio(dnbMatched, dnb.length))}`);
for (const d of dnb.filter((x) => x.score < threshold).sort((a, b) => a.score - b.score).slice(0, EXAMPLES)) out(`   ${d.score.toFixed(3)}  "${d.adjusted}" vs "${d.original}"`);

// ---------------------------------------------------------------- 7. OFAC's own tool

const ofac = ofacAgreement(await readOfacToolScores(evalDir), threshold);
const agree = ofac.filter((o) => o.ofacHit === o.ours).length;
out();
out(`7. Agreement with OFAC Sanctions List Search (ofac_tool_scores.csv; OFAC hit = its score >= 80): ${agree}/${ofac.length} = ${pct(ratio(agree, ofac.length))}`);
out(
  formatTable(
    ['', 'we match', 'we do not'],
    [
      ['OFAC hit', ofac.filter((o) => o.ofacHit && o.ours).length, ofac.filter((o) => o.ofacHit && !o.ours).length],
      ['OFAC no hit', ofac.filter((o) => !o.ofacHit && o.ours).length, ofac.filter((o) => !o.ofacHit && !o.ours).length],
    ],
  ).replace(/^/gm, '   '),
);
out('   disagreements (for a human to judge who is right):');
out(
  formatTable(
    ['query', 'listed name', 'OFAC', 'ours', 'our decision'],
    ofac.filter((o) => o.ofacHit !== o.ours).map((o) => [o.query, o.result, o.ofacScore, o.score.toFixed(3), o.ours ? 'match' : 'no match']),
  ).replace(/^/gm, '   '),
);

// ---------------------------------------------------------------- 2b. full scan (worker)

progress(`waiting for the full scan of ${scan.queries.length} queries on the worker thread`);
const loss = await scanResult;
const scanSeconds = seconds(scanStarted);
const candidateShare = ratio(loss.lostByCandidates, loss.fullMatches);
const searchShare = ratio(loss.lostBySearch, loss.fullMatches);
const scanLines = [
  `   b) full scan (scan(): every entity scored) for a stratified sample of ${loss.queries} queries (${scan.describe}; --scan-sample N to change): ${loss.fullMatches} entities at or above the threshold (${scanSeconds} s on a worker thread)`,
  `      lost by candidates(): ${loss.lostByCandidates} = ${pct(candidateShare, 2)}   aim < 0.5%: ${aim('candidates() loss vs full scan < 0.5%', pct(candidateShare, 2), !(candidateShare >= 0.005))}`,
  `      lost by search():     ${loss.lostBySearch} = ${pct(searchShare, 2)}   aim < 0.5%: ${aim('search() loss vs full scan < 0.5%', pct(searchShare, 2), !(searchShare >= 0.005))}`,
  ...loss.examples.slice(0, EXAMPLES).map((ex) => `      lost: "${ex.query}" -> ${ex.lost}`),
];
report.splice(sectionTwoAt, 0, ...scanLines);

// ---------------------------------------------------------------- aims

out();
out(`Aims (threshold ${threshold}):`);
out(formatTable(['aim', 'measured', ''], aims.map((a) => [a.what, a.value, a.ok ? 'ok' : 'MISSED'])).replace(/^/gm, '   '));
const missed = aims.filter((a) => !a.ok).length;
out(missed ? `${missed} aim(s) MISSED` : 'all aims met');
out(`evaluation took ${seconds(started)} s`);
process.stdout.write(report.join('\n') + '\n');
if (values.strict && missed) process.exitCode = 1;

// ---------------------------------------------------------------- the scan sample and its worker

/**
 * A few queries per positive category, clean people and hard negatives, drawn with a fixed
 * seed: the full scan costs a scoring of every listed entity per query.
 */
function scanSampleQueries(all: PairRow[], clean: CleanPerson[], size: number): { queries: MatchQuery[]; describe: string } {
  const rng = new Random(7);
  const per = Number.isFinite(size) ? Math.max(1, Math.round(size / (POSITIVE_CATEGORIES.length + 2))) : Infinity;
  const asQuery = (p: PairRow): MatchQuery => ({ name: p.query, schema: p.schema });
  const positives = POSITIVE_CATEGORIES.flatMap((c) => rng.shuffle(all.filter((p) => p.category === c)).slice(0, per).map(asQuery));
  const others = Number.isFinite(per) ? per : 50;
  const negatives = rng.shuffle(all.filter((p) => !isPositiveCategory(p.category))).slice(0, others).map(asQuery);
  const people = rng.shuffle(clean).slice(0, others).map((p) => p.query);
  return {
    queries: [...positives, ...negatives, ...people],
    describe: `${Number.isFinite(per) ? `${per} per positive category` : 'every positive'}, ${negatives.length} hard negatives, ${people.length} clean people`,
  };
}

function runScanWorker(job: ScanJob): Promise<CandidateLoss> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: job });
    worker.once('message', (loss: CandidateLoss) => resolve(loss));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the scan worker stopped with code ${code}`));
    });
  });
}

// ---------------------------------------------------------------- formatting helpers

/** Categories in the generator's order (positives first), then any others found in eval/. */
function byCategory(rows: PairOutcome[]): Array<[string, PairOutcome[]]> {
  const order: string[] = [...POSITIVE_CATEGORIES, ...NEGATIVE_CATEGORIES];
  const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length);
  return [...groupBy(rows, (o) => o.pair.category)].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

function printPairTable(rows: PairOutcome[]): void {
  const table = byCategory(rows).map(([category, os]) => {
    const c = confusion(os.map((o) => ({ label: o.pair.label, predicted: o.predicted })));
    const positive = os[0].pair.label === 1;
    const searchFound = os.filter((o) => o.found).length;
    return [
      category,
      positive ? 'match' : 'no match',
      os.length,
      os.filter((o) => o.pair.schema === 'Person').length,
      positive ? pct(recall(c)) : '',
      positive ? '' : pct(falseMatchRate(c)),
      positive ? pct(ratio(searchFound, os.length)) : '',
      fmt(mean(os.map((o) => o.result.score))),
    ];
  });
  out(formatTable(['category', 'should', 'pairs', 'persons', 'recall', 'false matches', 'search recall', 'mean score'], table).replace(/^/gm, '   '));
}

function printPairMisses(rows: PairOutcome[]): void {
  const wrong = rows.filter((o) => o.predicted !== (o.pair.label === 1) || (o.found === false && isPositiveCategory(o.pair.category)));
  if (wrong.length === 0) return;
  out(`   wrong decisions${verbose ? '' : ` (first ${EXAMPLES} per category; --verbose for all)`}:`);
  for (const [category, os] of byCategory(wrong)) {
    for (const o of os.slice(0, EXAMPLES)) {
      const what = o.pair.label === 1 ? (o.predicted ? 'pair matched, search missed' : 'missed') : 'false match';
      out(`   [${category}] ${what} ${o.result.score.toFixed(3)}: "${o.pair.query}" vs "${o.pair.listed_name}" (${o.pair.entity_id})`);
    }
  }
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}
