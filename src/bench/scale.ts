/**
 * `npm run bench:scale [DATA_DIR]`: distributed batch screening of 1,000,000 generated records
 * (realistic names, about 1% true variants of listed names) with 1 worker process and with 2,
 * against all lists from ../shared/data/lists, and the embedded single-process batch
 * (`clearance screen --input`) on the same file for comparison.
 * Aims: at least 10,000 records/s with 2 workers, and 2 workers at least 1.7 times as fast as 1.
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

  note(`writing ${records} generated records`);
  const file = join(work, 'records.csv');
  const w = createWriteStream(file);
  w.write(CSV_HEADER);
  for (const r of generateRecords(records, entities, loadCleanPeople(join(data, 'eval')), { seed: 2024, hitShare: 0.01 })) {
    if (!w.write(toCsvLine(r))) await new Promise<void>((res) => w.once('drain', () => res()));
  }
  await new Promise<void>((res) => w.end(res));

  note('embedded single-process batch (clearance screen --input, all cores)');
  const embedded = await embeddedBatch(file);

  const service = await BatchService.open(schemaUrl);
  const one = await distributed(service, file, 1);
  const two = await distributed(service, file, 2);
  await service.close();

  const ratio = two.rate / one.rate;
  out(`batch screening of ${records.toLocaleString('en')} generated records (about 1% true variants) against ${entities.length} listed entities, on ${await cores()} cores`);
  out(`  load average (1 min) at start ${loadAtStart.toFixed(1)}, at end ${loadavg()[0].toFixed(1)}: other processes on this machine compete for its cores`);
  out(`  embedded, one process (screen --input, matcher threads on all cores): ${embedded.rate} records/s (${embedded.seconds.toFixed(1)} s, index build included)`);
  for (const [label, r] of [['1 worker ', one], ['2 workers', two]] as const) {
    out(
      `  distributed, ${label}: ${r.rate} records/s (${r.seconds.toFixed(1)} s from the first chunk taken to the last stored; ` +
        `${r.wall.toFixed(1)} s from worker start, index build included; submit ${r.submit.toFixed(1)} s)` +
        (label === '2 workers' && r.rate < AIM_RATE_2 ? `  MISSED aim >= ${AIM_RATE_2}` : ''),
    );
  }
  out(`  scaling ratio, 2 workers / 1 worker: ${ratio.toFixed(2)} (aim >= ${AIM_RATIO})${ratio < AIM_RATIO ? '  MISSED' : ''}`);
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

/** Submits the file, starts `workers` worker processes, and times the job from its first chunk to its last. */
async function distributed(service: BatchService, file: string, workers: number) {
  note(`distributed: submitting, then ${workers} worker process(es)`);
  const submitStarted = performance.now();
  const job = await service.submit({ fileName: 'records.csv', rows: readBatch(file), options: { limit: 10, on: today(), jurisdiction: 'us' } });
  const submit = (performance.now() - submitStarted) / 1000;
  const started = performance.now();
  const children = Array.from({ length: workers }, () => startWorkerProcess());
  let done: JobStatus = job;
  while (done.status !== 'done' && done.status !== 'failed') {
    await new Promise((r) => setTimeout(r, 1000));
    done = (await service.status(job.id))!;
  }
  const wall = (performance.now() - started) / 1000;
  await Promise.all(children.map(stopProcess));
  if (done.status !== 'done') throw new Error(`job failed: ${done.error}`);
  const seconds = (Date.parse(done.finished_at!) - Date.parse(done.started_at!)) / 1000;
  return { rate: Math.round(done.rows / seconds), seconds, wall, submit };
}

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, [bin, 'worker'], { env: { ...process.env, DATABASE_URL: schemaUrl }, stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr!.on('data', (d) => (tail = (tail + d).slice(-4000)));
  child.once('exit', (code, signal) => code && note(`worker exited with ${code ?? signal}: ${tail}`));
  return child;
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

async function cores(): Promise<number> {
  return (await import('node:os')).availableParallelism();
}
