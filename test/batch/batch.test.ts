import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { batchRoutes } from '../../src/api/batch.js';
import { BatchWorker } from '../../src/batch/worker.js';
import { CSV_HEADER, csvError, csvHits } from '../../src/cli/commands/screen.js';
import type { PgStore } from '../../src/store/postgres.js';
import { clearance, loadedHomeCopy } from '../helpers.js';
import { pgWithLists, TEST_DATABASE_URL } from '../stores.js';
import { batchCli, recordsFile, startWorker, waitForJob, type WorkerProcess } from './workers.js';

/**
 * Batch screening through PostgreSQL and worker processes gives, row for row, what the
 * single-process `clearance screen --input` gives on the same lists.
 */
const skip = TEST_DATABASE_URL ? '' : ' (skipped: no PostgreSQL test server; set CLEARANCE_TEST_DATABASE_URL, as bash .ci/run does)';

describe.skipIf(!TEST_DATABASE_URL)(`clearance batch and clearance worker${skip}`, () => {
  let db: { url: string; store: PgStore; dispose: () => Promise<void> };
  let home: string;
  let file: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    db = await pgWithLists();
    home = await loadedHomeCopy();
    file = await recordsFile(db.store, 3000);
  });

  afterAll(async () => {
    for (const w of workers) await w.stop();
    await db?.dispose();
  });

  it('two workers screen a submitted file; results equal `clearance screen --input`, row for row, in JSON lines and CSV', async () => {
    const submitted = await batchCli(db.url, ['submit', file, '--chunk-size', '250']);
    expect(submitted.code, submitted.stderr).toBe(0);
    const id = submitted.stdout.trim();
    expect(submitted.stderr).toMatch(/submitted 3006 rows in 13 chunks/);
    const queued = JSON.parse((await batchCli(db.url, ['status', id, '--json'])).stdout);
    expect(queued).toMatchObject({ id, status: 'queued', rows: 3006, rows_done: 0, chunks: 13, file_name: 'customers.csv' });
    // Pinned to the versions current at submit time, named in full.
    expect(queued.versions.map((v: { source: string }) => v.source)).toEqual((await db.store.currentVersions()).map((v) => v.source));

    workers.push(startWorker(db.url), startWorker(db.url));
    const job = await waitForJob(db.url, id);
    expect(job).toMatchObject({ status: 'done', rows: 3006, rows_done: 3006, chunks_done: 13, rows_with_errors: 6 });

    const single = await clearance(['--home', home, 'screen', '--input', file]);
    expect(single.code).toBe(1);
    const results = await batchCli(db.url, ['results', id]);
    expect(results.code).toBe(1); // some rows matched, as with screen --input
    expect(results.stdout.split('\n').length).toBe(3007);
    expect(results.stdout).toEqual(single.stdout);
    expect(job.rows_with_hits).toBe(single.stdout.split('\n').filter((l) => l && JSON.parse(l).hits?.length).length);

    // CSV: what `screen --input --format csv` writes for the same hits (its own CSV functions).
    const resultsCsv = await batchCli(db.url, ['results', id, '--format', 'csv']);
    const expectedCsv = [CSV_HEADER.join(',') + '\n', ...single.stdout.trim().split('\n').map((l) => {
      const r = JSON.parse(l);
      const row = { row: r.row, ...(r.id !== null ? { id: r.id } : {}), ...(r.query ? { query: r.query } : {}), ...(r.error ? { error: r.error } : {}) };
      return r.error !== undefined ? csvError(row) : csvHits(row, r.hits);
    })].join('');
    expect(resultsCsv.stdout).toEqual(expectedCsv);

    const text = await batchCli(db.url, ['status', id]);
    expect(text.stdout).toMatch(new RegExp(`job ${id} \\(customers.csv\\): done, 3006 of 3006 rows \\(100%\\), 13 of 13 chunks`));
  });

  it('refuses to print the results of an unfinished job unless asked for what is there', async () => {
    for (const w of workers) await w.stop(); // no worker: the job stays queued
    const r = await batchCli(db.url, ['submit', file, '--source', 'us_ofac_sdn']);
    const id = r.stdout.trim();
    const early = await batchCli(db.url, ['results', id]);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/is queued: 0 of 3006 rows done/);
    const partial = await batchCli(db.url, ['results', id, '--partial']);
    expect(partial).toMatchObject({ code: 0, stdout: '' });
    expect((await batchCli(db.url, ['status', 'no-such-job'])).stderr).toMatch(/no batch job no-such-job/);
    workers.push(startWorker(db.url));
    const job = await waitForJob(db.url, id);
    expect(job).toMatchObject({ status: 'done', rows_done: 3006 });
    // Pinned to the one list asked for.
    expect((job.versions as Array<{ source: string }>).map((v) => v.source)).toEqual(['us_ofac_sdn']);
  });

  it('explains that it needs PostgreSQL when DATABASE_URL is not set', async () => {
    const r = await clearance(['batch', 'status', 'x'], { env: { DATABASE_URL: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs PostgreSQL: set DATABASE_URL/);
    const w = await clearance(['worker'], { env: { DATABASE_URL: '' } });
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/DATABASE_URL/);
  });
});

