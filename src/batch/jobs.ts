import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Jurisdiction } from '../measures/interpret.js';
import type { SourceId } from '../model/sources.js';
import type { BatchRow } from '../screen/batch.js';
import type { VersionRef } from '../screen/screener.js';
import { PgStore } from '../store/postgres.js';
import type { VersionInfo } from '../store/types.js';
import { CHUNK_QUEUE, inTransaction, startQueue, type QueueOptions } from './queue.js';
import { migrateBatch } from './schema.js';

/**
 * Batch jobs in PostgreSQL: submitting a file (its rows stored in chunks, one queue job per
 * chunk, the list versions pinned), following a job's progress, and reading its results in
 * input order. Workers (worker.ts) do the screening.
 */

/** How a job screens; fixed at submit time so every chunk, on any worker, screens alike. */
export interface BatchJobOptions {
  threshold?: number;
  limit: number;
  /** Date the measures are judged on (pinned at submit: a retry tomorrow gives the same answer). */
  on: string;
  jurisdiction: Jurisdiction;
}

export interface ChunkSettings {
  /** Input rows per chunk (default 1,000). */
  chunkSize?: number;
  /** Seconds a worker may hold a chunk before it counts as dead and the chunk is offered again (default 120). */
  chunkTimeoutSeconds?: number;
  /** How many times a chunk is offered again after its worker failed or died (default 10). */
  retryLimit?: number;
}

export interface SubmitInput extends ChunkSettings {
  fileName: string;
  rows: AsyncIterable<BatchRow>;
  options: BatchJobOptions;
  /** Screen against only these lists (default: all current versions). */
  sources?: SourceId[];
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobStatus {
  id: string;
  file_name: string;
  status: JobState;
  rows: number;
  rows_done: number;
  rows_with_hits: number;
  rows_with_errors: number;
  chunks: number;
  chunks_done: number;
  options: BatchJobOptions;
  version_ids: number[];
  submitted_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
}

/** One input row as a chunk stores it: its position in the input, and what readBatch made of it. */
export interface StoredRow {
  position: number;
  row: number;
  id?: string;
  query?: BatchRow['query'];
  match?: BatchRow['match'];
  error?: string;
}

const DEFAULT_CHUNK_SIZE = 1000;
const DEFAULT_CHUNK_TIMEOUT_SECONDS = 120;
const DEFAULT_RETRY_LIMIT = 10;
const RESULT_PAGE = 5000;

export class BatchService {
  private constructor(
    readonly store: PgStore,
    readonly boss: PgBoss,
  ) {}

  get pool(): pg.Pool {
    return this.store.pool;
  }

