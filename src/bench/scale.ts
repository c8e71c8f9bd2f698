/**
 * `npm run bench:scale [DATA_DIR]`: distributed batch screening of 1,000,000 generated records
 * (realistic names, about 1% true variants of listed names) with 1 worker process and with 2,
 * against all lists from ../shared/data/lists, and the embedded single-process batch
 * (`clearance screen --input`) on the same file for comparison.
 * Aims: at least 10,000 records/s with 2 workers, and 2 workers at least 1.7 times as fast as 1.
 *
 * The machine is shared, and its speed drifts by a quarter within minutes (docs/deployment.md), so
 * 1 and 2 workers are not timed one after the other on the whole file: the records are split in
 * ROUNDS parts, and each part is screened by 1 worker and by 2, the order alternating from part to
 * part (1-2, 2-1, 1-2, 2-1), so that a slow or fast spell falls on both. The two worker processes
 * start once and build their indexes on a warm-up job before any timing; for a 1-worker
 * part the second is frozen (SIGSTOP) while the queue is empty, and woken after.
 *
 * PostgreSQL: DATABASE_URL if set (a fresh schema in it, dropped at the end), else a throwaway
 * server started from this machine's PostgreSQL binaries (Debian's postgresql package).
 * BENCH_RECORDS changes the number of records.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BatchService, type JobStatus } from '../batch/jobs.js';
import { readBatch } from '../screen/batch.js';
import { updateSources } from '../ingest/update.js';
import type { Entity } from '../model/entity.js';
import { today } from '../model/dates.js';
import { PgStore } from '../store/postgres.js';
import { SqliteStore } from '../store/sqlite.js';
import { findPgBinDir, startThrowawayServer, type ThrowawayServer } from './pgserver.js';
import { CSV_HEADER, generateRecords, loadCleanPeople, toCsvLine } from './records.js';

const AIM_RATE_2 = 10_000;
const AIM_RATIO = 1.7;
const ROUNDS = 4;
const WARM_UP_ROWS = 20_000;
const data = resolve(process.argv[2] ?? '../shared/data');
const records = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const bin = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const out = (s: string) => process.stdout.write(s + '\n');
const note = (s: string) => process.stderr.write(`bench:scale: ${s}\n`);

const loadAtStart = loadavg()[0];
const work = await mkdtemp(join(tmpdir(), 'clearance-bench-scale-'));
let server: ThrowawayServer | undefined;
let schemaUrl: string;
let dropSchema = async () => undefined as unknown;
try {
  ({ schemaUrl, dropSchema, server } = await database());

  note('loading the lists into the embedded store, then into PostgreSQL');
  const sqlite = new SqliteStore(join(work, 'clearance.sqlite'));
  const loaded = await updateSources(sqlite, { from: join(data, 'lists'), workDir: join(work, 'downloads') });
  for (const r of loaded.filter((x) => !x.ok)) note(`  ${r.source}: FAILED: ${r.error}`);
  const entities: Entity[] = [];
  const store = await PgStore.open(schemaUrl);
  for (const v of await sqlite.currentVersions()) {
    const list: Entity[] = [];
    for await (const e of sqlite.entities([v.id])) list.push(e);
    entities.push(...list);
    await store.saveVersion({ source: v.source, publishedAt: v.publishedAt, retrievedAt: v.retrievedAt, format: v.format, origin: v.origin, files: v.files, entities: list, warnings: v.warnings });
  }
  await Promise.all([sqlite.close(), store.close()]);

  note(`writing ${records} generated records, whole and in ${ROUNDS} parts`);
  const file = join(work, 'records.csv');
  const parts = Array.from({ length: ROUNDS }, (_, i) => join(work, `records-${i + 1}.csv`));
  await writeRecords(entities, file, parts);

  note('embedded single-process batch (clearance screen --input, all cores)');
  const embedded = await embeddedBatch(file);

  const service = await BatchService.open(schemaUrl);
  const workers = await startWorkers(service, parts[0]);
  const byWorkers: Record<1 | 2, Timed[]> = { 1: [], 2: [] };
  try {
    for (let i = 0; i < ROUNDS; i++) {
      for (const n of i % 2 ? ([2, 1] as const) : ([1, 2] as const)) {
        note(`part ${i + 1} of ${ROUNDS}: ${n} worker${n > 1 ? 's' : ''}`);
        byWorkers[n].push(await timedJob(service, parts[i], n === 1 ? workers.slice(1) : []));
      }
    }
  } finally {
    await Promise.all(workers.map(stopProcess));
    await service.close();
  }

  const one = total(byWorkers[1]);
  const two = total(byWorkers[2]);
  const ratio = two.rate / one.rate;
  const roundRatios = byWorkers[2].map((t, i) => t.rate / byWorkers[1][i].rate);
  out(`batch screening of ${records.toLocaleString('en')} generated records (about 1% true variants) against ${entities.length} listed entities, on ${await cores()} cores`);
  out(`  load average (1 min) at start ${loadAtStart.toFixed(1)}, at end ${loadavg()[0].toFixed(1)}: other processes on this machine compete for its cores`);
  out(`  embedded, one process (screen --input, matcher threads on all cores): ${embedded.rate} records/s (${embedded.seconds.toFixed(1)} s, index build included)`);
  for (const [label, r, parts] of [['1 worker ', one, byWorkers[1]], ['2 workers', two, byWorkers[2]]] as const) {
    out(
      `  distributed, ${label}: ${r.rate} records/s (${r.rows.toLocaleString('en')} records in ${r.seconds.toFixed(1)} s from each part's first chunk taken to its last stored; ` +
        `parts ${parts.map((t) => t.rate).join(', ')} records/s)` +
        (label === '2 workers' && r.rate < AIM_RATE_2 ? `  MISSED aim >= ${AIM_RATE_2}` : ''),
    );
  }
  out(`  scaling ratio, 2 workers / 1 worker: ${ratio.toFixed(2)} (aim >= ${AIM_RATIO})${ratio < AIM_RATIO ? '  MISSED' : ''}; part by part ${roundRatios.map((r) => r.toFixed(2)).join(', ')}`);
  out(`  aim >= ${AIM_RATE_2} records/s with 2 workers: ${two.rate}${two.rate < AIM_RATE_2 ? '  MISSED' : ''}`);
} finally {
  await dropSchema();
  await server?.stop();
  await rm(work, { recursive: true, force: true });
}

async function database(): Promise<{ schemaUrl: string; dropSchema: () => Promise<unknown>; server?: ThrowawayServer }> {
  let base = process.env.DATABASE_URL;
  let srv: ThrowawayServer | undefined;
  if (!base) {
    const binDir = await findPgBinDir();
    if (!binDir) throw new Error('no DATABASE_URL and no PostgreSQL binaries here (apt-get install postgresql)');
    note(`no DATABASE_URL: starting a throwaway PostgreSQL server from ${binDir}`);
    srv = await startThrowawayServer(binDir);
    base = srv.url;
  }
  const schema = `clearance_bench_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schemaUrl: url.toString(),
    server: srv,
    dropSchema: () => admin(`DROP SCHEMA ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE`).catch(() => undefined),
  };
}

async function embeddedBatch(file: string): Promise<{ rate: number; seconds: number }> {
  const started = performance.now();
  const stderr = await new Promise<string>((res, rej) => {
    execFile(process.execPath, [bin, '--home', work, 'screen', '--input', file, '--output', join(work, 'embedded.jsonl')], { env: { ...process.env, DATABASE_URL: '' }, maxBuffer: 64 << 20 }, (err, _o, e) => {
      if (err && (err as { code?: number }).code !== 1) rej(new Error(`screen --input failed: ${e}`));
      else res(e);
    });
  });
  const seconds = (performance.now() - started) / 1000;
  const m = /screened (\d+) rows in [\d.]+ s \((\d+) rows\/s\)/.exec(stderr);
  return { rate: m ? Number(m[2]) : Math.round(records / seconds), seconds };
}

/** The generated records, whole (for the embedded batch) and in consecutive parts (for the workers). */
async function writeRecords(entities: Entity[], whole: string, parts: string[]): Promise<void> {
  const writers = [whole, ...parts].map((f) => createWriteStream(f));
  const write = async (w: (typeof writers)[number], line: string) => {
    if (!w.write(line)) await new Promise<void>((res) => w.once('drain', () => res()));
  };
  for (const w of writers) await write(w, CSV_HEADER);
  let i = 0;
  for (const r of generateRecords(records, entities, loadCleanPeople(join(data, 'eval')), { seed: 2024, hitShare: 0.01 })) {
    const line = toCsvLine(r);
    await write(writers[0], line);
    await write(writers[1 + Math.floor((i++ * parts.length) / records)], line);
  }
  await Promise.all(writers.map((w) => new Promise<void>((res) => w.end(res))));
}

