import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { SOURCE_IDS, type SourceId } from '../../model/sources.js';
import { updateSources, type UpdateResult } from '../../ingest/update.js';
import { downloadsDir, withStore } from '../context.js';
import { formatTable, printJson } from '../output.js';
import { afterListUpdate, describeRun } from '../../monitor/hooks.js';
import { withMonitorStore } from '../../monitor/open.js';
import { cliActor } from '../../audit/record.js';

export function registerUpdate(program: Command): void {
  program
    .command('update')
    .description('fetch the lists (official URLs by default), parse them and store a new version of each that changed')
    .option('--from <dir|url>', 'read from a local folder or mirror laid out as <from>/<source id>/<publisher files> (env CLEARANCE_LISTS_FROM)')
    .addOption(new Option('--source <id...>', 'only these sources').choices([...SOURCE_IDS]))
    .option('--force', 'accept a publication that shrinks a list by more than half')
    .option('--json', 'print the results as JSON')
    .action(async (opts: { from?: string; source?: SourceId[]; force?: boolean; json?: boolean }, cmd: Command) => {
      const results = await withStore(cmd, async (store, home) => {
        const sources = opts.source ?? SOURCE_IDS;
        const bar = process.stderr.isTTY && !opts.json ? new cliProgress.SingleBar(
          { format: 'updating {bar} {value}/{total} sources | {source}', hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        ) : undefined;
        bar?.start(sources.length, 0, { source: '' });
        const updated = updateSources(store, {
          from: opts.from ?? process.env.CLEARANCE_LISTS_FROM,
          sources,
          workDir: downloadsDir(home),
          force: opts.force,
          onEvent: (e) => {
            if (e.type === 'start') bar?.update({ source: e.source });
            if (e.type === 'done') bar?.increment();
          },
        }).finally(() => bar?.stop());
        // Monitoring: re-screen what the new versions can affect, raise alerts, send webhooks.
        const results = await updated;
        const run = await withMonitorStore(home, (monitor) => afterListUpdate(store, monitor, results, { actor: cliActor() }));
        if (run) (opts.json ? process.stderr : process.stdout).write(describeRun(run) + '\n');
        return results;
      });
      if (opts.json) printJson(results);
      else printSummary(results);
      if (results.some((r) => !r.ok)) process.exitCode = 1;
    });
}

function printSummary(results: UpdateResult[]): void {
  const rows = results.map((r) => [
    r.source,
    r.ok ? (r.created ? 'updated' : 'unchanged') : 'FAILED',
    r.version?.publishedAt ?? (r.version ? `fetched ${r.version.retrievedAt.slice(0, 10)}` : '-'),
    r.version?.entityCount,
    r.ok && r.created ? r.version?.added : undefined,
    r.ok && r.created ? r.version?.removed : undefined,
    r.ok && r.created ? r.version?.changed : undefined,
    `${(r.ms / 1000).toFixed(1)}s`,
  ]);
  process.stdout.write(formatTable(['source', 'status', 'list date', 'entities', 'added', 'removed', 'changed', 'time'], rows) + '\n');
  for (const r of results.filter((x) => !x.ok)) {
    process.stderr.write(
      `\n${r.source}: ${r.error}\n  ${r.version ? `kept the last good version #${r.version.id} (${r.version.entityCount} entities)` : 'no version stored yet'}\n`,
    );
  }
}
