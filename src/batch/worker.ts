import { hostname } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type PgBoss from 'pg-boss';
import type { Entity } from '../model/entity.js';
import { MatchPool } from '../match/index.js';
import { describeHits, ScreeningContext, screenQuery } from '../screen/screener.js';
import type { VersionInfo } from '../store/types.js';
import { BatchService, type BatchJobOptions, type StoredRow } from './jobs.js';
import { CHUNK_QUEUE } from './queue.js';
import { retrying, sleep } from './retry.js';

/**
 * A batch worker: takes chunks from the queue, screens them against the list versions their
 * job pinned, and stores one result per row. Any number of workers, on any machines that reach
 * the database, share the work; a worker that dies leaves its chunk to be retried by another
 * once the chunk's timeout passes, and a database that goes away is waited for.
 */

export interface WorkerOptions {
  /** Chunks handled at once in this process (default 2: one is screened while another is read or written). */
  concurrency?: number;
  /** Match in this many threads (a MatchPool) instead of on this process's own thread (default 0). */
  threads?: number;
  /** Pause between looks at an empty queue (default 500 ms). */
  pollIntervalMs?: number;
  /** How often this worker runs the queue's maintenance, which retries the chunks of dead workers (default 30 s). */
  maintenanceIntervalSeconds?: number;
  /** Names this worker in logs and in `done_by` (default host:pid). */
  id?: string;
  log?: (line: string) => void;
}

interface ChunkJob {
  job: string;
  chunk: number;
}

export interface ResultRow {
  position: number;
  hits: number;
  isError: boolean;
  result: string;
}

/** The entities of one set of list versions, their index, and (with threads) a pool of matcher threads. */
interface Screener {
  ctx: ScreeningContext;
  pool?: MatchPool;
}

const KEPT_SCREENERS = 2;
/** Rows screened between turns of the event loop (about 5 ms of screening). */
const ROWS_BETWEEN_YIELDS = 50;

export class BatchWorker {
  readonly id: string;
  readonly stats = { chunks: 0, rows: 0 };
  private stopping = false;
  private readonly screeners = new Map<string, Promise<Screener>>();
  private readonly jobs = new Map<string, { versionIds: number[]; options: BatchJobOptions }>();
  private slots: Promise<void>[] = [];

  private constructor(
    private readonly service: BatchService,
    private readonly opts: Required<Omit<WorkerOptions, 'id' | 'log'>> & { log: (line: string) => void },
    id: string,
  ) {
    this.id = id;
  }

  static async start(url: string, opts: WorkerOptions = {}): Promise<BatchWorker> {
    const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
    const id = opts.id ?? `${hostname()}:${process.pid}`;
    let lastQueueError = 0;
    const service = await retrying(() =>
      BatchService.open(url, {
        supervise: true,
        maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 30,
        onError: (err) => {
          // pg-boss retries by itself; say so at most every few seconds rather than once per poll.
          if (Date.now() - lastQueueError > 5000) (lastQueueError = Date.now()), log(`worker ${id}: queue: ${err.message}`);
        },
      }),
    );
    const worker = new BatchWorker(
      service,
      {
        concurrency: Math.max(1, opts.concurrency ?? 2),
        threads: opts.threads ?? 0,
        pollIntervalMs: opts.pollIntervalMs ?? 500,
        maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 30,
        log,
      },
      id,
    );
    worker.slots = Array.from({ length: worker.opts.concurrency }, () => worker.loop());
    log(`worker ${id}: ready (${worker.opts.concurrency} chunks at a time${worker.opts.threads ? `, ${worker.opts.threads} matcher threads` : ''})`);
    return worker;
  }

  /** Finishes the chunks in hand, then closes. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.slots);
    for (const s of this.screeners.values()) await (await s.catch(() => undefined))?.pool?.close();
    await this.service.close();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.warmScreeners();
        const [job] = (await this.service.boss.fetch<ChunkJob>(CHUNK_QUEUE, { batchSize: 1, includeMetadata: true })) ?? [];
        if (!job) {
          await sleep(this.opts.pollIntervalMs);
          continue;
        }
        await this.handle(job);
      } catch (err) {
        this.logThrottled(`worker ${this.id}: ${(err as Error).message}; trying again`);
        await sleep(this.opts.pollIntervalMs);
      }
    }
  }

  private lastThrottled = 0;

  /** While the database is away every poll fails the same way: say so every few seconds, not each time. */
  private logThrottled(line: string): void {
    if (Date.now() - this.lastThrottled < 5000) return;
    this.lastThrottled = Date.now();
    this.opts.log(line);
  }

