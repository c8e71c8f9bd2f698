import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../src/api/server.js';
import { createKey } from '../../src/api/keys.js';
import { updateSources } from '../../src/ingest/update.js';
import { SqliteMonitorStore } from '../../src/store/monitor_sqlite.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { MonitorStore } from '../../src/store/monitor_types.js';
import { xmlPublication } from './lists.js';

/** The monitoring endpoints of the HTTP API, in process, against the 2025-03-28 consolidated list. */

let app: FastifyInstance;
let store: SqliteStore;
let monitor: MonitorStore;
let key: { id: string; key: string };
const auth = () => ({ authorization: `Bearer ${key.key}`, 'x-clearance-actor': 'alice' });

beforeAll(async () => {
  const home = await mkdtemp(join(tmpdir(), 'clearance-monitor-api-'));
  store = new SqliteStore(join(home, 'clearance.sqlite'));
  monitor = new SqliteMonitorStore(join(home, 'clearance.sqlite'));
  await updateSources(store, { from: await xmlPublication(), sources: ['us_ofac_cons'], workDir: join(home, 'downloads') });
  key = await createKey(store, 'compliance desk');
  app = await buildServer({ store, monitor, maxAgeHours: 1e9, requireKeys: true });
});

afterAll(async () => {
  await app.close();
  await monitor.close();
  await store.close();
});

