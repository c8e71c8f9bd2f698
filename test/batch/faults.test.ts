import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { PgStore } from '../../src/store/postgres.js';
import { pgWithLists, TEST_DATABASE_URL } from '../stores.js';
import { PG_CTL, startOwnServer, type OwnServer } from './pgserver.js';
import { batchCli, recordsFile, startWorker, waitForJob, type WorkerProcess } from './workers.js';

/**
 * Faults of distributed batch screening, with real processes and a real server: a worker killed
 * mid-chunk, a worker frozen past its chunk's timeout and then resumed, and the database
 * restarting under a running job. In each, every row's result must be stored exactly once.
 */
const skip = TEST_DATABASE_URL ? '' : ' (skipped: no PostgreSQL test server; set CLEARANCE_TEST_DATABASE_URL, as bash .ci/run does)';
// Short timeouts so that a dead worker's chunk comes back within seconds.
const FAST_RETRY = ['--concurrency', '1', '--maintenance-interval', '1'];
// 6,012 input rows (6,000 records and 12 unscreenable rows) in 4 equal chunks, each long enough
// to screen that a signal sent when a worker starts one arrives before it is done.
const CHUNK = '1503';

let workers: WorkerProcess[] = [];
afterEach(async () => {
  for (const w of workers) await w.stop();
  workers = [];
});
const worker = (url: string) => {
  const w = startWorker(url, FAST_RETRY);
  workers.push(w);
  return w;
};

async function submit(url: string, file: string, args: string[]): Promise<string> {
  const r = await batchCli(url, ['submit', file, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
}

/** Every input position has exactly one result, and the job's counters agree with the stored rows. */
async function expectEachRowOnce(url: string, id: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const job = (await client.query('SELECT * FROM batch_jobs WHERE id = $1', [id])).rows[0];
    const stored = (
      await client.query<{ n: string; first: number; last: number; hits: string; errors: string }>(
        `SELECT count(*) AS n, min(position) AS first, max(position) AS last,
                count(*) FILTER (WHERE hits > 0) AS hits, count(*) FILTER (WHERE is_error) AS errors
         FROM batch_results WHERE job_id = $1`,
        [id],
      )
    ).rows[0];
    expect(job).toMatchObject({ status: 'done', rows_done: job.row_count, chunks_done: job.chunk_count });
    expect({ n: Number(stored.n), first: stored.first, last: stored.last }).toEqual({ n: job.row_count, first: 1, last: job.row_count });
    expect(Number(stored.hits)).toBe(job.rows_with_hits);
    expect(Number(stored.errors)).toBe(job.rows_with_errors);
  } finally {
    await client.end();
  }
}

async function chunkRow(url: string, id: string, chunk: number): Promise<{ done_at: Date | null; done_by: string | null; attempts: number; stored: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT c.done_at, c.done_by, c.attempts,
              (SELECT count(*)::int FROM batch_results r WHERE r.job_id = c.job_id AND r.position BETWEEN c.first_position AND c.first_position + c.row_count - 1) AS stored
       FROM batch_chunks c WHERE job_id = $1 AND chunk = $2`,
      [id, chunk],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

async function progress(url: string, id: string): Promise<{ rows_done: number; row_count: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT rows_done, row_count FROM batch_jobs WHERE id = $1', [id])).rows[0];
  } finally {
    await client.end();
  }
}

const chunkOf = (line: string) => Number(/chunk (\d+): started/.exec(line)![1]);

describe.skipIf(!TEST_DATABASE_URL)(`a worker dies or stalls mid-chunk${skip}`, () => {
  let db: { url: string; store: PgStore; dispose: () => Promise<void> };
  let file: string;

  beforeAll(async () => {
    db = await pgWithLists();
    file = await recordsFile(db.store, 6000, 9);
  });
  afterAll(async () => db?.dispose());

  it('killed with SIGKILL: another worker takes its chunk over when the chunk times out; every row stored once', { timeout: 180_000 }, async () => {
    const id = await submit(db.url, file, ['--chunk-size', CHUNK, '--chunk-timeout', '3']);
    const a = worker(db.url);
    const chunk = chunkOf(await a.waitFor(/chunk \d+: started/));
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));
    // Killed mid-chunk: nothing of that chunk was stored.
    expect(await chunkRow(db.url, id, chunk)).toMatchObject({ done_at: null, attempts: 1, stored: 0 });

    const b = worker(db.url);
    await waitForJob(db.url, id);
    await b.waitFor(new RegExp(`chunk ${chunk}: started \\(rows \\d+-\\d+, attempt 2\\)`));
    expect(await chunkRow(db.url, id, chunk)).toMatchObject({ done_by: b.id(), attempts: 2, stored: Number(CHUNK) });
    await expectEachRowOnce(db.url, id);
  });

  it('frozen (SIGSTOP) past its chunk timeout, then resumed: the chunk is screened twice, stored and counted once', { timeout: 180_000 }, async () => {
    const id = await submit(db.url, file, ['--chunk-size', CHUNK, '--chunk-timeout', '2']);
    const a = worker(db.url);
    const chunk = chunkOf(await a.waitFor(/chunk \d+: started/));
    a.child.kill('SIGSTOP');

    const b = worker(db.url);
    await waitForJob(db.url, id);
    expect(await chunkRow(db.url, id, chunk)).toMatchObject({ done_by: b.id(), stored: Number(CHUNK) });

    a.child.kill('SIGCONT');
    await a.waitFor(new RegExp(`chunk ${chunk}: already done by another worker`));
    expect((await chunkRow(db.url, id, chunk)).attempts).toBeGreaterThanOrEqual(2);
    await expectEachRowOnce(db.url, id);
  });
});

describe.skipIf(!TEST_DATABASE_URL || !PG_CTL)(
  `the database restarts during a job${PG_CTL ? skip : ' (skipped: CLEARANCE_TEST_PGCTL is not set; bash .ci/run sets it)'}`,
  () => {
    let server: OwnServer;
    let db: { url: string; store: PgStore; dispose: () => Promise<void> };
    let file: string;

    beforeAll(async () => {
      server = await startOwnServer();
      db = await pgWithLists(server.url);
      file = await recordsFile(db.store, 20_000, 13);
    });
    afterAll(async () => {
      await db?.dispose();
      await server?.stop();
    });

    it('workers wait for it, reconnect and finish; every row stored once', { timeout: 240_000 }, async () => {
      const id = await submit(db.url, file, ['--chunk-size', '250', '--chunk-timeout', '10']);
      const [a, b] = [worker(db.url), worker(db.url)];
      await Promise.race([a.waitFor(/chunk \d+: done/), b.waitFor(/chunk \d+: done/)]);
      const before = await progress(db.url, id);
      await server.restart();
      expect(before.rows_done).toBeLessThan(before.row_count); // the restart came mid-job
      const job = await waitForJob(db.url, id);
      expect(job.status).toBe('done');
      await expectEachRowOnce(db.url, id);
      // The restart did reach the workers: they saw the connection go and carried on.
      expect([...a.log, ...b.log].some((l) => /terminat|connection|ECONNREFUSED|shutting down|retrying|trying again/i.test(l))).toBe(true);
    });
  },
);
