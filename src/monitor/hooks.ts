import type { UpdateResult } from '../ingest/update.js';
import type { Store } from '../store/types.js';
import type { MonitorStore } from '../store/monitor_types.js';
import { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { listUpdatedEvents } from '../webhooks/subscriptions.js';
import { runMonitoring, type MonitorRunResult } from './run.js';

/**
 * What follows a list update: a `list.updated` event per new version, a monitoring run when
 * anything changed (it re-screens only what the change can affect), then one round of webhook
 * deliveries (those that fail are retried later by `clearance webhooks deliver` or the server).
 */
export async function afterListUpdate(
  store: Store,
  monitor: MonitorStore,
  results: UpdateResult[],
  opts: { actor: string; threshold?: number; onProgress?: (m: string) => void; deliver?: boolean },
): Promise<MonitorRunResult | undefined> {
  const created = results.filter((r) => r.ok && r.created && r.version).map((r) => r.version!);
  if (!created.length) return undefined;
  const events = listUpdatedEvents(created);
  await monitor.appendAudit([
    {
      actor: opts.actor,
      action: 'lists.updated',
      subject: 'lists',
      payload: { versions: events.map((e) => e.data) },
    },
  ]);
  await monitor.enqueueEvents(events);
  const run = await runMonitoring(store, monitor, { actor: opts.actor, trigger: 'update', threshold: opts.threshold, onProgress: opts.onProgress });
  if (opts.deliver !== false) await new WebhookDispatcher(monitor, { timeoutMs: 5000 }).deliverDue();
  return run;
}

/** One line for the update command's output. */
export function describeRun(run: MonitorRunResult): string {
  const s = run.stats;
  return (
    `monitoring run #${run.runId}: ${s.entitiesAdded} added, ${s.entitiesChanged} changed, ${s.entitiesRemoved} removed list entities ` +
    `checked against ${s.customersChecked} customers; ${s.customersScreened} new or changed customers screened; ` +
    `alerts: ${s.alertsCreated} new, ${s.alertsReopened} reopened, ${s.alertsUpdated} updated, ${s.alertsDelisted} delisted, ${s.suppressed} suppressed by decisions ` +
    `(${(s.ms / 1000).toFixed(1)} s)`
  );
}