  static async open(url: string, opts: QueueOptions & { maxConnections?: number } = {}): Promise<BatchService> {
    const store = await PgStore.open(url, { maxConnections: opts.maxConnections });
    try {
      await migrateBatch(store);
      const boss = await startQueue(url, store.pool, opts);
      return new BatchService(store, boss);
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  /**
   * Stores a job and its rows and enqueues its chunks, all in one transaction: workers see the
   * job complete or not at all, however the submission ends.
   */
  async submit(input: SubmitInput): Promise<JobStatus> {
    let versions = await this.store.currentVersions();
    if (input.sources?.length) versions = versions.filter((v) => input.sources!.includes(v.source));
    if (!versions.length) throw new Error('the store holds no lists yet: run `clearance update` first');
    const chunkSize = input.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const queueOptions = {
      expireInSeconds: input.chunkTimeoutSeconds ?? DEFAULT_CHUNK_TIMEOUT_SECONDS,
      retryLimit: input.retryLimit ?? DEFAULT_RETRY_LIMIT,
      retryDelay: 1,
    };
    const id = randomUUID();
    await this.store.transaction(async (c) => {
      await c.query(
        `INSERT INTO batch_jobs (id, file_name, version_ids, options, row_count, chunk_count, status, submitted_at)
         VALUES ($1, $2, $3, $4, 0, 0, 'queued', now())`,
        [id, input.fileName, versions.map((v) => v.id), JSON.stringify(input.options)],
      );
      let chunk: StoredRow[] = [];
      const queued: PgBoss.JobInsert[] = [];
      let chunks = 0;
      let position = 0;
      const flush = async () => {
        if (!chunk.length) return;
        await c.query('INSERT INTO batch_chunks (job_id, chunk, first_position, row_count, rows) VALUES ($1, $2, $3, $4, $5)', [
          id,
          chunks,
          chunk[0].position,
          chunk.length,
          JSON.stringify(chunk),
        ]);
        queued.push({ name: CHUNK_QUEUE, data: { job: id, chunk: chunks }, ...queueOptions });
        chunks++;
        chunk = [];
      };
      for await (const r of input.rows) {
        chunk.push(storedRow(++position, r));
        if (chunk.length >= chunkSize) await flush();
      }
      await flush();
      for (let i = 0; i < queued.length; i += 500) await this.boss.insert(queued.slice(i, i + 500), { db: inTransaction(c) });
      await c.query(
        `UPDATE batch_jobs SET row_count = $2, chunk_count = $3,
           status = CASE WHEN $3 = 0 THEN 'done' ELSE status END, finished_at = CASE WHEN $3 = 0 THEN now() END
         WHERE id = $1`,
        [id, position, chunks],
      );
    });
    return (await this.status(id))!;
  }

  async status(id: string): Promise<JobStatus | undefined> {
    const { rows } = await this.pool.query<JobRow>('SELECT * FROM batch_jobs WHERE id = $1', [id]);
    return rows[0] && toStatus(rows[0]);
  }

  async list(limit = 20): Promise<JobStatus[]> {
    const { rows } = await this.pool.query<JobRow>('SELECT * FROM batch_jobs ORDER BY submitted_at DESC LIMIT $1', [limit]);
    return rows.map(toStatus);
  }

  /** The versions a job is pinned to, in the short form results carry. */
  async versionRefs(job: JobStatus): Promise<VersionRef[]> {
    const versions = (await Promise.all(job.version_ids.map((v) => this.store.version(v)))).filter((v): v is VersionInfo => !!v);
    return versions.map((v) => ({ source: v.source, version: v.id, published_at: v.publishedAt ?? null, retrieved_at: v.retrievedAt }));
  }

  /** The stored result of each row, in input order, page by page. */
  async *results(id: string): AsyncGenerator<{ position: number; result: string }> {
    let after = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ position: number; result: string }>(
        `SELECT position, result FROM batch_results WHERE job_id = $1 AND position > $2 ORDER BY position LIMIT ${RESULT_PAGE}`,
        [id, after],
      );
      yield* rows;
      if (rows.length < RESULT_PAGE) return;
      after = rows[rows.length - 1].position;
    }
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
    await this.store.close();
  }
}

function storedRow(position: number, r: BatchRow): StoredRow {
  const s: StoredRow = { position, row: r.row };
  if (r.id !== undefined) s.id = r.id;
  if (r.error !== undefined) s.error = r.error;
  else {
    s.query = r.query;
    s.match = r.match;
  }
  return s;
}

interface JobRow {
  id: string;
  file_name: string;
  status: JobState;
  row_count: number;
  rows_done: number;
  rows_with_hits: number;
  rows_with_errors: number;
  chunk_count: number;
  chunks_done: number;
  options: string;
  version_ids: number[];
  submitted_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
}

function toStatus(r: JobRow): JobStatus {
  return {
    id: r.id,
    file_name: r.file_name,
    status: r.status,
    rows: r.row_count,
    rows_done: r.rows_done,
    rows_with_hits: r.rows_with_hits,
    rows_with_errors: r.rows_with_errors,
    chunks: r.chunk_count,
    chunks_done: r.chunks_done,
    options: JSON.parse(r.options) as BatchJobOptions,
    version_ids: r.version_ids,
    submitted_at: r.submitted_at.toISOString(),
    started_at: r.started_at?.toISOString() ?? null,
    finished_at: r.finished_at?.toISOString() ?? null,
    error: r.error,
  };
}
