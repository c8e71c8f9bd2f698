import type { Command } from 'commander';
import { setFlagsFromString } from 'node:v8';
import { BatchWorker } from '../../batch/worker.js';
import { databaseUrl } from '../../store/index.js';

/**
 * `clearance worker`: screens the chunks of batch jobs (`clearance batch submit`) until stopped.
 * Start as many as the machines allow, on any machines that reach the database.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('screen batch jobs from PostgreSQL (DATABASE_URL) until stopped (SIGINT/SIGTERM finish the chunks in hand)')
    .option('--concurrency <n>', 'chunks handled at once in this process', (v) => parseInt(v, 10), 2)
    .option('--threads <n>', 'match in this many threads instead of this process alone (default 0: start one worker per core instead)', (v) => parseInt(v, 10), 0)
    .option('--poll-interval <ms>', 'pause between looks at an empty queue', (v) => parseInt(v, 10), 500)
    .option('--maintenance-interval <seconds>', "how often to look for dead workers' chunks to retry", (v) => parseInt(v, 10), 30)
    .action(async (opts: { concurrency: number; threads: number; pollInterval: number; maintenanceInterval: number }) => {
      const url = databaseUrl();
      if (!url) throw new Error('a worker needs the PostgreSQL database the jobs are in: set DATABASE_URL');
      keepQueryGarbageYoung();
      const worker = await BatchWorker.start(url, {
        concurrency: opts.concurrency,
        threads: opts.threads,
        pollIntervalMs: opts.pollInterval,
        maintenanceIntervalSeconds: opts.maintenanceInterval,
      });
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write(`worker ${worker.id}: stopping after the chunks in hand\n`);
          void worker.stop().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stderr.write(`worker ${worker.id}: stopped after ${worker.stats.chunks} chunks, ${worker.stats.rows} rows\n`);
    });
}

/**
 * Turns off V8's allocation-site pretenuring for this process, before the index is built. The
 * code that prepares listed names at build time (all kept) also prepares every query's names
 * (dropped after the query). V8 judges each allocation site by what survived it; our reading of
 * the measurements is that the build tenures those sites, and from then on every query's tokens,
 * glues and keys are allocated in the old heap, where only a full collection frees them (query
 * objects that die at once were still found promoted). Measured with
 * `npm run bench:scale` (1,000,000 records, docs/deployment.md): the workers' main-thread CPU fell
 * by about a fifth and their V8 background threads' by a third; two workers went from 11,070 and
 * 12,208 records/s to 14,694 (flag given on the command line), 14,204 and 15,282 (set here).
 */
function keepQueryGarbageYoung(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
