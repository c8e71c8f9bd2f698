import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updateSources } from '../../src/ingest/update.js';
import { importCustomers } from '../../src/monitor/customers.js';
import { runMonitoring } from '../../src/monitor/run.js';
import { decideAlert } from '../../src/monitor/alerts.js';
import { SqliteMonitorStore } from '../../src/store/monitor_sqlite.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { MonitorStore } from '../../src/store/monitor_types.js';
import { WebhookDispatcher } from '../../src/webhooks/dispatcher.js';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../src/webhooks/signing.js';
import { addSubscription } from '../../src/webhooks/subscriptions.js';
import { customerFile, xmlPublication } from './lists.js';

/** A receiver on loopback that answers with the statuses given, in turn (then 200), and keeps what it got. */
async function receiver(statuses: number[]): Promise<{ url: string; got: Array<{ headers: IncomingHttpHeaders; body: string; answered: number }>; close: () => Promise<void> }> {
  const got: Array<{ headers: IncomingHttpHeaders; body: string; answered: number }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answered = statuses[got.length] ?? 200;
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : 'try later');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hooks/clearance`, got, close: () => new Promise((r) => server.close(() => r())) };
}

let path: string;
let store: SqliteStore;
let monitor: MonitorStore;

beforeAll(async () => {
  const home = await mkdtemp(join(tmpdir(), 'clearance-webhooks-'));
  path = join(home, 'clearance.sqlite');
  store = new SqliteStore(path);
  monitor = new SqliteMonitorStore(path);
  await updateSources(store, { from: await xmlPublication(), sources: ['us_ofac_cons'], workDir: join(home, 'downloads') });
});

afterAll(async () => {
  await monitor.close();
  await store.close();
});

describe('webhooks', () => {
  it('delivers alert.created to a receiver that fails twice, once it answers, signed and with one idempotency key', async () => {
    const rx = await receiver([500, 500]);
    const sub = await addSubscription(monitor, { url: rx.url, events: ['alert.created'] }, 'test');
    const file = await customerFile([{ id: 'w-1', name: 'SenseTime Group Limited', type: 'company' }]);
    await importCustomers(monitor, file, { actor: 'test' });
    const run = await runMonitoring(store, monitor, { actor: 'test', trigger: 'test' });
    expect(run.alerts.map((a) => a.outcome)).toEqual(['created']);

    const result = await new WebhookDispatcher(monitor, { baseDelayMs: 20 }).drain(10_000);
    expect(result).toMatchObject({ delivered: 1, failed: 0, pending: 0, attempted: 3 });
    await rx.close();

    expect(rx.got.map((g) => g.answered)).toEqual([500, 500, 200]);
    const keys = new Set(rx.got.map((g) => g.headers[IDEMPOTENCY_HEADER]));
    expect(keys.size).toBe(1);
    expect(new Set(rx.got.map((g) => g.body)).size).toBe(1);
    const last = rx.got[2];
    const event = JSON.parse(last.body);
    expect(event).toMatchObject({ type: 'alert.created', id: [...keys][0], data: { alert: { customer_id: 'w-1', entity_id: 'us_ofac_cons:33114', state: 'open' } } });
    const headers = { signature: String(last.headers[SIGNATURE_HEADER]), timestamp: String(last.headers[TIMESTAMP_HEADER]) };
    expect(verifySignature(sub.secret, headers, last.body)).toBe(true);
    expect(verifySignature('whsec_not-the-secret-at-all', headers, last.body)).toBe(false);
    expect(verifySignature(sub.secret, headers, last.body.replace('w-1', 'w-2'))).toBe(false);
    expect(verifySignature(sub.secret, headers, last.body, { now: Number(headers.timestamp) + 3600 })).toBe(false);

    const [delivery] = await monitor.deliveries({ subscriptionId: sub.id });
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200, eventType: 'alert.created' });
    const attempts = await monitor.deliveryAttempts(delivery.id);
    expect(attempts.map((a) => [a.attempt, a.status, a.error ?? null])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 500, 'HTTP 500'],
      [3, 200, null],
    ]);
    await monitor.removeSubscription(sub.id);
  });

  it('resumes after a restart: a delivery that failed before the process stopped is sent by the next one', async () => {
    const rx = await receiver([503]);
    const sub = await addSubscription(monitor, { url: rx.url, events: ['alert.updated'] }, 'test');
    const alert = (await monitor.alertByPair('w-1', 'us_ofac_cons:33114'))!;
    await decideAlert(monitor, alert.id, { decision: 'true_match', reason: 'same company, same registration' }, 'test:analyst');
    expect(await new WebhookDispatcher(monitor, { baseDelayMs: 20 }).deliverDue()).toMatchObject({ attempted: 1, retrying: 1 });

    // The process stops; another one opens the same database and carries on.
    const again = new SqliteMonitorStore(path);
    await new Promise((r) => setTimeout(r, 60));
    const result = await new WebhookDispatcher(again, { baseDelayMs: 20 }).drain(10_000);
    expect(result.delivered).toBe(1);
    await again.close();
    await rx.close();
    expect(rx.got.map((g) => g.answered)).toEqual([503, 200]);
    expect(JSON.parse(rx.got[1].body)).toMatchObject({ type: 'alert.updated', data: { alert: { state: 'true_match', decision: 'true_match' }, change: { action: 'decided' } } });
    await monitor.removeSubscription(sub.id);
  });

  it('gives up after the last attempt and logs why; an unreachable receiver is an error, not a crash', async () => {
    const rx = await receiver([]);
    await rx.close(); // nothing listens there any more
    const sub = await addSubscription(monitor, { url: rx.url, events: ['alert.updated'] }, 'test');
    const alert = (await monitor.alertByPair('w-1', 'us_ofac_cons:33114'))!;
    await decideAlert(monitor, alert.id, { decision: 'false_positive', reason: 'second look: another company' }, 'test:analyst');
    const result = await new WebhookDispatcher(monitor, { baseDelayMs: 10, maxAttempts: 3 }).drain(10_000);
    expect(result).toMatchObject({ delivered: 0, failed: 1, pending: 0 });
    const [delivery] = await monitor.deliveries({ subscriptionId: sub.id });
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3 });
    expect(delivery.lastError).toMatch(/ECONNREFUSED|fetch failed/);
  });
});