describe('monitoring API', () => {
  it('requires an API key on every monitoring endpoint', async () => {
    for (const [method, url] of [
      ['GET', '/v1/alerts'],
      ['GET', '/v1/customers'],
      ['POST', '/v1/customers'],
      ['GET', '/v1/audit/verify'],
      ['GET', '/v1/webhooks'],
    ] as const) {
      const r = await app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
      expect(r.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('registers customers, screens them at once, and answers with their alerts', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: auth(),
      payload: {
        customers: [
          { id: 'k-1', name: 'SenseTime Group Limited', schema: 'Company' },
          { id: 'k-2', first_name: 'Patricia', last_name: 'Wheeler', birth_date: '2002-07-14', countries: ['Ethiopia'] },
          { id: 'k-3', birth_date: '1970' },
        ],
      },
    });
    expect(r.statusCode).toBe(201);
    const body = r.json();
    expect(body.customers).toEqual([
      { id: 'k-1', outcome: 'created' },
      { id: 'k-2', outcome: 'created' },
      { index: 2, error: expect.stringMatching(/name/) },
    ]);
    expect(body.alerts).toEqual([expect.objectContaining({ customer_id: 'k-1', entity_id: 'us_ofac_cons:33114', state: 'open' })]);
    expect(body.run.stats.customersScreened).toBe(2);

    const list = (await app.inject({ url: '/v1/customers', headers: auth() })).json();
    expect(list.total).toBe(2);
    const one = (await app.inject({ url: '/v1/customers/k-2', headers: auth() })).json();
    expect(one.customer).toMatchObject({ id: 'k-2', name: 'Patricia Wheeler', pending: false });
    expect(one.checks[0].hits).toEqual([]);
    expect((await app.inject({ url: '/v1/customers/nobody', headers: auth() })).statusCode).toBe(404);
  });

  it('works an alert through the case flow; refuses moves the flow does not allow', async () => {
    const [alert] = (await app.inject({ url: '/v1/alerts?state=open', headers: auth() })).json().alerts;
    const review = await app.inject({ method: 'PATCH', url: `/v1/alerts/${alert.id}`, headers: auth(), payload: { state: 'in_review', assignee: 'alice', note: 'checking registration numbers' } });
    expect(review.json().alert).toMatchObject({ state: 'in_review', assignee: 'alice' });
    const skip = await app.inject({ method: 'PATCH', url: `/v1/alerts/${alert.id}`, headers: auth(), payload: { state: 'false_positive' } });
    expect(skip.statusCode).toBe(400);
    const stale = await app.inject({
      method: 'POST',
      url: `/v1/alerts/${alert.id}/decision`,
      headers: auth(),
      payload: { decision: 'true_match', reason: 'same company', expected_updated_at: alert.updated_at },
    });
    expect(stale.statusCode).toBe(409);
    const decided = await app.inject({ method: 'POST', url: `/v1/alerts/${alert.id}/decision`, headers: auth(), payload: { decision: 'true_match', reason: 'same company, same USCC' } });
    expect(decided.json().alert).toMatchObject({ state: 'true_match', decision: 'true_match', decided_by: `api:key:${key.id}/alice` });
    const shown = (await app.inject({ url: `/v1/alerts/${alert.id}`, headers: auth() })).json();
    expect(shown.history.map((h: { action: string }) => h.action)).toEqual(['created', 'state', 'decided']);
  });

  it('records every screening in the audit trail with who asked, inputs, results and list versions', async () => {
    const before = (await app.inject({ url: '/v1/audit/head', headers: auth() })).json().seq;
    const r = await app.inject({ method: 'POST', url: '/v1/screen', headers: auth(), payload: { query: { id: 'k-1', name: 'SenseTime Group Ltd', schema: 'Company' } } });
    expect(r.statusCode).toBe(200);
    const records = [];
    for await (const rec of monitor.auditRecords({ fromSeq: before + 1 })) records.push(rec);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      action: 'screen.api',
      actor: `api:key:${key.id}/alice`,
      subject: 'query:k-1',
      payload: {
        inputs: { id: 'k-1', name: 'SenseTime Group Ltd', schema: 'Company' },
        results: [expect.objectContaining({ entity_id: 'us_ofac_cons:33114' })],
        versions: [expect.objectContaining({ source: 'us_ofac_cons', published_at: '2025-03-28' })],
      },
    });
    const verify = (await app.inject({ url: '/v1/audit/verify', headers: auth() })).json();
    expect(verify).toMatchObject({ ok: true, records: before + 1 });
    const exported = await app.inject({ url: `/v1/audit/export?from=${records[0].at}`, headers: auth() });
    expect(exported.headers['content-type']).toMatch(/ndjson/);
    const lines = exported.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ seq: records[0].seq, action: 'screen.api', hash: records[0].hash });
  });

  it('gives a customer certificate citing the ad hoc screening and the alert decision', async () => {
    const c = (await app.inject({ url: '/v1/audit/certificates/k-1', headers: auth() })).json();
    expect(c.customer).toMatchObject({ id: 'k-1', name: 'SenseTime Group Limited' });
    expect(c.screenings[0].versions[0]).toMatchObject({ source: 'us_ofac_cons', published_at: '2025-03-28' });
    expect(c.ad_hoc).toHaveLength(1);
    expect(c.alerts[0]).toMatchObject({ decision: 'true_match', reason: 'same company, same USCC' });
    const text = await app.inject({ url: '/v1/audit/certificates/k-1?format=text', headers: auth() });
    expect(text.headers['content-type']).toMatch(/text\/plain/);
    expect(text.body).toMatch(/SCREENING CERTIFICATE — customer k-1/);
    expect(text.body).toMatch(/decision: true_match by api:key:/);
  });

  it('manages webhook subscriptions; the secret is shown once', async () => {
    const made = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth(), payload: { url: 'https://example.org/hooks', events: ['alert.created'] } });
    expect(made.statusCode).toBe(201);
    const sub = made.json();
    expect(sub.secret).toMatch(/^whsec_/);
    const listed = (await app.inject({ url: '/v1/webhooks', headers: auth() })).json().webhooks;
    expect(listed).toEqual([expect.objectContaining({ id: sub.id, events: ['alert.created'] })]);
    expect(listed[0].secret).not.toBe(sub.secret);
    expect((await app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth(), payload: { url: 'ftp://x', events: ['alert.created'] } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'DELETE', url: `/v1/webhooks/${sub.id}`, headers: auth() })).statusCode).toBe(204);
  });

  it('deletes a customer and closes its open alerts', async () => {
    await app.inject({ method: 'PUT', url: '/v1/customers/k-4', headers: auth(), payload: { name: 'Hangzhou Hikvision Digital Technology Co., Ltd.' } });
    const [open] = (await app.inject({ url: '/v1/alerts?customer=k-4', headers: auth() })).json().alerts;
    expect(open.state).toBe('open');
    expect((await app.inject({ method: 'DELETE', url: '/v1/customers/k-4', headers: auth() })).statusCode).toBe(204);
    const closed = (await app.inject({ url: `/v1/alerts/${open.id}`, headers: auth() })).json().alert;
    expect(closed).toMatchObject({ state: 'closed', reason: 'customer deleted' });
  });
});
