/**
 * `npm run bench:monitor [-- --customers N] [-- --full-sample S] [-- --full-after]`: the cost
 * of monitoring a base of N (default 1,000,000) generated customers against all lists from
 * ../shared/data/lists, where OFAC's consolidated list starts at its 2025-03-28 XML version.
 *
 *  1. import the customers (CSV, through the batch-screening reader);
 *  2. screen S of them (default 50,000) against all lists: a full screening, measured, and
 *     extrapolated to N (screening a million customers in full takes the better part of an
 *     hour on a 2-core machine; --full-sample N screens them all). The other N - S are
 *     recorded as screened without screening them, so that the base is in the state a full
 *     screening leaves it in;
 *  3. update the consolidated list to its current CSV version, and time the monitoring run
 *     that follows: every customer is checked, only what the change can affect is screened;
 *  4. change 1% of the customers and time the run that re-screens them;
 *  5. with --full-after, re-screen everyone after the update (the real full re-screen).
 *
 * 1% of the customers are spelling variants of listed names, and one in ten thousand a
 * variant of one of the entries the update changes.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { updateSources } from '../ingest/update.js';
import type { Entity } from '../model/entity.js';
import { SOURCE_IDS } from '../model/sources.js';
import { importCustomers } from '../monitor/customers.js';
import { afterListUpdate } from '../monitor/hooks.js';
import { runMonitoring, type MonitorRunResult } from '../monitor/run.js';
import { getSource } from '../sources/index.js';
import { parseAll } from '../sources/run.js';
import { SqliteMonitorStore } from '../store/monitor_sqlite.js';
import { SqliteStore } from '../store/sqlite.js';
import { diffEntities } from '../store/diff.js';
import { CSV_HEADER, generateRecords, loadCleanPeople, toCsvLine } from './records.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const N = Number(value('--customers', '1000000'));
const S = Math.min(N, Number(value('--full-sample', '50000')));
const data = resolve(value('--data', '../shared/data'));
const out = (s: string) => process.stdout.write(s + '\n');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')}/s`;
const mb = () => `${Math.round(process.memoryUsage().rss / 1e6)} MB`;

const home = await mkdtemp(join(tmpdir(), 'clearance-bench-monitor-'));
const path = join(home, 'clearance.sqlite');
const store = new SqliteStore(path);
const monitor = new SqliteMonitorStore(path);

// All lists as published, except the consolidated list at its older XML version.
const first = join(home, 'lists-first');
for (const id of SOURCE_IDS) {
  await mkdir(first, { recursive: true });
  if (id === 'us_ofac_cons') {
    await mkdir(join(first, id));
    await symlink(join(data, 'versions', 'us_ofac_cons-2025-03-28', 'consolidated.xml'), join(first, id, 'consolidated.xml'));
  } else await symlink(join(data, 'lists', id), join(first, id));
}
let t = performance.now();
const loaded = await updateSources(store, { from: first, workDir: join(home, 'downloads') });
for (const r of loaded.filter((x) => !x.ok)) out(`  (list ${r.source} not loaded: ${r.error})`);
const listed: Entity[] = [];
for await (const e of store.entities()) listed.push(e);
out(`lists: ${listed.length.toLocaleString('en-US')} entities in ${loaded.filter((r) => r.ok).length} lists, loaded in ${seconds(performance.now() - t)}`);
await afterListUpdate(store, monitor, loaded, { actor: 'bench', deliver: false });

// Customers: spelling variants of listed names and clean people; one in ten thousand a variant
// of an entry the update changes, so that the run after the update has pairs to alert.
const current = (await parseAll(getSource('us_ofac_cons'), join(data, 'lists', 'us_ofac_cons'))).entities;
const before = new Map(listed.map((e) => [e.id, e]));
const changing = current.filter((e) => before.has(e.id) && diffEntities(before.get(e.id)!, e).length > 0);
const people = loadCleanPeople(join(data, 'eval'));
const file = join(home, 'customers.csv');
const w = createWriteStream(file);
w.write(CSV_HEADER);
const variantsOfChanging = Math.ceil(N / 10_000);
for (const r of generateRecords(N - variantsOfChanging, [...listed, ...current], people, { seed: 2025, hitShare: 0.01 })) w.write(toCsvLine(r));
for (const r of generateRecords(variantsOfChanging, changing, people, { seed: 7, hitShare: 1 })) w.write(toCsvLine({ ...r, id: `v${r.id}` }));
await new Promise<void>((r) => w.end(r));

// The sample to screen in full comes first, imported alone; the rest after it.
const sampleFile = join(home, 'sample.csv');
const restFile = join(home, 'rest.csv');
await splitCsv(file, S, sampleFile, restFile);
t = performance.now();
const sample = await importCustomers(monitor, sampleFile, { actor: 'bench' });

const describe = (label: string, run: MonitorRunResult) => {
  const s = run.stats;
  out(
    `${label}: ${seconds(s.ms)}; list changes +${s.entitiesAdded} ~${s.entitiesChanged} -${s.entitiesRemoved}; ` +
      `${s.customersChecked.toLocaleString('en-US')} customers checked, ${s.customersShortlisted.toLocaleString('en-US')} shortlisted, ` +
      `${s.customersScreened.toLocaleString('en-US')} screened against all lists; alerts ${s.alertsCreated} new, ${s.alertsUpdated} updated, ` +
      `${s.alertsReopened} reopened, ${s.alertsDelisted} delisted; steps ${Object.entries(s.timings)
        .map(([k, v]) => `${k} ${seconds(v)}`)
        .join(', ')}; rss ${mb()}`,
  );
};

const full = await runMonitoring(store, monitor, { actor: 'bench', trigger: 'bench' });
describe(`full screening of ${S.toLocaleString('en-US')} customers against all lists`, full);
const fullMs = (full.stats.ms * N) / S;
const rest = await importCustomers(monitor, restFile, { actor: 'bench' });
const importMs = performance.now() - t - full.stats.ms;
const imported = sample.created + rest.created;
out(`import: ${imported.toLocaleString('en-US')} customers in ${seconds(importMs)} (${rate(imported, importMs)}), ${sample.errors.length + rest.errors.length} rows refused`);
if (S < N) {
  await markScreened(N - S);
  out(`  the other ${(N - S).toLocaleString('en-US')} customers were recorded as screened without screening them (a full screening of all ${N.toLocaleString('en-US')} at the measured rate: ${seconds(fullMs)})`);
}

const results = await updateSources(store, { from: join(data, 'lists'), sources: ['us_ofac_cons'], workDir: join(home, 'downloads') });
const incremental = (await afterListUpdate(store, monitor, results, { actor: 'bench', deliver: false }))!;
describe('re-screening after the update of the consolidated list (2025-03-28 XML -> current CSV)', incremental);

// 1% of the customers change (a new alias each): they are screened again in full, nobody else.
const changedFile = join(home, 'changed.csv');
const cw = createWriteStream(changedFile);
cw.write('id,name,type\n');
for (let i = 1; i <= N; i += 100) cw.write(`r${i},"Customer ${i} Renamed Holding",company\n`);
await new Promise<void>((r) => cw.end(r));
await importCustomers(monitor, changedFile, { actor: 'bench' });
describe(`re-screening after ${Math.ceil(N / 100).toLocaleString('en-US')} customers changed`, await runMonitoring(store, monitor, { actor: 'bench', trigger: 'bench' }));

if (flag('--full-after')) describe('full re-screen after the update', await runMonitoring(store, monitor, { actor: 'bench', trigger: 'bench', full: true }));

out(
  `ratio: full screening of ${N.toLocaleString('en-US')} customers ${seconds(fullMs)} / re-screening after the list update ${seconds(incremental.stats.ms)} = ${Math.round(fullMs / incremental.stats.ms)}x ` +
    (S < N ? `(the full screening measured on ${S.toLocaleString('en-US')} customers and extrapolated linearly)` : '(both measured on all customers)'),
);
await monitor.close();
await store.close();
await rm(home, { recursive: true, force: true });

/** Header plus the first `n` rows to one file, header plus the rest to another. */
async function splitCsv(from: string, n: number, first: string, second: string): Promise<void> {
  const a = createWriteStream(first);
  const b = createWriteStream(second);
  let row = -1;
  for await (const line of createInterface({ input: createReadStream(from), crlfDelay: Infinity })) {
    const target = row < 0 ? null : row < n ? a : b;
    if (!target) (a.write(line + '\n'), b.write(line + '\n'));
    else if (!target.write(line + '\n')) await new Promise<void>((r) => target.once('drain', () => r()));
    row++;
  }
  await Promise.all([new Promise<void>((r) => a.end(r)), new Promise<void>((r) => b.end(r))]);
}

