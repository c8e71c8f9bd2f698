import { Command, Option } from 'commander';
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { SOURCE_IDS, type SourceId } from '../../model/sources.js';
import { today } from '../../model/dates.js';
import type { Jurisdiction } from '../../measures/interpret.js';
import { readBatch, type BatchFormat } from '../../screen/batch.js';
import { BatchService, type JobStatus } from '../../batch/jobs.js';
import { csvHeaderLine, formatResult, type ResultFormat } from '../../batch/output.js';
import { sleep } from '../../batch/retry.js';
import { databaseUrl } from '../../store/index.js';
import { parseIsoDate } from '../options.js';
import { formatTable, printJson } from '../output.js';

/**
 * `clearance batch submit|status|results|list`: batch screening spread over `clearance worker`
 * processes through PostgreSQL. The file is read once, here; workers need only the database.
 */
export function registerBatch(program: Command): void {
  const batch = program.command('batch').description('distributed batch screening through PostgreSQL (DATABASE_URL) and `clearance worker` processes');

  batch
    .command('submit <file>')
    .description('store a CSV or JSON-lines file of parties as a job for the workers; prints the job id')
    .addOption(new Option('--format <format>', 'input format (default: from the file name)').choices(['csv', 'jsonl']))
    .option('--map <header=field...>', 'map a column to a query field (name, first_name, last_name, birth_date, countries, gender, identifier, schema, id)')
    .option('--threshold <score>', 'minimum score for a match, 0..1 (default: the engine default)', parseScore)
    .option('--limit <n>', 'most hits per row', (v) => parseInt(v, 10), 10)
    .option('--on <date>', 'judge measures on this date (default today; fixed for the whole job)', parseIsoDate)
    .addOption(new Option('--jurisdiction <j>', 'whose measures bind the user').choices(['us', 'uk', 'eu', 'un', 'ca']).default('us'))
    .addOption(new Option('--source <id...>', 'only these lists').choices([...SOURCE_IDS]))
    .option('--chunk-size <rows>', 'rows per chunk of work', (v) => parseInt(v, 10), 1000)
    .option('--chunk-timeout <seconds>', 'a worker silent this long on a chunk counts as dead; the chunk goes to another', (v) => parseInt(v, 10), 120)
    .option('--json', 'print the job as JSON')
    .action(async (file: string, opts: SubmitOpts, cmd: Command) => {
      await withBatch(cmd, async (service) => {
        const started = Date.now();
        const job = await service.submit({
          fileName: basename(file),
          rows: readBatch(file, { format: opts.format, map: opts.map }),
          options: { threshold: opts.threshold, limit: opts.limit, on: opts.on ?? today(), jurisdiction: opts.jurisdiction },
          sources: opts.source,
          chunkSize: opts.chunkSize,
          chunkTimeoutSeconds: opts.chunkTimeout,
        });
        if (opts.json) printJson(job);
        else {
          process.stdout.write(job.id + '\n');
          process.stderr.write(
            `submitted ${job.rows} rows in ${job.chunks} chunks (${((Date.now() - started) / 1000).toFixed(1)} s); follow with \`clearance batch status ${job.id}\`\n`,
          );
        }
      });
    });

  batch
    .command('status <job>')
    .description('progress of a job: rows done of total (a live progress bar on a terminal)')
    .option('--json', 'print the status as JSON')
    .option('--no-watch', 'on a terminal, print the status once instead of following it to the end')
    .action(async (id: string, opts: { json?: boolean; watch: boolean }, cmd: Command) => {
      await withBatch(cmd, async (service) => {
        const job = await mustFind(service, id);
        if (opts.json) return printJson({ ...job, versions: await service.versionRefs(job) });
        if (process.stderr.isTTY && opts.watch && !finished(job)) return follow(service, job);
        process.stdout.write(describe(job) + '\n');
      });
    });

  batch
    .command('results <job>')
    .description('the results of a job in input order, in the shape `clearance screen --input` writes; exit 1 if any row matched')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--output <file>', 'write here (default stdout)')
    .option('--partial', 'print the rows done so far even if the job is not finished')
    .action(async (id: string, opts: { format: ResultFormat; output?: string; partial?: boolean }, cmd: Command) => {
      await withBatch(cmd, async (service) => {
        const job = await mustFind(service, id);
        if (job.status !== 'done' && !opts.partial) {
          throw new Error(`job ${id} is ${job.status}: ${job.rows_done} of ${job.rows} rows done${job.error ? ` (${job.error})` : ''}; use --partial to read what is there`);
        }
        const out: NodeJS.WritableStream = opts.output ? createWriteStream(opts.output) : process.stdout;
        if (opts.format === 'csv') await write(out, csvHeaderLine());
        for await (const r of service.results(id)) await write(out, formatResult(r.result, opts.format));
        if (opts.output) await new Promise<void>((r) => out.end(r));
        process.exitCode = job.rows_with_hits > 0 ? 1 : 0;
      });
    });

  batch
    .command('list')
    .description('the latest jobs')
    .option('--limit <n>', 'how many', (v) => parseInt(v, 10), 20)
    .option('--json', 'print JSON')
    .action(async (opts: { limit: number; json?: boolean }, cmd: Command) => {
      await withBatch(cmd, async (service) => {
        const jobs = await service.list(opts.limit);
        if (opts.json) return printJson(jobs);
        process.stdout.write(
          formatTable(
            ['job', 'file', 'status', 'rows', 'done', 'with hits', 'submitted'],
            jobs.map((j) => [j.id, j.file_name, j.status, j.rows, j.rows_done, j.rows_with_hits, j.submitted_at.slice(0, 19).replace('T', ' ')]),
          ) + '\n',
        );
      });
    });
}

