/**
 * `npm run bench:api`: requests per second and latency of POST /v1/screen under autocannon on
 * loopback, and CLI batch throughput on 100,000 generated records, against all lists from
 * ../shared/data/lists. Aim: at least 2,000 single screenings per second through the API.
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { updateSources } from '../ingest/update.js';
import { openStore } from '../store/index.js';
import { CSV_HEADER, generateRecords, loadCleanPeople, toCsvLine } from './records.js';

const data = resolve(process.argv[2] ?? '../shared/data');
const home = await mkdtemp(join(tmpdir(), 'clearance-bench-api-'));
const store = await openStore(home);
await updateSources(store, { from: join(data, 'lists'), workDir: join(home, 'downloads') });
const entities = [];
for await (const e of store.entities()) entities.push(e);
const people = loadCleanPeople(join(data, 'eval'));
const queries = [...generateRecords(2000, entities, people, { seed: 7, hitShare: 0.2 })].map((r) =>
  JSON.stringify({ query: { name: r.name, ...(r.schema ? { schema: r.schema } : {}), ...(r.birth_date ? { birth_date: r.birth_date } : {}) } }),
);

await store.close();

// The server runs as users run it, `clearance serve` in its own process(es), so the load
// generator (autocannon, in this process) does not share its event loop: once with one
// serving process and once with one per core (--processes), on the same cores as autocannon.
const bin = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const out = (s: string) => process.stdout.write(s + '\n');
const cores = availableParallelism();
out(`API: POST /v1/screen on \`clearance serve\`, autocannon with 16 connections, 15 s, ${entities.length} listed entities, 20% of queries true variants, ${cores} cores shared with autocannon`);
const rates: number[] = [];
for (const processes of cores > 1 ? [1, cores] : [1]) {
  const result = await loadTest(processes);
  rates.push(result.requests.average);
  out(`  --processes ${processes}: ${result.requests.average.toFixed(0)} requests/s, latency ms p50 ${result.latency.p50} p99 ${result.latency.p99} max ${result.latency.max}, errors ${result.errors}, non-2xx ${result.non2xx}`);
}
const best = Math.max(...rates);
const scaling = rates.length > 1 ? `, ${(rates[1] / rates[0]).toFixed(2)}x one process` : '';
out(`  best: ${best.toFixed(0)} requests/s${scaling} (aim >= 2000)${best >= 2000 ? '' : '  MISSED'}`);

// CLI batch throughput on 100,000 generated records (about 1% true variants).
const file = join(home, 'records.csv');
const w = createWriteStream(file);
w.write(CSV_HEADER);
for (const r of generateRecords(100_000, entities, people, { seed: 11 })) w.write(toCsvLine(r));
await new Promise<void>((r) => w.end(r));
const started = performance.now();
try {
  execFileSync(process.execPath, [bin, '--home', home, 'screen', '--input', file, '--output', join(home, 'out.jsonl')], { stdio: ['ignore', 'ignore', 'inherit'] });
} catch (err) {
  if ((err as { status?: number }).status !== 1) throw err; // exit 1 = some rows matched
}
const seconds = (performance.now() - started) / 1000;
out(`CLI batch: 100,000 records in ${seconds.toFixed(1)} s = ${Math.round(100_000 / seconds)} records/s (all cores, including start-up and index build)`);
await rm(home, { recursive: true, force: true });

/** A port nothing listens on now (the OS picks it). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** Starts `clearance serve --processes N`, loads it for 15 s and stops it. */
async function loadTest(processes: number): Promise<autocannon.Result> {
  const port = await freePort();
  const server = spawn(process.execPath, [bin, '--home', home, 'serve', '--port', String(port), '--no-auth', '--processes', String(processes)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    await announced(server);
    let i = 0;
    return await autocannon({
      url: `http://127.0.0.1:${port}/v1/screen`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      connections: 16,
      duration: 15,
      requests: [{ setupRequest: (req) => ({ ...req, body: queries[i++ % queries.length] }) }],
    });
  } finally {
    server.kill('SIGTERM');
    if (server.exitCode === null) await new Promise((r) => server.once('exit', r));
  }
}

/** Waits until the server says what it serves: every serving process has built its index and listens. */
async function announced(child: ChildProcess): Promise<void> {
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`clearance serve was not ready within 180 s: ${stderr}`)), 180_000);
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (stderr.includes('Clearance API on')) (clearTimeout(timer), resolve());
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`clearance serve exited with code ${code}: ${stderr}`))));
  });
}
