import type { Command } from 'commander';
import { cliActor } from '../../audit/record.js';
import { describeRun } from '../../monitor/hooks.js';
import { openMonitorStore } from '../../monitor/open.js';
import { runMonitoring, type MonitorRunResult } from '../../monitor/run.js';
import type { MonitorStore } from '../../store/monitor_types.js';
import type { Store } from '../../store/types.js';
import { withStore } from '../context.js';
import { formatTable, printJson } from '../output.js';

/** Runs `fn` with both the list store and the monitoring store open. */
export async function withMonitor<T>(cmd: Command, fn: (store: Store, monitor: MonitorStore, home: string) => Promise<T>): Promise<T> {
  return withStore(cmd, async (store, home) => {
    const monitor = await openMonitorStore(home);
    try {
      return await fn(store, monitor, home);
    } finally {
      await monitor.close();
    }
  });
}

/** Who is acting: `--as NAME`, else CLEARANCE_ACTOR, else the operating-system user. */
export function actorOf(cmd: Command): string {
  return cliActor((cmd.optsWithGlobals() as { as?: string }).as);
}

export function parseThreshold(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n <= 1)) throw new Error(`--threshold ${v}: expected a number above 0 and at most 1`);
  return n;
}

export function registerMonitor(program: Command): void {
  const monitor = program
    .command('monitor')
    .description('re-screen what list changes and customer changes can affect, raising and updating alerts (runs after every `clearance update`)')
    .option('--full', 're-screen every customer against all lists instead of only what changed')
    .option('--threshold <score>', 'minimum score for an alert (default: the engine default)', parseThreshold)
    .option('--threads <n>', 'worker threads for screening many customers (default: all cores)', (v) => parseInt(v, 10))
    .option('--as <name>', 'who runs it, for the audit trail (env CLEARANCE_ACTOR)')
    .option('--json', 'print JSON')
    .action(async (opts: { full?: boolean; threshold?: number; threads?: number; json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (store, m) => {
        if (!(await store.currentVersions()).length) throw new Error('the store holds no lists yet: run `clearance update` first');
        const run = await runMonitoring(store, m, {
          actor: actorOf(cmd),
          trigger: 'cli',
          full: opts.full,
          threshold: opts.threshold,
          threads: opts.threads,
          onProgress: opts.json ? undefined : (msg) => process.stderr.write(`${msg}\n`),
        });
        if (opts.json) return printJson(runView(run));
        process.stdout.write(describeRun(run) + '\n');
        printRunAlerts(run);
      });
    });
  monitor
    .command('runs')
    .description('past monitoring runs')
    .option('--limit <n>', 'most recent runs to show', (v) => parseInt(v, 10), 20)
    .option('--json', 'print JSON')
    .action(async (opts: { limit: number; json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (_store, m) => {
        const runs = await m.runs({ limit: opts.limit });
        if (opts.json) return printJson(runs);
        process.stdout.write(
          formatTable(
            ['run', 'kind', 'trigger', 'started', 'list changes', 'customers', 'new alerts', 'reopened', 'delisted', 'time'],
            runs.map((r) => [
              `#${r.id}`,
              r.kind,
              r.trigger,
              r.startedAt.slice(0, 19).replace('T', ' '),
              r.stats ? `+${r.stats.entitiesAdded} ~${r.stats.entitiesChanged} -${r.stats.entitiesRemoved}` : 'unfinished',
              r.stats ? `${r.stats.customersChecked} checked, ${r.stats.customersScreened} screened` : '',
              r.stats?.alertsCreated,
              r.stats?.alertsReopened,
              r.stats?.alertsDelisted,
              r.stats ? `${(r.stats.ms / 1000).toFixed(1)}s` : '',
            ]),
          ) + '\n',
        );
      });
    });
}

export function runView(run: MonitorRunResult) {
  return {
    run: run.runId,
    kind: run.kind,
    stats: run.stats,
    versions: run.versions.map((v) => ({ source: v.source, version: v.id, published_at: v.publishedAt ?? null })),
    alerts: run.alerts.map((a) => ({ id: a.alert.id, outcome: a.outcome, state: a.alert.state, customer_id: a.alert.customerId, entity_id: a.alert.entityId, score: a.alert.score, changes: a.alert.changes ?? [] })),
  };
}

export function printRunAlerts(run: MonitorRunResult): void {
  if (!run.alerts.length) return;
  process.stdout.write(
    formatTable(
      ['alert', 'what', 'customer', 'entity', 'score', 'state', 'why'],
      run.alerts.map((a) => [
        `#${a.alert.id}`,
        a.outcome,
        `${a.alert.customerId} ${a.alert.customerName}`,
        `${a.alert.entityId} ${a.alert.entityCaption}`,
        a.alert.score.toFixed(2),
        a.alert.state,
        (a.alert.changes?.length ? a.alert.changes.join('; ') : a.alert.explanation.summary).slice(0, 160),
      ]),
    ) + '\n',
  );
}
