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
import { tmpdir } from 'node:os';
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

// The server runs as users run it, `clearance serve` in its own process, so the load generator
// (autocannon, in this process) does not share its event loop.
const bin = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const port = await freePort();
const server = spawn(process.execPath, [bin, '--home', home, 'serve', '--port', String(port), '--no-auth'], { stdio: ['ignore', 'ignore', 'inherit'] });
const url = `http://127.0.0.1:${port}`;
await waitReady(`${url}/readyz`, server);

let i = 0;
const result = await autocannon({
  url: `${url}/v1/screen`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  connections: 16,
  duration: 15,
  requests: [{ setupRequest: (req) => ({ ...req, body: queries[i++ % queries.length] }) }],
});
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));

const out = (s: string) => process.stdout.write(s + '\n');
out(`API: POST /v1/screen on \`clearance serve\` (its own process), autocannon with 16 connections, 15 s, ${entities.length} listed entities, 20% of queries true variants`);
out(`  requests/s: mean ${result.requests.average.toFixed(0)} (aim >= 2000)${result.requests.average >= 2000 ? '' : '  MISSED'}`);
out(`  latency ms: p50 ${result.latency.p50} p99 ${result.latency.p99} max ${result.latency.max}`);
out(`  errors ${result.errors}, non-2xx ${result.non2xx}`);

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

/** Polls the readiness probe until the server answers 200 (it builds its index first). */
async function waitReady(probe: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`clearance serve exited with code ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(probe)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`clearance serve was not ready within 120 s (${probe})`);
}