  private async handle(job: PgBoss.JobWithMetadata<ChunkJob>): Promise<void> {
    const { job: jobId, chunk } = job.data;
    try {
      await this.screenChunk(jobId, chunk, job.retryCount);
      await retrying(() => this.service.boss.complete(CHUNK_QUEUE, job.id));
    } catch (err) {
      const message = (err as Error).message;
      this.opts.log(`worker ${this.id}: job ${jobId} chunk ${chunk}: failed: ${message}`);
      const final = job.retryCount >= job.retryLimit;
      // If even this fails, the chunk's timeout brings it back: nothing is lost either way.
      await retrying(() => this.recordFailure(jobId, chunk, message, final), { deadlineMs: 30_000 }).catch(() => undefined);
      await this.service.boss.fail(CHUNK_QUEUE, job.id, { message }).catch(() => undefined);
    }
  }

  private async screenChunk(jobId: string, chunk: number, retryCount: number): Promise<void> {
    const job = await retrying(() => this.jobMeta(jobId));
    if (!job) return; // the job was deleted: nothing to do
    const claimed = await retrying(() =>
      this.service.pool.query<{ rows: string; done_at: Date | null; first_position: number; row_count: number }>(
        `WITH started AS (
           UPDATE batch_jobs SET status = 'running', started_at = now() WHERE id = $1 AND status = 'queued'
         )
         UPDATE batch_chunks SET attempts = attempts + 1 WHERE job_id = $1 AND chunk = $2
         RETURNING rows, done_at, first_position, row_count`,
        [jobId, chunk],
      ),
    );
    const c = claimed.rows[0];
    if (!c || c.done_at) return; // another worker finished it (this is a retry of a slow worker's chunk)
    const started = Date.now();
    this.opts.log(
      `worker ${this.id}: job ${jobId} chunk ${chunk}: started (rows ${c.first_position}-${c.first_position + c.row_count - 1}, attempt ${retryCount + 1})`,
    );
    const screener = await this.screener(job.versionIds);
    const results = await screenRows(screener, JSON.parse(c.rows) as StoredRow[], job.options);
    const counted = await retrying(() => this.saveResults(jobId, chunk, results), {
      onRetry: (err) => this.opts.log(`worker ${this.id}: job ${jobId} chunk ${chunk}: saving results: ${(err as Error).message}; retrying`),
    });
    this.stats.chunks++;
    this.stats.rows += results.length;
    this.opts.log(
      `worker ${this.id}: job ${jobId} chunk ${chunk}: ${counted ? 'done' : 'already done by another worker'}: ${results.length} rows in ${Date.now() - started} ms`,
    );
  }

  /**
   * Stores a chunk's results and counts the chunk as done, in one transaction. The chunk's done
   * mark is set first: it locks the chunk's row, so a second worker saving the same chunk (a
   * slow one whose chunk was retried) waits, then finds it done and writes nothing. Results are
   * only ever written together with that mark, so a chunk not yet marked has none stored, and
   * each row's result, keyed by (job, position), is stored exactly once.
   */
  private async saveResults(jobId: string, chunk: number, results: ResultRow[]): Promise<boolean> {
    return this.service.store.transaction(async (c) => {
      const done = await c.query('UPDATE batch_chunks SET done_at = now(), done_by = $3, error = NULL WHERE job_id = $1 AND chunk = $2 AND done_at IS NULL', [
        jobId,
        chunk,
        this.id,
      ]);
      if (!done.rowCount) return false;
      await copyResults(c, jobId, results);
      await c.query(
        `UPDATE batch_jobs SET
           chunks_done = chunks_done + 1,
           rows_done = rows_done + $2,
           rows_with_hits = rows_with_hits + $3,
           rows_with_errors = rows_with_errors + $4,
           status = CASE WHEN status = 'failed' THEN 'failed' WHEN chunks_done + 1 >= chunk_count THEN 'done' ELSE 'running' END,
           finished_at = CASE WHEN chunks_done + 1 >= chunk_count THEN now() END
         WHERE id = $1`,
        [jobId, results.length, results.filter((r) => r.hits > 0).length, results.filter((r) => r.isError).length],
      );
      return true;
    });
  }

  private async recordFailure(jobId: string, chunk: number, message: string, final: boolean): Promise<void> {
    await this.service.pool.query('UPDATE batch_chunks SET error = $3 WHERE job_id = $1 AND chunk = $2', [jobId, chunk, message]);
    if (final) {
      await this.service.pool.query(
        `UPDATE batch_jobs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status <> 'done'`,
        [jobId, `chunk ${chunk} failed after every retry: ${message}`],
      );
    }
  }

