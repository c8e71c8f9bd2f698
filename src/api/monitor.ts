import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { certificate, certificateText } from '../audit/certificate.js';
import { formatHead, parseHead } from '../audit/chain.js';
import { exportAudit, verifyAudit } from '../audit/log.js';
import { hitSummary, screeningEntry, type ScreeningRecord } from '../audit/record.js';
import type { ScreenHit, VersionRef } from '../screen/screener.js';
import { AuditWriter } from '../audit/writer.js';
import { alertView, decideAlert, deleteCustomer, updateAlert } from '../monitor/alerts.js';
import { CustomerError, customerName, saveCustomers } from '../monitor/customers.js';
import { runMonitoring, type LoadedLists, type MonitorRunResult } from '../monitor/run.js';
import { ALERT_STATES, WEBHOOK_EVENTS, type Customer, type MonitorStore } from '../store/monitor_types.js';
import type { Store } from '../store/types.js';
import { WebhookDispatcher, type DispatcherOptions } from '../webhooks/dispatcher.js';
import { addSubscription, removeSubscription, subscriptionView } from '../webhooks/subscriptions.js';

/**
 * The monitoring endpoints: customers, alerts and decisions, the audit trail, webhooks, and
 * monitoring runs. Registered on the API server by `registerMonitorApi`, which also starts
 * the webhook dispatcher for the server's lifetime and returns the hook the screening
 * endpoint uses to record each screening in the audit trail.
 */

export interface MonitorApiOptions {
  store: Store;
  monitor: MonitorStore;
  /** The server's warm screening context (lists loaded and indexed), reused to screen customers. */
  lists?: () => Promise<LoadedLists>;
  /** Dispatcher settings (tests shorten the backoff); `false` starts no dispatcher. */
  webhooks?: DispatcherOptions | false;
  /** How often the dispatcher looks for due deliveries (default 1 s). */
  deliveryIntervalMs?: number;
}

export interface MonitorApi {
  /** Records a screening answered by the API (group-committed: waits until the record is durable). */
  recordScreening(req: FastifyRequest, s: Omit<ScreeningRecord, 'actor' | 'channel'>): Promise<void>;
}

const MAX_CUSTOMERS_PER_REQUEST = 10_000;

/** Who made a request: the API key's id (the part of `clr_<id>_<secret>` that is not secret), and the analyst it names. */
export function requestActor(req: FastifyRequest): string {
  const header = req.headers.authorization;
  const key = header?.startsWith('Bearer ') ? header.slice(7) : (req.headers['x-api-key'] as string | undefined);
  const id = key?.match(/^clr_([0-9a-f]+)_/)?.[1];
  const onBehalf = req.headers['x-clearance-actor'];
  const who = id ? `api:key:${id}` : 'api:anonymous';
  return typeof onBehalf === 'string' && onBehalf.trim() ? `${who}/${onBehalf.trim().slice(0, 100)}` : who;
}