describe.skipIf(!TEST_DATABASE_URL)(`POST /v1/batch, GET /v1/batch/:id and /results${skip}`, () => {
  let db: { url: string; store: PgStore; dispose: () => Promise<void> };
  let app: FastifyInstance;
  let worker: BatchWorker | undefined;
  const queries = [
    { id: 'c1', name: 'Erken Tuniyaz', schema: 'Person' },
    { id: 'c2', name: 'Wilhelmina Quackenbush-Oyelaran' },
    { id: 'c3', birth_date: '1970' }, // no name: an error result for this row only
    { id: 'c4', name: 'SENSETIME GROUP LIMITED' },
  ];

  beforeAll(async () => {
    db = await pgWithLists();
    app = Fastify();
    await app.register(batchRoutes, { databaseUrl: db.url });
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await db?.dispose();
  });

  it('takes JSON queries and a CSV upload, reports progress, and serves results in input order', async () => {
    const posted = await app.inject({ method: 'POST', url: '/v1/batch', payload: { queries, limit: 5 } });
    expect(posted.statusCode).toBe(202);
    const job = posted.json();
    expect(posted.headers.location).toBe(`/v1/batch/${job.id}`);
    expect(job).toMatchObject({ status: 'queued', rows: 4, options: { limit: 5, jurisdiction: 'us' } });
    expect(job.versions.length).toBeGreaterThan(0);
    expect((await app.inject({ url: `/v1/batch/${job.id}/results` })).statusCode).toBe(409);

    const csv = 'name,type\nErken Tuniyaz,Person\n,Person\n';
    const upload = await app.inject({ method: 'POST', url: '/v1/batch?file_name=two.csv', headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(upload.statusCode).toBe(202);
    expect(upload.json()).toMatchObject({ file_name: 'two.csv', rows: 2 });

    worker = await BatchWorker.start(db.url, { log: () => undefined, pollIntervalMs: 500 });
    for (const id of [job.id, upload.json().id]) {
      for (let i = 0; i < 240; i++) {
        const s = (await app.inject({ url: `/v1/batch/${id}` })).json();
        if (s.status === 'done') break;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    const status = (await app.inject({ url: `/v1/batch/${job.id}` })).json();
    expect(status).toMatchObject({ status: 'done', rows_done: 4, progress: 1, rows_with_errors: 1 });

    const lines = (await app.inject({ url: `/v1/batch/${job.id}/results` })).body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(lines[0].hits[0]).toMatchObject({ entity_id: 'us_ofac_sdn:34119' });
    expect(lines[1].hits).toEqual([]);
    expect(lines[2].error).toMatch(/name/);
    expect(lines[3].hits.map((h: { caption: string }) => h.caption)).toContain('SENSETIME GROUP LIMITED');

    const csvOut = await app.inject({ url: `/v1/batch/${upload.json().id}/results?format=csv` });
    expect(csvOut.headers['content-type']).toMatch(/text\/csv/);
    const rows = csvOut.body.trim().split('\n');
    expect(rows[0]).toMatch(/^row,id,query_name,error,entity_id/);
    expect(rows.some((r) => r.includes('us_ofac_sdn:34119'))).toBe(true);
    expect(rows.at(-1)).toMatch(/^2,,,.*name/);

    expect((await app.inject({ url: '/v1/batch/no-such-job' })).statusCode).toBe(404);
  });
});
