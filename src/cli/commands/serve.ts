import type { Command } from 'commander';
import { buildServer, describeVersions } from '../../api/server.js';
import { updateSources } from '../../ingest/update.js';
import { downloadsDir, withStore } from '../context.js';
import { formatTable } from '../output.js';
import { openMonitorStore } from '../../monitor/open.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP API (loads the lists first if the store is empty)')
    .option('--host <host>', 'address to listen on (env HOST)', process.env.HOST ?? '127.0.0.1')
    .option('--port <port>', 'port (env PORT)', (v) => parseInt(v, 10), Number(process.env.PORT ?? 8080))
    .option('--from <dir|url>', 'where to load lists from on first start (env CLEARANCE_LISTS_FROM; default: official URLs)')
    .option('--max-age-hours <h>', 'flag lists older than this as stale (env CLEARANCE_MAX_AGE_HOURS)', (v) => Number(v), Number(process.env.CLEARANCE_MAX_AGE_HOURS ?? 48))
    .option('--no-auth', 'serve without API keys (only allowed on a loopback address)')
    .action(async (opts: { host: string; port: number; from?: string; maxAgeHours: number; auth: boolean }, cmd: Command) => {
      await withStore(cmd, async (store, home) => {
        if (!(await store.currentVersions()).length) {
          const from = opts.from ?? process.env.CLEARANCE_LISTS_FROM;
          process.stderr.write(`the store in ${home} is empty: loading the lists from ${from ?? 'the publishers\' official URLs'} ...\n`);
          const results = await updateSources(store, { from, workDir: downloadsDir(home) });
          for (const r of results.filter((x) => !x.ok)) process.stderr.write(`  ${r.source}: FAILED: ${r.error}\n`);
        }
        const versions = await store.currentVersions();
        if (!versions.length) throw new Error('no list could be loaded; nothing to serve (see the errors above)');

        const keyCount = (await store.activeApiKeyHashes()).length;
        const loopback = LOOPBACK.test(opts.host);
        const requireKeys = opts.auth && (keyCount > 0 || !loopback);
        if (!loopback && !requireKeys) throw new Error(`refusing to serve ${opts.host} without API keys: keys may be off only on a loopback address`);
        if (requireKeys && keyCount === 0) throw new Error(`serving ${opts.host} needs an API key: create one with \`clearance keys create NAME\``);
        if (!requireKeys) process.stderr.write('warning: API keys are off (loopback only); create one with `clearance keys create NAME` to require keys\n');

        const monitor = await openMonitorStore(home);
        const app = await buildServer({ store, monitor, maxAgeHours: opts.maxAgeHours, requireKeys });
        await app.listen({ host: opts.host, port: opts.port });
        const view = describeVersions(versions, opts.maxAgeHours);
        process.stderr.write(
          `Clearance API on http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port} (docs at /docs, OpenAPI at /openapi.json)\nserving:\n` +
            formatTable(
              ['source', 'version', 'list date', 'fetched', 'entities', 'age'],
              view.map((v) => [v.source, `#${v.version}`, v.published_at ?? '-', v.checked_at.slice(0, 16).replace('T', ' '), v.entities, `${v.age_hours} h${v.stale ? ' STALE' : ''}`]),
            ) +
            '\n',
        );
        await new Promise<void>((resolve) => {
          const stop = () => void app.close().then(() => resolve());
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await monitor.close();
      });
    });
}