export async function registerMonitorApi(app: FastifyInstance, opts: MonitorApiOptions): Promise<MonitorApi> {
  const { store, monitor } = opts;
  const writer = new AuditWriter(monitor);
  const dispatcher = opts.webhooks === false ? undefined : new WebhookDispatcher(monitor, opts.webhooks);
  // One monitoring run at a time in this process; the store refuses overlapping runs across processes.
  let running: Promise<unknown> = Promise.resolve();
  const monitorRun = (actor: string, trigger: string, extra: { full?: boolean; threshold?: number } = {}): Promise<MonitorRunResult> => {
    const next = running.then(async () => runMonitoring(store, monitor, { actor, trigger, ...extra, lists: opts.lists ? await opts.lists() : undefined }));
    running = next.catch(() => undefined);
    return next;
  };

  await app.register(async (api) => {
    // ---------------------------------------------------------------- customers
    api.post('/v1/customers', { schema: { summary: 'Create or replace customers ({"customers": [...]} or one customer); new and changed ones are screened at once', body: { type: 'object' } } }, async (req, reply) => {
      const body = req.body as Record<string, unknown>;
      const q = ScreenFlag.parse(req.query);
      const list = Array.isArray(body.customers) ? (body.customers as unknown[]) : [body];
      if (list.length > MAX_CUSTOMERS_PER_REQUEST) return reply.code(413).send({ error: 'too_many', message: `at most ${MAX_CUSTOMERS_PER_REQUEST} customers per request` });
      const actor = requestActor(req);
      const saved = await saveCustomers(monitor, list, actor);
      if (!Array.isArray(body.customers) && 'error' in saved[0]) throw new CustomerError(saved[0].error);
      const run = q.screen && (await store.currentVersions()).length ? await monitorRun(actor, 'api') : undefined;
      const ids = saved.flatMap((s) => ('id' in s ? [s.id] : []));
      const alerts = (await monitor.alertsForCustomers(ids)).map(alertView);
      return reply.code(201).send({ customers: saved, alerts, run: run ? runSummary(run) : null });
    });

    api.put('/v1/customers/:id', { schema: { summary: 'Create or replace one customer under its own id', body: { type: 'object' } } }, async (req) => {
      const { id } = req.params as { id: string };
      const q = ScreenFlag.parse(req.query);
      const actor = requestActor(req);
      const [saved] = await saveCustomers(monitor, [{ ...(req.body as Record<string, unknown>), id }], actor);
      if ('error' in saved) throw new CustomerError(saved.error);
      const run = q.screen && (await store.currentVersions()).length ? await monitorRun(actor, 'api') : undefined;
      return { customer: customerJson((await monitor.customer(id))!), outcome: saved.outcome, alerts: (await monitor.alertsForCustomers([id])).map(alertView), run: run ? runSummary(run) : null };
    });

    api.get('/v1/customers', { schema: { summary: 'Customers in id order (page with `after`)' } }, async (req) => {
      const q = CustomerList.parse(req.query);
      const list = await monitor.listCustomers({ after: q.after, limit: q.limit, search: q.search });
      return { total: await monitor.countCustomers(), customers: list.map(customerJson), next_after: list.length === q.limit ? list[list.length - 1].id : null };
    });

    api.get('/v1/customers/:id', { schema: { summary: 'One customer, its screenings and its alerts' } }, async (req, reply) => {
      const { id } = req.params as { id: string };
      const c = await monitor.customer(id);
      if (!c) return reply.code(404).send({ error: 'not_found', message: `no customer ${id}` });
      return { customer: customerJson(c), checks: await monitor.checksOf(id), alerts: (await monitor.alertsForCustomers([id])).map(alertView) };
    });

    api.delete('/v1/customers/:id', { schema: { summary: 'Delete a customer; its open alerts close' } }, async (req, reply) => {
      const { id } = req.params as { id: string };
      if (!(await deleteCustomer(monitor, id, requestActor(req)))) return reply.code(404).send({ error: 'not_found', message: `no customer ${id}` });
      return reply.code(204).send();
    });

    // ---------------------------------------------------------------- alerts
    api.get('/v1/alerts', { schema: { summary: 'Alerts, filtered by state, customer, entity or assignee' } }, async (req) => {
      const q = AlertList.parse(req.query);
      const filter = { state: q.state, customerId: q.customer, entityId: q.entity, assignee: q.assignee };
      return { counts: await monitor.countAlerts({}), alerts: (await monitor.listAlerts({ ...filter, limit: q.limit, offset: q.offset })).map(alertView) };
    });

    api.get('/v1/alerts/:id', { schema: { summary: 'One alert with its history' } }, async (req, reply) => {
      const id = AlertId.parse((req.params as { id: string }).id);
      const a = await monitor.alert(id);
      if (!a) return reply.code(404).send({ error: 'not_found', message: `no alert ${id}` });
      return { alert: alertView(a), history: await monitor.alertHistory(id) };
    });

    api.patch('/v1/alerts/:id', { schema: { summary: 'Move an alert (in_review, escalated, closed, open), assign it, add a note', body: { type: 'object' } } }, async (req) => {
      const id = AlertId.parse((req.params as { id: string }).id);
      const b = AlertPatch.parse(req.body);
      const a = await updateAlert(monitor, id, { state: b.state, assignee: b.assignee, note: b.note, expectedUpdatedAt: b.expected_updated_at }, requestActor(req));
      return { alert: alertView(a) };
    });

    api.post('/v1/alerts/:id/decision', { schema: { summary: 'Decide an alert: true_match or false_positive, with a reason', body: { type: 'object' } } }, async (req) => {
      const id = AlertId.parse((req.params as { id: string }).id);
      const b = Decision.parse(req.body);
      const a = await decideAlert(monitor, id, { decision: b.decision, reason: b.reason, note: b.note, expectedUpdatedAt: b.expected_updated_at }, requestActor(req));
      return { alert: alertView(a) };
    });

    // ---------------------------------------------------------------- monitoring runs
    api.post('/v1/monitor/runs', { schema: { summary: 'Run monitoring now (incremental, or full with {"full": true})', body: { type: 'object' } } }, async (req) => {
      const b = RunBody.parse(req.body ?? {});
      return runSummary(await monitorRun(requestActor(req), 'api', { full: b.full, threshold: b.threshold }));
    });

    api.get('/v1/monitor/runs', { schema: { summary: 'Past monitoring runs' } }, async (req) => {
      const q = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) }).parse(req.query);
      return { runs: await monitor.runs({ limit: q.limit }) };
    });

    // ---------------------------------------------------------------- audit
    api.get('/v1/audit/head', { schema: { summary: 'The head of the audit chain (keep it elsewhere as an anchor)' } }, async () => {
      const head = await monitor.auditHead();
      return { head: head ? formatHead(head) : null, seq: head?.seq ?? 0, hash: head?.hash ?? null };
    });

    api.get('/v1/audit/verify', { schema: { summary: 'Recompute the audit chain; reports the first edited, inserted or deleted record' } }, async (req) => {
      const q = z.object({ anchor: z.union([z.string(), z.array(z.string())]).optional() }).parse(req.query);
      const anchors = (q.anchor === undefined ? [] : Array.isArray(q.anchor) ? q.anchor : [q.anchor]).map(parseHead);
      const r = await verifyAudit(monitor, { anchors });
      return { ...r, head: r.head ? formatHead(r.head) : null };
    });

    api.get('/v1/audit/export', { schema: { summary: 'Audit records as JSON lines, from/to a date or time' } }, async (req, reply) => {
      const q = z.object({ from: z.string().optional(), to: z.string().optional() }).parse(req.query);
      // Streamed as it is read: an export of years of records never sits in memory.
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'application/x-ndjson' });
      try {
        await exportAudit(monitor, { from: q.from, to: q.to }, reply.raw);
      } finally {
        reply.raw.end();
      }
    });

    api.get('/v1/audit/certificates/:customer', { schema: { summary: 'Screening certificate of a customer (JSON, or text with ?format=text)' } }, async (req, reply) => {
      const { customer } = req.params as { customer: string };
      const q = z.object({ format: z.enum(['json', 'text']).default('json') }).parse(req.query);
      let c;
      try {
        c = await certificate(monitor, customer);
      } catch (err) {
        return reply.code(404).send({ error: 'not_found', message: (err as Error).message });
      }
      if (q.format === 'text') return reply.type('text/plain; charset=utf-8').send(certificateText(c, customer));
      return c;
    });

    // ---------------------------------------------------------------- webhooks
    api.post('/v1/webhooks', { schema: { summary: 'Subscribe a URL to events; the secret is returned once', body: { type: 'object' } } }, async (req, reply) => {
      const b = WebhookBody.parse(req.body);
      const sub = await addSubscription(monitor, b, requestActor(req));
      return reply.code(201).send(subscriptionView(sub, true));
    });

    api.get('/v1/webhooks', { schema: { summary: 'Webhook subscriptions' } }, async () => ({ webhooks: (await monitor.subscriptions()).map((s) => subscriptionView(s)) }));

    api.delete('/v1/webhooks/:id', { schema: { summary: 'Remove a subscription' } }, async (req, reply) => {
      const { id } = req.params as { id: string };
      if (!(await removeSubscription(monitor, id, requestActor(req)))) return reply.code(404).send({ error: 'not_found', message: `no webhook ${id}` });
      return reply.code(204).send();
    });

    api.get('/v1/webhooks/:id/deliveries', { schema: { summary: 'The delivery log of a subscription, with every attempt' } }, async (req) => {
      const { id } = req.params as { id: string };
      const list = await monitor.deliveries({ subscriptionId: id, limit: 100 });
      return { deliveries: await Promise.all(list.map(async ({ body: _b, ...d }) => ({ ...d, attempts_log: await monitor.deliveryAttempts(d.id) }))) };
    });
  });

  if (dispatcher) {
    app.addHook('onReady', async () => dispatcher.start(opts.deliveryIntervalMs ?? 1000));
  }
  app.addHook('onClose', async () => {
    await dispatcher?.stop();
    await running;
    await writer.idle();
  });

  return {
    async recordScreening(req, s) {
      await writer.append(screeningEntry({ ...s, actor: requestActor(req), channel: 'api' }));
    },
  };
}

