/**
 * Worker thread for `npm run eval`: builds its own index from the entities it is given and
 * compares candidate generation with a brute-force scan for a sample of queries, so that the
 * slow scan runs on another core while the main thread measures everything else.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Entity } from '../../model/entity.js';
import { MatchIndex } from '../index.js';
import type { MatchQuery } from '../index.js';
import { candidateLoss } from './evaluate.js';

export interface ScanJob {
  entities: Entity[];
  queries: MatchQuery[];
  threshold: number;
}

const job = workerData as ScanJob;
const index = MatchIndex.build(job.entities);
parentPort!.postMessage(candidateLoss(index, job.queries, job.threshold));
