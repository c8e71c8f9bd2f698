import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Entity } from '../model/entity.js';
import type { Hit, MatchQuery, MatchResult } from './types.js';

/**
 * Batch screening with every core: worker threads, each holding its own MatchIndex built
 * from the same entities (sent once, by structured clone, when the pool starts).
 *
 * What comes back: each Hit's `entity` is the caller's own Entity object (the worker returns
 * the entity's position in the array given to `start`, and the pool maps it back), so hits
 * from the pool are complete, exactly like hits from MatchIndex.search.
 */

/** Queries sent to a worker in one message: large enough to hide messaging, small enough to balance. */
const CHUNK = 200;

interface Job {
  id: number;
  queries: MatchQuery[];
  threshold?: number;
  limit?: number;
}

interface WorkerHit {
  e: number;
  r: MatchResult;
}

export type WorkerReply = { ready: true } | { id: number; results: WorkerHit[][] } | { id: number; error: string };

/** The compiled worker next to this module; from TypeScript sources (tests), the built one. */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('../../dist/match/pool-worker.js', import.meta.url)
    : new URL('./pool-worker.js', import.meta.url);
}

export class MatchPool {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (r: WorkerHit[][]) => void; reject: (e: Error) => void }>();
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ worker?: Worker; job: Job }> = [];

  private constructor(
    private readonly entities: Entity[],
    private readonly workers: Worker[],
  ) {
    this.idle.push(...workers);
  }

  /**
   * warmUp: queries every worker screens before it is ready, then forgets (MatchIndex.forgetQueries).
   * V8 compiles a worker's hot code while it screens its first few thousand queries, and until
   * then that compiling takes a good part of both cores (measured in docs/matching.md): a pool
   * that serves for long, or a benchmark of its steady speed, pays for it at start instead.
   * Results never depend on it.
   */
  static async start(entities: Entity[], opts: { threads?: number; warmUp?: MatchQuery[] } = {}): Promise<MatchPool> {
    const threads = Math.max(1, opts.threads ?? availableParallelism());
    const workers: Worker[] = [];
    try {
      await Promise.all(
        Array.from({ length: threads }, () => {
          const w = new Worker(workerUrl(), { workerData: { entities, warmUp: opts.warmUp ?? [] } });
          workers.push(w);
          return new Promise<void>((resolve, reject) => {
            w.once('message', (m: WorkerReply) => ('ready' in m ? resolve() : reject(new Error('matching worker did not start'))));
            w.once('error', reject);
          });
        }),
      );
    } catch (err) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw err;
    }
    const pool = new MatchPool(entities, workers);
    for (const w of workers) pool.listen(w);
    return pool;
  }

  private listen(w: Worker): void {
    w.on('message', (m: WorkerReply) => {
      if ('ready' in m) return;
      const waiter = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if ('error' in m) waiter?.reject(new Error(m.error));
      else waiter?.resolve(m.results);
      this.idle.push(w);
      this.pump();
    });
    w.on('error', (err) => {
      for (const waiter of this.waiting.values()) waiter.reject(err);
      this.waiting.clear();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.shift()!;
      const { job } = this.queue.shift()!;
      w.postMessage(job);
    }
  }

  /** Screens queries on all threads; results in query order, each best first. */
  async search(queries: MatchQuery[], opts: { threshold?: number; limit?: number } = {}): Promise<Hit[][]> {
    const chunks: Promise<WorkerHit[][]>[] = [];
    for (let i = 0; i < queries.length; i += CHUNK) {
      const job: Job = { id: this.nextId++, queries: queries.slice(i, i + CHUNK), ...opts };
      chunks.push(
        new Promise((resolve, reject) => {
          this.waiting.set(job.id, { resolve, reject });
          this.queue.push({ job });
        }),
      );
    }
    this.pump();
    const results = await Promise.all(chunks);
    return results.flat().map((hits) => hits.map((h) => ({ entity: this.entities[h.e], result: h.r })));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