interface Timed {
  rows: number;
  seconds: number;
  rate: number;
}

function timed(rows: number, seconds: number): Timed {
  return { rows, seconds, rate: Math.round(rows / seconds) };
}

function total(parts: Timed[]): Timed {
  return timed(
    parts.reduce((a, t) => a + t.rows, 0),
    parts.reduce((a, t) => a + t.seconds, 0),
  );
}

/** Starts two worker processes and lets both build their index on a warm-up job, before any timing. */
async function startWorkers(service: BatchService, file: string): Promise<ChildProcess[]> {
  note(`starting 2 worker processes; both build their index on a warm-up job of ${WARM_UP_ROWS} records`);
  const started = [startWorkerProcess(), startWorkerProcess()];
  try {
    await runJob(service, file, WARM_UP_ROWS);
    const late = new Promise<never>((_, rej) => setTimeout(() => rej(new Error('a worker had not built its index 5 minutes after the warm-up job')), 300_000).unref());
    await Promise.race([Promise.all(started.map((w) => w.ready)), late]);
  } catch (err) {
    await Promise.all(started.map((w) => stopProcess(w.child)));
    throw err;
  }
  return started.map((w) => w.child);
}

/** Screens a file with the workers that are not frozen (SIGSTOP) for it; timed from its first chunk taken to its last stored. */
async function timedJob(service: BatchService, file: string, frozen: ChildProcess[]): Promise<Timed> {
  for (const w of frozen) w.kill('SIGSTOP');
  try {
    // The queue is empty now; a poll already on its way finds it so before the job is submitted.
    await new Promise((r) => setTimeout(r, 500));
    const done = await runJob(service, file);
    return timed(done.rows, (Date.parse(done.finished_at!) - Date.parse(done.started_at!)) / 1000);
  } finally {
    for (const w of frozen) w.kill('SIGCONT');
  }
}

