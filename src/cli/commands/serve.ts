import cluster, { type Worker } from 'node:cluster';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { buildServer, describeVersions } from '../../api/server.js';
import { updateSources } from '../../ingest/update.js';
import type { Store, VersionInfo } from '../../store/index.js';
import { downloadsDir, withStore } from '../context.js';
import { formatTable } from '../output.js';
import { openMonitorStore } from '../../monitor/open.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

interface ServeOptions {
  host: string;
  port: number;
  from?: string;
  maxAgeHours: number;
  auth: boolean;
  processes: number;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP API (loads the lists first if the store is empty)')
    .option('--host <host>', 'address to listen on (env HOST)', process.env.HOST ?? '127.0.0.1')
    .option('--port <port>', 'port (env PORT)', (v) => parseInt(v, 10), Number(process.env.PORT ?? 8080))
    .option('--from <dir|url>', 'where to load lists from on first start (env CLEARANCE_LISTS_FROM; default: official URLs)')
    .option('--max-age-hours <h>', 'flag lists older than this as stale (env CLEARANCE_MAX_AGE_HOURS)', (v) => Number(v), Number(process.env.CLEARANCE_MAX_AGE_HOURS ?? 48))
    .option('--no-auth', 'serve without API keys (only allowed on a loopback address)')
    .addOption(
      // Read from the environment when used, so that a bad value fails `serve` alone, with its name.
      new Option('--processes <n>', 'serve from this many processes sharing the port, each with its own matching index')
        .env('CLEARANCE_PROCESSES')
        .argParser(parseProcesses)
        .default(1),
    )
    .action(async (opts: ServeOptions, cmd: Command) => {
      // A process forked below: the first one has loaded the lists and said what it serves.
      if (cluster.isWorker) {
        await withStore(cmd, async (store, home) => serveUntilStopped(store, home, opts, await keysRequired(store, opts), () => undefined));
        // The channel to the supervisor would keep this process alive.
        if (cluster.worker!.isConnected()) cluster.worker!.disconnect();
        return;
      }
      await withStore(cmd, async (store, home) => {
        const versions = await loadedVersions(store, home, opts);
        const requireKeys = await keysRequired(store, opts);
        if (!requireKeys) process.stderr.write('warning: API keys are off (loopback only); create one with `clearance keys create NAME` to require keys\n');
        if (opts.processes === 1) return serveUntilStopped(store, home, opts, requireKeys, () => announce(versions, opts));
        await superviseProcesses(opts.processes, () => announce(versions, opts));
      });
    });
}

function parseProcesses(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError(`"${value}" is not a number of processes from 1 to 64`);
  return n;
}

/** The versions to serve, loading the lists first when the store is empty. */
async function loadedVersions(store: Store, home: string, opts: ServeOptions): Promise<VersionInfo[]> {
  if (!(await store.currentVersions()).length) {
    const from = opts.from ?? process.env.CLEARANCE_LISTS_FROM;
    process.stderr.write(`the store in ${home} is empty: loading the lists from ${from ?? 'the publishers\' official URLs'} ...\n`);
    const results = await updateSources(store, { from, workDir: downloadsDir(home) });
    for (const r of results.filter((x) => !x.ok)) process.stderr.write(`  ${r.source}: FAILED: ${r.error}\n`);
  }
  const versions = await store.currentVersions();
  if (!versions.length) throw new Error('no list could be loaded; nothing to serve (see the errors above)');
  return versions;
}

async function keysRequired(store: Store, opts: ServeOptions): Promise<boolean> {
  const keyCount = (await store.activeApiKeyHashes()).length;
  const loopback = LOOPBACK.test(opts.host);
  const requireKeys = opts.auth && (keyCount > 0 || !loopback);
  if (!loopback && !requireKeys) throw new Error(`refusing to serve ${opts.host} without API keys: keys may be off only on a loopback address`);
  if (requireKeys && keyCount === 0) throw new Error(`serving ${opts.host} needs an API key: create one with \`clearance keys create NAME\``);
  return requireKeys;
}

/** Builds the API on this process's store, listens, and closes it on SIGINT or SIGTERM (or when its supervisor goes). */
async function serveUntilStopped(store: Store, home: string, opts: ServeOptions, requireKeys: boolean, listening: () => void): Promise<void> {
  const monitor = await openMonitorStore(home);
  const app = await buildServer({ store, monitor, maxAgeHours: opts.maxAgeHours, requireKeys });
  await app.listen({ host: opts.host, port: opts.port });
  listening();
  await new Promise<void>((resolve) => {
    const stop = () => void app.close().then(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (cluster.isWorker) cluster.worker!.once('disconnect', stop);
  });
  await monitor.close();
}

function announce(versions: VersionInfo[], opts: ServeOptions): void {
  const view = describeVersions(versions, opts.maxAgeHours);
  const address = `${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}`;
  const processes = opts.processes > 1 ? ` from ${opts.processes} processes` : '';
  process.stderr.write(
    `Clearance API on http://${address}${processes} (docs at /docs, OpenAPI at /openapi.json)\nserving:\n` +
      formatTable(
        ['source', 'version', 'list date', 'fetched', 'entities', 'age'],
        view.map((v) => [v.source, `#${v.version}`, v.published_at ?? '-', v.checked_at.slice(0, 16).replace('T', ' '), v.entities, `${v.age_hours} h${v.stale ? ' STALE' : ''}`]),
      ) +
      '\n',
  );
}

/**
 * Several processes sharing one port (node:cluster): one core each for matching, which is
 * what a request spends most of its time on. They share the store as separate replicas do
 * (docs/deployment.md). One that dies once serving is replaced; one that fails to start
 * stops them all, since the next would fail the same way.
 */
async function superviseProcesses(count: number, listening: () => void): Promise<void> {
  let stopping = false;
  let ready = 0;
  const serving = new Set<number>();
  const running = new Map<number, Worker>();
  const start = () => {
    const w = cluster.fork();
    running.set(w.id, w);
  };
  await new Promise<void>((resolve, reject) => {
    const stopAll = () => {
      if (stopping) return;
      stopping = true;
      for (const w of running.values()) w.process.kill('SIGTERM');
      if (!running.size) resolve();
    };
    cluster.on('listening', (worker) => {
      serving.add(worker.id);
      if (++ready === count) listening();
    });
    cluster.on('exit', (worker, code, signal) => {
      running.delete(worker.id);
      if (stopping) {
        if (!running.size) resolve();
        return;
      }
      if (!serving.has(worker.id)) {
        stopAll();
        reject(new Error(`a serving process failed to start (exit ${code ?? signal}); see the errors above`));
        return;
      }
      process.stderr.write(`serving process ${worker.process.pid} stopped (${code ?? signal}); starting another\n`);
      start();
    });
    process.once('SIGINT', stopAll);
    process.once('SIGTERM', stopAll);
    for (let i = 0; i < count; i++) start();
  });
}