interface ScreenAnswer {
  id?: string | null;
  query?: unknown;
  hits?: ScreenHit[];
  error?: string;
  index?: number;
}

/** What POST /v1/screen answered, reduced to what the audit trail keeps (inputs, hits, versions). */
export function screeningRecordOf(answer: ScreenAnswer & { results?: ScreenAnswer[] }, versions: VersionRef[]): Omit<ScreeningRecord, 'actor' | 'channel'> {
  const one = (a: ScreenAnswer) => (a.error ? { index: a.index, error: a.error } : { ...(a.index !== undefined ? { index: a.index } : {}), id: a.id ?? null, hits: hitSummary(a.hits ?? []) });
  if (answer.results) {
    return { subject: 'screening:batch', inputs: answer.results.map((r) => r.query ?? null), results: answer.results.map(one), versions };
  }
  return { subject: answer.id ? `query:${answer.id}` : 'screening', inputs: answer.query ?? null, results: hitSummary(answer.hits ?? []), versions };
}

function runSummary(run: MonitorRunResult) {
  return {
    run: run.runId,
    kind: run.kind,
    stats: run.stats,
    alerts: run.alerts.map((a) => ({ outcome: a.outcome, alert: alertView(a.alert) })),
  };
}

function customerJson(c: Customer) {
  return {
    id: c.id,
    name: customerName(c.query),
    ...c.query,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    screened_at: c.screenedHash === c.matchHash ? (c.screenedAt ?? null) : null,
    pending: c.screenedHash !== c.matchHash,
  };
}