/** Bench shortcut: the pending customers recorded as screened (no hits) by a run of their own. */
async function markScreened(count: number): Promise<void> {
  const versions = await store.currentVersions();
  const at = new Date().toISOString();
  const runId = await monitor.startRun({ kind: 'full', trigger: 'bench-baseline', actor: 'bench', startedAt: at, versions: versions.map((v) => ({ source: v.source, versionId: v.id })) });
  let chunk: Array<{ customerId: string; matchHash: string; at: string; hits: [] }> = [];
  let n = 0;
  for await (const c of monitor.pendingCustomers()) {
    chunk.push({ customerId: c.id, matchHash: c.matchHash, at, hits: [] });
    if (chunk.length >= 5000) (await monitor.recordChecks(runId, chunk), (n += chunk.length), (chunk = []));
  }
  await monitor.recordChecks(runId, chunk);
  n += chunk.length;
  const stats = { entitiesAdded: 0, entitiesChanged: 0, entitiesRemoved: 0, customersChecked: 0, customersShortlisted: 0, customersScreened: 0, alertsCreated: 0, alertsReopened: 0, alertsUpdated: 0, alertsDelisted: 0, suppressed: 0, ms: 0, timings: {} };
  await monitor.finishRun(runId, { finishedAt: new Date().toISOString(), stats, baselines: [], changesFrom: [] });
  if (n !== count) throw new Error(`bench: marked ${n} customers, expected ${count}`);
}
