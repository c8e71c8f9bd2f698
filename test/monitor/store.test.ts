import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAudit } from '../../src/audit/log.js';
import { updateSources } from '../../src/ingest/update.js';
import { decideAlert } from '../../src/monitor/alerts.js';
import { customerInput, importCustomers } from '../../src/monitor/customers.js';
import { afterListUpdate } from '../../src/monitor/hooks.js';
import { runMonitoring } from '../../src/monitor/run.js';
import { RunInProgressError } from '../../src/store/monitor_rows.js';
import { PgMonitorStore } from '../../src/store/monitor_postgres.js';
import { SqliteMonitorStore } from '../../src/store/monitor_sqlite.js';
import type { MonitorStore } from '../../src/store/monitor_types.js';
import { PgStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { LISTS_DIR } from '../helpers.js';
import { freshSchema, STORE_FACTORIES, type StoreKind } from '../stores.js';
import { customerFile, xmlPublication } from './lists.js';

/**
 * The monitoring store's contract, and a monitoring run over the two real consolidated-list
 * versions, on each store: SQLite always, PostgreSQL when a test server is configured
 * (CLEARANCE_TEST_DATABASE_URL; reported as skipped otherwise).
 */

interface Pair {
  store: Store;
  monitor: MonitorStore;
  /** A second monitoring store on the same database (another process, in effect). */
  other: () => Promise<MonitorStore>;
  work: string;
}

async function freshPair(kind: StoreKind): Promise<{ pair: Pair; dispose: () => Promise<void> }> {
  const work = await mkdtemp(join(tmpdir(), 'clearance-monitor-store-'));
  const opened: MonitorStore[] = [];
  if (kind === 'sqlite') {
    const path = join(work, 'clearance.sqlite');
    const store = new SqliteStore(path);
    const monitor = new SqliteMonitorStore(path);
    const other = async () => (opened.push(new SqliteMonitorStore(path)), opened[opened.length - 1]);
    return { pair: { store, monitor, other, work }, dispose: async () => (await Promise.all([monitor, ...opened].map((m) => m.close())), await store.close()) };
  }
  const { url, drop } = await freshSchema();
  const store = await PgStore.open(url);
  const monitor = await PgMonitorStore.open(url);
  const other = async () => (opened.push(await PgMonitorStore.open(url)), opened[opened.length - 1]);
  return {
    pair: { store, monitor, other, work },
    dispose: async () => {
      await Promise.all([monitor, ...opened].map((m) => m.close()));
      await store.close();
      await drop();
    },
  };
}

for (const factory of STORE_FACTORIES) {
  describe.skipIf(!!factory.skip)(`monitoring store [${factory.kind}]${factory.skip ? ` (skipped: ${factory.skip})` : ''}`, () => {
    const disposers: Array<() => Promise<void>> = [];
    const fresh = async () => {
      const { pair, dispose } = await freshPair(factory.kind);
      disposers.push(dispose);
      return pair;
    };
    afterAll(async () => {
      for (const d of disposers) await d();
    });

    it('keeps customers: created, unchanged, changed, pending until checked', async () => {
      const { monitor } = await fresh();
      const at = new Date().toISOString();
      const a = customerInput({ id: 'a', name: 'Erken Tuniyaz', birth_date: '1977-01-05' });
      const b = customerInput({ id: 'b', name: 'SenseTime Group Limited', schema: 'Company' });
      expect(await monitor.upsertCustomers([a, b], at)).toEqual({ created: 2, updated: 0, unchanged: 0, outcomes: ['created', 'created'] });
      expect(await monitor.upsertCustomers([a], at)).toEqual({ created: 0, updated: 0, unchanged: 1, outcomes: ['unchanged'] });
      expect(await monitor.countPendingCustomers()).toBe(2);
      const runId = await monitor.startRun({ kind: 'incremental', trigger: 'test', actor: 't', startedAt: at, versions: [] });
      await monitor.recordChecks(runId, [{ customerId: 'a', matchHash: a.matchHash, at, hits: [{ entityId: 'x:1', score: 0.9 }], auditSeq: 1 }]);
      expect(await monitor.countPendingCustomers()).toBe(1);
      const changed = customerInput({ id: 'a', name: 'Erken Tuniyaz', birth_date: '1977-01-06' });
      expect(await monitor.upsertCustomers([changed], at)).toEqual({ created: 0, updated: 1, unchanged: 0, outcomes: ['updated'] });
      const pending: string[] = [];
      for await (const c of monitor.pendingCustomers()) pending.push(c.id);
      expect(pending).toEqual(['a', 'b']);
      expect(await monitor.checksOf('a')).toEqual([{ customerId: 'a', runId, matchHash: a.matchHash, at, hits: [{ entityId: 'x:1', score: 0.9 }], auditSeq: 1 }]);
      expect((await monitor.customer('a'))!.match.birthDate).toBe('1977-01-06');
      expect((await monitor.listCustomers({ limit: 1 })).map((c) => c.id)).toEqual(['a']);
      expect((await monitor.listCustomers({ limit: 10, after: 'a' })).map((c) => c.id)).toEqual(['b']);
      expect((await monitor.listCustomers({ limit: 10, search: 'SenseTime' })).map((c) => c.id)).toEqual(['b']);
    });

    it('refuses a second monitoring run while one is unfinished', async () => {
      const { monitor } = await fresh();
      const at = new Date().toISOString();
      const id = await monitor.startRun({ kind: 'incremental', trigger: 'test', actor: 't', startedAt: at, versions: [] });
      await expect(monitor.startRun({ kind: 'full', trigger: 'test', actor: 't', startedAt: at, versions: [] })).rejects.toBeInstanceOf(RunInProgressError);
      const stats = { entitiesAdded: 0, entitiesChanged: 0, entitiesRemoved: 0, customersChecked: 0, customersShortlisted: 0, customersScreened: 0, alertsCreated: 0, alertsReopened: 0, alertsUpdated: 0, alertsDelisted: 0, suppressed: 0, ms: 1, timings: {} };
      await monitor.finishRun(id, { finishedAt: at, stats, baselines: [{ source: 'us_ofac_cons', versionId: 7 }], changesFrom: [] }, { audit: [{ actor: 't', action: 'monitor.run', subject: `run:${id}`, payload: {} }] });
      expect(await monitor.baselines()).toEqual(new Map([['us_ofac_cons', 7]]));
      expect((await monitor.run(id))!.auditSeq).toBe(1);
      expect(await monitor.startRun({ kind: 'full', trigger: 'test', actor: 't', startedAt: at, versions: [] })).toBeGreaterThan(id);
    });

    it('chains audit records from concurrent writers into one unbroken chain', async () => {
      const { monitor, other } = await fresh();
      const second = await other();
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? monitor : second).appendAudit([{ actor: `w${i % 2}`, action: 'test', subject: `s${i}`, payload: { i, nested: { b: 1, a: [i] } } }])),
      );
      const r = await verifyAudit(monitor);
      expect(r).toMatchObject({ ok: true, records: 40 });
      expect((await monitor.auditHead())!.seq).toBe(40);
      const bySubject = await monitor.auditBySubject(['s3', 's7']);
      expect(bySubject.map((x) => x.subject).sort()).toEqual(['s3', 's7']);
      expect(bySubject[0].seq).toBeLessThan(bySubject[1].seq);
    });

    it('queues webhook deliveries with the change, claims each once, and logs attempts', async () => {
      const { monitor, other } = await fresh();
      await monitor.addSubscription({ id: 'wh_1', url: 'http://127.0.0.1:9/x', events: ['list.updated'], secret: 'whsec_0123456789abcdef', createdAt: new Date().toISOString() });
      await monitor.addSubscription({ id: 'wh_2', url: 'http://127.0.0.1:9/y', events: ['alert.created'], secret: 'whsec_0123456789abcdef', createdAt: new Date().toISOString() });
      const now = new Date().toISOString();
      expect(await monitor.enqueueEvents([{ id: 'e1', type: 'list.updated', createdAt: now, data: { source: 'us_ofac_cons' } }])).toBe(1);
      expect(await monitor.enqueueEvents([{ id: 'e1', type: 'list.updated', createdAt: now, data: {} }])).toBe(0); // idempotent
      const second = await other();
      const [a, b] = await Promise.all([monitor.claimDueDeliveries(new Date().toISOString(), 10, 60_000), second.claimDueDeliveries(new Date().toISOString(), 10, 60_000)]);
      expect(a.length + b.length).toBe(1);
      const d = [...a, ...b][0];
      expect(JSON.parse(d.body)).toEqual({ id: 'e1', type: 'list.updated', created_at: now, data: { source: 'us_ofac_cons' } });
      await monitor.recordAttempt({ deliveryId: d.id, attempt: 1, at: now, status: 500, error: 'HTTP 500', ms: 3 }, { status: 'pending', nextAttemptAt: now });
      await monitor.recordAttempt({ deliveryId: d.id, attempt: 2, at: now, status: 200, ms: 2 }, { status: 'delivered', at: now });
      expect((await monitor.deliveries({ subscriptionId: 'wh_1' }))[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200 });
      expect((await monitor.deliveryAttempts(d.id)).map((x) => x.status)).toEqual([500, 200]);
      expect(await monitor.removeSubscription('wh_2')).toBe(true);
      expect((await monitor.subscriptions()).map((s) => s.id)).toEqual(['wh_1']);
    });

    it('monitors the real consolidated list: alerts, a decision, the delisting, and an intact trail', async () => {
      const { store, monitor, work } = await fresh();
      const update = async (from: string) => {
        const results = await updateSources(store, { from, sources: ['us_ofac_cons'], workDir: join(work, 'downloads') });
        expect(results[0].error).toBeUndefined();
        return afterListUpdate(store, monitor, results, { actor: 'test', deliver: false });
      };
      await update(await xmlPublication());
      const file = await customerFile([
        { id: 'c-lukoil', name: 'LUKOIL OAO', type: 'company' },
        { id: 'c-removed', name: 'Evren Kayakiran', type: 'person' },
        { id: 'c-vchng', name: 'AO VCHNG', type: 'company' },
        { id: 'c-clean', name: 'Patricia Lucas Wheeler', type: 'person' },
      ]);
      await importCustomers(monitor, file, { actor: 'test' });
      const first = await runMonitoring(store, monitor, { actor: 'test', trigger: 'import' });
      expect(first.alerts.map((a) => `${a.outcome} ${a.alert.customerId}`).sort()).toEqual(['created c-lukoil', 'created c-removed']);
      const lukoil = (await monitor.alertByPair('c-lukoil', 'us_ofac_cons:17248'))!;
      await decideAlert(monitor, lukoil.id, { decision: 'true_match', reason: 'same registration number' }, 'test');

      const run = (await update(LISTS_DIR))!;
      expect(run.alerts.map((a) => `${a.outcome} ${a.alert.customerId}`).sort()).toEqual(['created c-vchng', 'delisted c-removed', 'updated c-lukoil']);
      expect((await monitor.alertByPair('c-lukoil', 'us_ofac_cons:17248'))!).toMatchObject({ state: 'true_match', decision: 'true_match' });
      expect(await monitor.countAlerts()).toMatchObject({ open: 1, true_match: 1, closed: 1 });
      expect((await monitor.alertHistory(lukoil.id)).map((h) => h.action)).toEqual(['created', 'decided', 'rescored']);
      expect((await verifyAudit(monitor)).ok).toBe(true);
    });
  });
}