const ScreenFlag = z.object({ screen: z.enum(['true', 'false']).default('true').transform((v) => v === 'true') });
const CustomerList = z.object({
  after: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  search: z.string().max(200).optional(),
});
const states = z.enum(ALERT_STATES);
const AlertList = z.object({
  state: z
    .union([states, z.array(states), z.string().transform((s) => s.split(','))])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(states))
    .optional(),
  customer: z.string().optional(),
  entity: z.string().optional(),
  assignee: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const AlertId = z.coerce.number().int().positive();
const AlertPatch = z
  .object({
    state: z.enum(['open', 'in_review', 'escalated', 'closed']).optional(),
    assignee: z.string().max(200).nullable().optional(),
    note: z.string().max(10_000).optional(),
    expected_updated_at: z.string().optional(),
  })
  .strict();
const Decision = z
  .object({
    decision: z.enum(['true_match', 'false_positive']),
    reason: z.string().trim().min(1).max(10_000),
    note: z.string().max(10_000).optional(),
    expected_updated_at: z.string().optional(),
  })
  .strict();
const RunBody = z.object({ full: z.boolean().optional(), threshold: z.number().gt(0).max(1).optional() }).strict();
const WebhookBody = z
  .object({
    url: z.string().min(1).max(2000),
    events: z.array(z.enum(WEBHOOK_EVENTS)).optional(),
    secret: z.string().min(16).max(200).optional(),
    description: z.string().max(500).optional(),
  })
  .strict();