  private async jobMeta(jobId: string): Promise<{ versionIds: number[]; options: BatchJobOptions } | undefined> {
    const known = this.jobs.get(jobId);
    if (known) return known;
    const { rows } = await this.service.pool.query<{ version_ids: number[]; options: string }>('SELECT version_ids, options FROM batch_jobs WHERE id = $1', [jobId]);
    if (!rows[0]) return undefined;
    const meta = { versionIds: rows[0].version_ids, options: JSON.parse(rows[0].options) as BatchJobOptions };
    if (this.jobs.size > 1000) this.jobs.clear();
    this.jobs.set(jobId, meta);
    return meta;
  }

  /**
   * Builds the index for the version sets of the jobs waiting, before taking one of their chunks:
   * building can take longer than a chunk's timeout, which must only ever measure screening.
   */
  private async warmScreeners(): Promise<void> {
    const { rows } = await this.service.pool.query<{ version_ids: number[] }>(
      `SELECT version_ids FROM batch_jobs WHERE status IN ('queued', 'running') GROUP BY version_ids ORDER BY min(submitted_at) LIMIT ${KEPT_SCREENERS}`,
    );
    for (const r of rows) await this.screener(r.version_ids);
  }

  private screener(versionIds: number[]): Promise<Screener> {
    const key = versionIds.join(',');
    let s = this.screeners.get(key);
    if (!s) {
      s = this.buildScreener(versionIds);
      s.catch(() => this.screeners.delete(key)); // a failed build (database away) is tried again next time
      this.screeners.set(key, s);
      while (this.screeners.size > KEPT_SCREENERS) {
        const [oldest, old] = this.screeners.entries().next().value as [string, Promise<Screener>];
        this.screeners.delete(oldest);
        void old.then((o) => o.pool?.close()).catch(() => undefined);
      }
    }
    return s;
  }

  private async buildScreener(versionIds: number[]): Promise<Screener> {
    const started = Date.now();
    const { versions, entities } = await retrying(async () => {
      const versions = (await Promise.all(versionIds.map((id) => this.service.store.version(id)))).filter((v): v is VersionInfo => !!v);
      const entities: Entity[] = [];
      for await (const e of this.service.store.entities(versionIds)) entities.push(e);
      return { versions, entities };
    });
    const ctx = ScreeningContext.build(versions, entities);
    const screener: Screener = { ctx };
    if (this.opts.threads > 0) screener.pool = await MatchPool.start(entities, { threads: this.opts.threads });
    else void ctx.index;
    this.opts.log(`worker ${this.id}: index of ${entities.length} entities (versions ${versionIds.join(', ')}) ready in ${Date.now() - started} ms`);
    return screener;
  }
}

/**
 * Writes a chunk's results with COPY: PostgreSQL takes the rows in batches rather than one by
 * one (1.7 µs of its CPU per row against 3.5 µs for INSERT ... SELECT FROM unnest, measured on
 * 60 chunks of 1,000), and nothing here has to quote every result into an array literal.
 */
export async function copyResults(c: pg.PoolClient, jobId: string, results: ResultRow[]): Promise<void> {
  const job = copyField(jobId);
  const lines = results.map((r) => `${job}\t${r.position}\t${r.hits}\t${r.isError ? 't' : 'f'}\t${copyField(r.result)}\n`);
  await pipeline(Readable.from([Buffer.from(lines.join(''))]), c.query(copyFrom('COPY batch_results (job_id, position, hits, is_error, result) FROM STDIN')));
}

/** A value in COPY's text format, where a backslash starts an escape and tabs and line ends separate. */
function copyField(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch]) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Screens a chunk's rows into the result lines `clearance screen --input` writes, row for row. */
async function screenRows(s: Screener, rows: StoredRow[], o: BatchJobOptions): Promise<ResultRow[]> {
  const opts = { threshold: o.threshold, limit: o.limit, on: o.on, jurisdiction: o.jurisdiction };
  const good = rows.filter((r) => r.match);
  const pooled = s.pool && good.length ? await s.pool.search(good.map((r) => r.match!), { threshold: o.threshold, limit: o.limit }) : undefined;
  let k = 0;
  const results: ResultRow[] = [];
  for (const r of rows) {
    // Let the other chunk in hand go on now and then: a reply left waiting behind a whole
    // chunk's screening keeps its transaction open, holding the job's row (which every
    // worker's save updates) for as long.
    if (results.length % ROWS_BETWEEN_YIELDS === ROWS_BETWEEN_YIELDS - 1) await setImmediate();
    if (!r.match) {
      const error = r.error ?? 'no query';
      results.push({ position: r.position, hits: 0, isError: true, result: JSON.stringify({ row: r.row, id: r.id ?? null, error }) });
      continue;
    }
    const hits = pooled ? describeHits(s.ctx, pooled[k++], opts) : screenQuery(s.ctx, r.match, opts);
    results.push({ position: r.position, hits: hits.length, isError: false, result: JSON.stringify({ row: r.row, id: r.id ?? null, query: r.query, hits }) });
  }
  return results;
}
