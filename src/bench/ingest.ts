/**
 * `npm run bench:ingest [DIR]`: wall time and peak memory of loading every source from a
 * folder of publications (default ../shared/data/lists) into a fresh store.
 * Aim on a 2-core machine: under 15 s and under 1 GB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { updateSources } from '../ingest/update.js';
import { openStore } from '../store/index.js';
import { formatTable } from '../cli/output.js';

const dir = resolve(process.argv[2] ?? '../shared/data/lists');
const home = await mkdtemp(join(tmpdir(), 'clearance-bench-'));
const store = await openStore(home);
const started = performance.now();
const results = await updateSources(store, { from: dir, workDir: join(home, 'downloads') });
const seconds = (performance.now() - started) / 1000;
await store.close();
await rm(home, { recursive: true, force: true });

const peakMb = process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
process.stdout.write(
  formatTable(
    ['source', 'ok', 'entities', 'seconds'],
    results.map((r) => [r.source, r.ok ? 'yes' : `NO: ${r.error}`, r.version?.entityCount, +(r.ms / 1000).toFixed(2)]),
  ) + '\n\n',
);
const entities = results.reduce((n, r) => n + (r.version?.entityCount ?? 0), 0);
process.stdout.write(`all sources from ${dir}: ${entities} entities\n`);
process.stdout.write(`wall time ${seconds.toFixed(2)} s (aim < 15 s)${seconds < 15 ? '' : '  MISSED'}\n`);
process.stdout.write(`peak memory (max RSS) ${peakMb.toFixed(0)} MB (aim < 1024 MB)${peakMb < 1024 ? '' : '  MISSED'}\n`);
if (results.some((r) => !r.ok)) process.exitCode = 1;