/** Submits a file (or its first `limit` rows) and waits until the workers have screened it. */
async function runJob(service: BatchService, file: string, limit = Infinity): Promise<JobStatus> {
  const job = await service.submit({ fileName: 'records.csv', rows: firstRows(readBatch(file), limit), options: { limit: 10, on: today(), jurisdiction: 'us' } });
  let done: JobStatus = job;
  while (done.status !== 'done' && done.status !== 'failed') {
    await new Promise((r) => setTimeout(r, 500));
    done = (await service.status(job.id))!;
  }
  if (done.status !== 'done') throw new Error(`job failed: ${done.error}`);
  return done;
}

async function* firstRows<T>(rows: AsyncIterable<T>, limit: number): AsyncGenerator<T> {
  let n = 0;
  for await (const r of rows) {
    if (n++ >= limit) return;
    yield r;
  }
}

/** A worker process, and when its index is built (it says so on stderr). */
function startWorkerProcess(): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, [bin, 'worker'], { env: { ...process.env, DATABASE_URL: schemaUrl }, stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  const ready = new Promise<void>((res, rej) => {
    child.stderr!.on('data', (d) => {
      tail = (tail + d).slice(-4000);
      if (/index of \d+ entities .* ready/.test(tail)) res();
    });
    child.once('exit', (code, signal) => rej(new Error(`worker exited with ${code ?? signal}: ${tail}`)));
  });
  ready.catch(() => undefined);
  child.once('exit', (code, signal) => code && note(`worker exited with ${code ?? signal}: ${tail}`));
  return { child, ready };
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGCONT'); // a frozen worker acts on SIGTERM only once woken
    child.kill('SIGTERM');
  });
}

async function cores(): Promise<number> {
  return (await import('node:os')).availableParallelism();
}
