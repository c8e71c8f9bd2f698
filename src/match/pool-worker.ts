import { parentPort, workerData } from 'node:worker_threads';
import type { Entity } from '../model/entity.js';
import { MatchIndex } from './matchindex.js';
import type { WorkerReply } from './pool.js';
import type { MatchQuery } from './types.js';

/** One MatchPool thread: builds its index, warms it up when asked to, then answers chunks of queries. */
const { entities, warmUp } = workerData as { entities: Entity[]; warmUp: MatchQuery[] };
const index = MatchIndex.build(entities);
for (const query of warmUp) index.search(query);
index.forgetQueries();
const position = new Map<string, number>(entities.map((e, i) => [e.id, i]));
const port = parentPort!;

port.on('message', (job: { id: number; queries: MatchQuery[]; threshold?: number; limit?: number }) => {
  try {
    const results = job.queries.map((q) =>
      index.search(q, { threshold: job.threshold, limit: job.limit }).map((h) => ({ e: position.get(h.entity.id)!, r: h.result })),
    );
    port.postMessage({ id: job.id, results } satisfies WorkerReply);
  } catch (err) {
    port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
  }
});
port.postMessage({ ready: true } satisfies WorkerReply);
