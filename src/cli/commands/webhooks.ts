import { Command, Option } from 'commander';
import { WEBHOOK_EVENTS, type DeliveryStatus } from '../../store/monitor_types.js';
import { WebhookDispatcher } from '../../webhooks/dispatcher.js';
import { addSubscription, removeSubscription, subscriptionView } from '../../webhooks/subscriptions.js';
import { formatTable, printJson } from '../output.js';
import { actorOf, withMonitor } from './monitor.js';

export function registerWebhooks(program: Command): void {
  const webhooks = program.command('webhooks').description('signed webhooks for alert.created, alert.updated and list.updated');

  webhooks
    .command('add <url>')
    .description('subscribe a URL; its signing secret is printed once')
    .addOption(new Option('--event <type...>', 'event types (default: all)').choices([...WEBHOOK_EVENTS]))
    .option('--secret <secret>', 'use this secret (at least 16 characters) instead of a generated one')
    .option('--description <text>')
    .option('--as <name>', 'who, for the audit trail')
    .option('--json', 'print JSON')
    .action(async (url: string, opts: { event?: string[]; secret?: string; description?: string; json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        const sub = await addSubscription(monitor, { url, events: opts.event, secret: opts.secret, description: opts.description }, actorOf(cmd));
        if (opts.json) return printJson(subscriptionView(sub, true));
        process.stdout.write(`${sub.id}\nsecret: ${sub.secret}\n`);
        process.stderr.write(`webhook ${sub.id} -> ${sub.url} for ${sub.events.join(', ')}; keep the secret: receivers verify the Clearance-Signature header with it\n`);
      });
    });

  webhooks
    .command('list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        const subs = await monitor.subscriptions();
        if (opts.json) return printJson(subs.map((s) => subscriptionView(s)));
        process.stdout.write(formatTable(['id', 'url', 'events', 'created'], subs.map((s) => [s.id, s.url, s.events.join(', '), s.createdAt])) + '\n');
      });
    });

  webhooks
    .command('remove <id>')
    .option('--as <name>', 'who, for the audit trail')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        if (!(await removeSubscription(monitor, id, actorOf(cmd)))) throw new Error(`no webhook ${id}`);
        process.stderr.write(`webhook ${id} removed\n`);
      });
    });

  webhooks
    .command('deliveries')
    .description('the delivery log: each event sent to each subscription, its attempts and status')
    .option('--webhook <id>', 'only this subscription')
    .addOption(new Option('--status <status>', 'only this status').choices(['pending', 'delivered', 'failed']))
    .option('--attempts', 'show every attempt')
    .option('--limit <n>', 'most recent deliveries', (v) => parseInt(v, 10), 50)
    .option('--json', 'print JSON')
    .action(async (opts: { webhook?: string; status?: DeliveryStatus; attempts?: boolean; limit: number; json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        const list = await monitor.deliveries({ subscriptionId: opts.webhook, status: opts.status, limit: opts.limit });
        const withAttempts = await Promise.all(list.map(async (d) => ({ ...d, attemptLog: opts.attempts || opts.json ? await monitor.deliveryAttempts(d.id) : [] })));
        if (opts.json) return printJson(withAttempts.map(({ body: _b, ...d }) => d));
        process.stdout.write(
          formatTable(
            ['delivery', 'webhook', 'event', 'event id', 'status', 'attempts', 'last', 'next attempt'],
            list.map((d) => [
              `#${d.id}`,
              d.subscriptionId,
              d.eventType,
              d.eventId,
              d.status,
              d.attempts,
              d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : ''),
              d.status === 'pending' ? d.nextAttemptAt : '',
            ]),
          ) + '\n',
        );
        if (opts.attempts) {
          for (const d of withAttempts) {
            for (const a of d.attemptLog) process.stdout.write(`  #${d.id} attempt ${a.attempt} ${a.at}: ${a.status ? `HTTP ${a.status}` : ''}${a.error ? ` ${a.error}` : ''} (${a.ms} ms)\n`);
          }
        }
      });
    });

  webhooks
    .command('deliver')
    .description('send the deliveries that are due (the API server does this continuously)')
    .option('--wait <seconds>', 'keep retrying until all are delivered or this time passes', (v) => Number(v), 0)
    .option('--base-delay <ms>', 'first retry delay in milliseconds (doubles each time)', (v) => Number(v))
    .action(async (opts: { wait: number; baseDelay?: number }, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        const d = new WebhookDispatcher(monitor, { ...(opts.baseDelay !== undefined ? { baseDelayMs: opts.baseDelay } : {}) });
        const r = opts.wait > 0 ? await d.drain(opts.wait * 1000) : { ...(await d.deliverDue()), pending: (await monitor.deliveries({ status: 'pending', limit: 1_000_000 })).length };
        process.stdout.write(`${r.attempted} attempted: ${r.delivered} delivered, ${r.failed} given up; ${r.pending} still pending\n`);
        if (r.pending || r.failed) process.exitCode = 1;
      });
    });
}
