import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRecords, loadCleanPeople, toCsvLine, CSV_HEADER } from '../../src/bench/records.js';
import type { Entity } from '../../src/model/entity.js';
import type { Store } from '../../src/store/types.js';
import { BIN, EVAL_DIR, clearance, type RunResult } from '../helpers.js';

/** A real `clearance worker` process, its log lines, and ways to end it. */
export interface WorkerProcess {
  child: ChildProcess;
  /** The worker's id as it names itself in logs and in done_by (host:pid). */
  id: () => string;
  log: string[];
  /** Resolves with the first log line matching `pattern` (waiting up to `ms`). */
  waitFor: (pattern: RegExp, ms?: number) => Promise<string>;
  stop: () => Promise<void>;
}

export function startWorker(url: string, args: string[] = []): WorkerProcess {
  const child = spawn(process.execPath, [BIN, 'worker', '--poll-interval', '500', ...args], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  let partial = '';
  child.stderr!.on('data', (d: Buffer) => {
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      log.push(line);
      for (const w of [...waiters]) if (w.pattern.test(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
    }
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    id: () => {
      const line = log.find((l) => /^worker \S+: ready/.test(l));
      return line ? line.split(' ')[1].replace(/:$/, '') : `?:${child.pid}`;
    },
    log,
    waitFor: (pattern, ms = 90_000) => {
      const seen = log.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker ${child.pid} never logged ${pattern}; its log:\n${log.join('\n')}`)), ms);
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        child.once('exit', (code, signal) => (clearTimeout(timer), reject(new Error(`worker ${child.pid} exited (${code ?? signal}) before logging ${pattern}:\n${log.join('\n')}`))));
      });
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT'); // in case a test left it stopped
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}

/** `clearance batch ...` against a database. */
export const batchCli = (url: string, args: string[]): Promise<RunResult> => clearance(['batch', ...args], { env: { DATABASE_URL: url } });

/** Waits until a job is done (or failed), returning its last status. */
export async function waitForJob(url: string, id: string, ms = 150_000): Promise<Record<string, unknown> & { status: string; rows: number; rows_done: number }> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await batchCli(url, ['status', id, '--json']);
    // A failed look (the database restarting, say) is just looked at again.
    const job = r.code === 0 ? JSON.parse(r.stdout) : undefined;
    if (job?.status === 'done' || job?.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`job ${id} not finished in time: ${r.stdout}${r.stderr}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

/**
 * A CSV of generated customer records (real first and last names from the evaluation sets, about
 * 1% true variants of listed names), plus a few rows that cannot be screened.
 */
export async function recordsFile(store: Store, n: number, seed = 5): Promise<string> {
  const entities: Entity[] = [];
  for await (const e of store.entities()) entities.push(e);
  const people = loadCleanPeople(EVAL_DIR);
  const file = join(await mkdtemp(join(tmpdir(), 'clearance-batch-')), 'customers.csv');
  const out = createWriteStream(file);
  out.write(CSV_HEADER);
  let i = 0;
  for (const r of generateRecords(n, entities, people, { seed, hitShare: 0.05 })) {
    out.write(toCsvLine(r));
    if (++i % 500 === 0) out.write(`bad${i},,Person,1970-01-01,\n`); // no name: an error result, not a refused file
  }
  await new Promise<void>((r) => out.end(r));
  return file;
}
