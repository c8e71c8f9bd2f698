import { Command, Option } from 'commander';
import { alertView, decideAlert, isAlertState, updateAlert } from '../../monitor/alerts.js';
import { ALERT_STATES, type Alert, type AlertState, type Decision } from '../../store/monitor_types.js';
import { formatTable, printJson } from '../output.js';
import { actorOf, withMonitor } from './monitor.js';

function parseId(v: string): number {
  const n = Number(v.replace(/^#/, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`"${v}" is not an alert id`);
  return n;
}

export function registerAlerts(program: Command): void {
  const alerts = program.command('alerts').description('alerts raised by monitoring, and the decisions on them');

  alerts
    .command('list')
    .description('alerts, oldest first (default: those needing work: open, in review, escalated)')
    .addOption(new Option('--state <state...>', 'only these states').choices([...ALERT_STATES, 'all']))
    .option('--customer <id>', 'only this customer')
    .option('--entity <id>', 'only this listed entity')
    .option('--assignee <name>', 'only alerts assigned to this person')
    .option('--limit <n>', 'most alerts to show', (v) => parseInt(v, 10), 100)
    .option('--offset <n>', 'skip this many', (v) => parseInt(v, 10), 0)
    .option('--json', 'print JSON')
    .action(
      async (opts: { state?: string[]; customer?: string; entity?: string; assignee?: string; limit: number; offset: number; json?: boolean }, cmd: Command) => {
        await withMonitor(cmd, async (_store, monitor) => {
          const state: AlertState[] | undefined = opts.state?.includes('all')
            ? undefined
            : ((opts.state ?? (opts.customer || opts.entity ? undefined : ['open', 'in_review', 'escalated'])) as AlertState[] | undefined);
          const filter = { state, customerId: opts.customer, entityId: opts.entity, assignee: opts.assignee };
          const list = await monitor.listAlerts({ ...filter, limit: opts.limit, offset: opts.offset });
          const counts = await monitor.countAlerts({});
          if (opts.json) return printJson({ counts, alerts: list.map(alertView) });
          if (list.length) {
            process.stdout.write(
              formatTable(
                ['alert', 'state', 'customer', 'entity', 'score', 'list', 'assignee', 'raised'],
                list.map((a) => [
                  `#${a.id}`,
                  a.state + (a.delistedOn ? ' (delisted)' : ''),
                  `${a.customerId} ${a.customerName}`,
                  `${a.entityId} ${a.entityCaption}`,
                  a.score.toFixed(2),
                  `${a.source} #${a.versionId}`,
                  a.assignee ?? '',
                  a.createdAt.slice(0, 10),
                ]),
              ) + '\n',
            );
          } else process.stdout.write('no alerts\n');
          process.stdout.write(`all alerts: ${ALERT_STATES.map((s) => `${counts[s]} ${s}`).join(', ')}\n`);
        });
      },
    );

  alerts
    .command('show <id>')
    .description('one alert: the match, its explanation, and its history')
    .option('--json', 'print JSON')
    .action(async (idText: string, opts: { json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        const id = parseId(idText);
        const a = await monitor.alert(id);
        if (!a) throw new Error(`no alert ${id}`);
        const history = await monitor.alertHistory(id);
        if (opts.json) return printJson({ alert: alertView(a), history });
        printAlert(a);
        process.stdout.write('\nhistory:\n');
        for (const h of history) {
          const detail = Object.entries(h.detail ?? {})
            .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
            .join('; ');
          process.stdout.write(`  ${h.at}  ${h.actor}  ${h.action}${h.toState ? ` ${h.fromState ?? ''} -> ${h.toState}` : ''}${detail ? `  (${detail})` : ''}\n`);
        }
      });
    });

  alerts
    .command('decide <id>')
    .description('record a decision: true_match or false_positive, with a reason (a false positive is suppressed until either side changes)')
    .addOption(new Option('--decision <decision>', 'the decision').choices(['true_match', 'false_positive']).makeOptionMandatory())
    .requiredOption('--reason <text>', 'why (kept in the audit trail)')
    .option('--note <text>', 'a further note')
    .option('--as <name>', 'who decides (env CLEARANCE_ACTOR)')
    .option('--json', 'print JSON')
    .action(async (idText: string, opts: { decision: Decision; reason: string; note?: string; json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        const a = await decideAlert(monitor, parseId(idText), { decision: opts.decision, reason: opts.reason, note: opts.note }, actorOf(cmd));
        if (opts.json) return printJson(alertView(a));
        process.stdout.write(`alert #${a.id} is now ${a.state}\n`);
      });
    });

  alerts
    .command('update <id>')
    .description('move an alert (in_review, escalated, closed, open), assign it, or add a note')
    .option('--state <state>', 'new state: open, in_review, escalated or closed')
    .option('--assign <name>', 'assign to this person ("" to unassign)')
    .option('--note <text>', 'add a note')
    .option('--as <name>', 'who (env CLEARANCE_ACTOR)')
    .option('--json', 'print JSON')
    .action(async (idText: string, opts: { state?: string; assign?: string; note?: string; json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        if (opts.state && !isAlertState(opts.state)) throw new Error(`unknown state ${opts.state}; states: ${ALERT_STATES.join(', ')}`);
        const a = await updateAlert(
          monitor,
          parseId(idText),
          { state: opts.state as AlertState | undefined, assignee: opts.assign === undefined ? undefined : opts.assign || null, note: opts.note },
          actorOf(cmd),
        );
        if (opts.json) return printJson(alertView(a));
        process.stdout.write(`alert #${a.id}: ${a.state}${a.assignee ? `, assigned to ${a.assignee}` : ''}\n`);
      });
    });
}

function printAlert(a: Alert): void {
  const out = (s: string) => process.stdout.write(s + '\n');
  out(`alert #${a.id}: ${a.state}${a.delistedOn ? ` (entity delisted on ${a.delistedOn})` : ''}`);
  out(`customer: ${a.customerId} ${a.customerName}`);
  out(`entity:   ${a.entityId} ${a.entityCaption} (${a.entitySchema}; ${a.source} version #${a.versionId}${a.programs.length ? `; ${a.programs.join(', ')}` : ''})`);
  out(`score:    ${a.score.toFixed(3)}  ${a.explanation.summary}`);
  for (const f of a.explanation.features) out(`  ${f.effect >= 0 ? '+' : ''}${f.effect.toFixed(2)} ${f.feature}: ${f.detail}`);
  if (a.assignee) out(`assignee: ${a.assignee}`);
  if (a.decision) out(`decision: ${a.decision} by ${a.decidedBy} on ${a.decidedAt}: ${a.reason}`);
  else if (a.reason) out(`reason:   ${a.reason}`);
  if (a.changes?.length) out(`changed:  ${a.changes.join('; ')}`);
}
