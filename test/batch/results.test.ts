import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateBatch } from '../../src/batch/schema.js';
import { copyResults, type ResultRow } from '../../src/batch/worker.js';
import { PgStore } from '../../src/store/postgres.js';
import { freshSchema, TEST_DATABASE_URL } from '../stores.js';

/** How a worker stores results (COPY), and what deleting a job takes with it. */
const skip = TEST_DATABASE_URL ? '' : ' (skipped: no PostgreSQL test server; set CLEARANCE_TEST_DATABASE_URL, as bash .ci/run does)';

describe.skipIf(!TEST_DATABASE_URL)(`batch results in PostgreSQL${skip}`, () => {
  let store: PgStore;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const schema = await freshSchema();
    drop = schema.drop;
    store = await PgStore.open(schema.url);
    await migrateBatch(store);
  });

  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  async function addJob(id: string, chunks: number): Promise<void> {
    await store.pool.query(
      `INSERT INTO batch_jobs (id, file_name, version_ids, options, row_count, chunk_count, status, submitted_at)
       VALUES ($1, 'f.csv', '{}', '{}', $2, $2, 'queued', now())`,
      [id, chunks],
    );
    for (let k = 0; k < chunks; k++) {
      await store.pool.query(`INSERT INTO batch_chunks (job_id, chunk, first_position, row_count, rows) VALUES ($1, $2, $2, 1, '[]')`, [id, k]);
    }
  }

  const stored = async (job: string): Promise<ResultRow[]> =>
    (
      await store.pool.query<{ position: number; hits: number; is_error: boolean; result: string }>(
        'SELECT position, hits, is_error, result FROM batch_results WHERE job_id = $1 ORDER BY position',
        [job],
      )
    ).rows.map((r) => ({ position: r.position, hits: r.hits, isError: r.is_error, result: r.result }));

  it('stores every result exactly as given, whatever characters it holds', async () => {
    await addJob('job-a', 1);
    // COPY's text format gives backslash, tab and line ends a meaning of their own; results are
    // JSON (whose escapes are backslashes), but any text must come back as it went in.
    const texts = [
      JSON.stringify({ row: 2, query: { name: 'O\'Brien "Jr" \\ C:\\path' }, hits: [] }),
      'tab\there, newline\nhere, return\rhere, backslash-n \\n, backslash-dot at a line start:\n\\.',
      'Иван Петров · 张伟 · محمد علي · 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 · 🙂',
      '',
      '\\\\\\',
    ];
    const results: ResultRow[] = texts.map((result, i) => ({ position: i, hits: i % 2, isError: i === 3, result }));
    await store.transaction((c) => copyResults(c, 'job-a', results));
    expect(await stored('job-a')).toEqual(results);
  });

  it('deleting a job deletes its chunks and results, and no other job\'s', async () => {
    await addJob('job-b', 2);
    await addJob('job-c', 1);
    await store.transaction((c) => copyResults(c, 'job-b', [0, 1, 2].map((position) => ({ position, hits: 0, isError: false, result: '{}' }))));
    await store.transaction((c) => copyResults(c, 'job-c', [{ position: 0, hits: 1, isError: false, result: '{"hits":[1]}' }]));
    await store.pool.query(`DELETE FROM batch_jobs WHERE id = 'job-b'`);
    expect(await stored('job-b')).toEqual([]);
    expect((await store.pool.query(`SELECT count(*)::int AS n FROM batch_chunks WHERE job_id = 'job-b'`)).rows[0].n).toBe(0);
    expect(await stored('job-c')).toEqual([{ position: 0, hits: 1, isError: false, result: '{"hits":[1]}' }]);
  });

  it('refuses a second result for the same row rather than storing it twice', async () => {
    await addJob('job-d', 1);
    const one = [{ position: 0, hits: 0, isError: false, result: 'first' }];
    await store.transaction((c) => copyResults(c, 'job-d', one));
    await expect(store.transaction((c) => copyResults(c, 'job-d', [{ ...one[0], result: 'second' }]))).rejects.toThrow(/duplicate key/);
    expect(await stored('job-d')).toEqual(one);
  });
});