interface SubmitOpts {
  format?: BatchFormat;
  map?: string[];
  threshold?: number;
  limit: number;
  on?: string;
  jurisdiction: Jurisdiction;
  source?: SourceId[];
  chunkSize: number;
  chunkTimeout: number;
  json?: boolean;
}

async function withBatch<T>(_cmd: Command, fn: (service: BatchService) => Promise<T>): Promise<T> {
  const url = databaseUrl();
  if (!url) throw new Error('batch screening through workers needs PostgreSQL: set DATABASE_URL (for one machine, `clearance screen --input FILE` needs nothing)');
  const service = await BatchService.open(url);
  try {
    return await fn(service);
  } finally {
    await service.close();
  }
}

async function mustFind(service: BatchService, id: string): Promise<JobStatus> {
  const job = await service.status(id);
  if (!job) throw new Error(`no batch job ${id}`);
  return job;
}

const finished = (job: JobStatus) => job.status === 'done' || job.status === 'failed';

function describe(job: JobStatus): string {
  const pct = job.rows ? Math.floor((job.rows_done / job.rows) * 100) : 100;
  const lines = [
    `job ${job.id} (${job.file_name}): ${job.status}, ${job.rows_done} of ${job.rows} rows (${pct}%), ${job.chunks_done} of ${job.chunks} chunks`,
    `  ${job.rows_with_hits} rows with hits, ${job.rows_with_errors} rows with errors; submitted ${job.submitted_at}` +
      (job.started_at ? `, started ${job.started_at}` : '') +
      (job.finished_at ? `, finished ${job.finished_at}` : ''),
  ];
  if (job.error) lines.push(`  error: ${job.error}`);
  return lines.join('\n');
}

/** A live bar of rows done until the job ends (or Ctrl-C). */
async function follow(service: BatchService, job: JobStatus): Promise<void> {
  const bar = new cliProgress.SingleBar(
    { format: `job ${job.id.slice(0, 8)} {bar} {value}/{total} rows | {status} | {rate} rows/s`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(job.rows, 1), job.rows_done, { status: job.status, rate: 0 });
  let last = job;
  const since = { at: Date.now(), rows: job.rows_done };
  try {
    while (!finished(last)) {
      await sleep(1000);
      last = (await service.status(job.id)) ?? last;
      bar.update(last.rows_done, { status: last.status, rate: Math.round((last.rows_done - since.rows) / ((Date.now() - since.at) / 1000)) });
    }
  } finally {
    bar.stop();
  }
  process.stdout.write(describe(last) + '\n');
}

function parseScore(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new Error(`--threshold ${v}: expected a number between 0 and 1`);
  return n;
}

function write(out: NodeJS.WritableStream, s: string): Promise<void> {
  return new Promise((resolve) => (out.write(s) ? resolve() : out.once('drain', resolve)));
}
