import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updateSources } from '../../src/ingest/update.js';
import { DEFAULT_THRESHOLD, scoreEntity } from '../../src/match/index.js';
import type { Entity } from '../../src/model/entity.js';
import { decideAlert } from '../../src/monitor/alerts.js';
import { importCustomers } from '../../src/monitor/customers.js';
import { afterListUpdate } from '../../src/monitor/hooks.js';
import { runMonitoring, type MonitorRunResult } from '../../src/monitor/run.js';
import { verifyAudit } from '../../src/audit/log.js';
import { certificate } from '../../src/audit/certificate.js';
import type { Customer, MonitorStore } from '../../src/store/monitor_types.js';
import { SqliteMonitorStore } from '../../src/store/monitor_sqlite.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { appendRow, cleanPeople, csvPublication, customerFile, editedCsvPublication, replaceOnce, xmlPublication } from './lists.js';

/**
 * Monitoring driven by real publications of OFAC's consolidated list: the 2025-03-28 XML
 * version, then the current CSV version (12 entries changed, one removed, none added), then
 * copies of the CSV set with one change each, then the XML version again (which brings the
 * removed entry back: an addition).
 */

const ACTOR = 'test:analyst';
const LUKOIL = 'us_ofac_cons:17248';
const VCHNG = 'us_ofac_cons:18271';
const KAYAKIRAN = 'us_ofac_cons:26182';
const SENSETIME = 'us_ofac_cons:33114';

let store: Store;
let monitor: MonitorStore;
let work: string;

async function update(from: string): Promise<MonitorRunResult | undefined> {
  const results = await updateSources(store, { from, sources: ['us_ofac_cons'], workDir: work });
  expect(results[0].error).toBeUndefined();
  return afterListUpdate(store, monitor, results, { actor: ACTOR, deliver: false });
}

async function currentEntities(): Promise<Entity[]> {
  const out: Entity[] = [];
  for await (const e of store.entities()) out.push(e);
  return out;
}

async function allCustomers(): Promise<Customer[]> {
  const out: Customer[] = [];
  for await (const c of monitor.customers()) out.push(c);
  return out;
}

/** The oracle: every customer scored against every given entity, no index involved. */
function pairsAbove(customers: Customer[], entities: Entity[]): Set<string> {
  const out = new Set<string>();
  for (const c of customers) for (const e of entities) if (scoreEntity(c.match, e).score >= DEFAULT_THRESHOLD) out.add(`${c.id} ${e.id}`);
  return out;
}

const pairsOf = (run: MonitorRunResult | undefined, outcomes: string[]) =>
  new Set((run?.alerts ?? []).filter((a) => outcomes.includes(a.outcome)).map((a) => `${a.alert.customerId} ${a.alert.entityId}`));

describe('monitoring the consolidated list over real publications', () => {
  let v1: Entity[];
  let v2: Entity[];
  let secondRun: MonitorRunResult | undefined;
  let clean: string[];

  beforeAll(async () => {
    const home = await mkdtemp(join(tmpdir(), 'clearance-monitor-'));
    work = join(home, 'downloads');
    store = new SqliteStore(join(home, 'clearance.sqlite'));
    monitor = new SqliteMonitorStore(join(home, 'clearance.sqlite'));
    await update(await xmlPublication());
    v1 = await currentEntities();

    const people = await cleanPeople(6);
    clean = people.map((_, i) => `clean-${i + 1}`);
    const file = await customerFile([
      { id: 'c-vchng', name: 'AO VCHNG', type: 'company' }, // matches only an alias the CSV version adds
      { id: 'c-achinsk', name: 'Achinsk Oil Refinery of the Eastern Oil Company', type: 'company' }, // matches a changed entry
      { id: 'c-lukoil', name: 'LUKOIL OAO', type: 'company' }, // matches a changed entry
      { id: 'c-removed', name: 'Evren Kayakiran', type: 'person' }, // matches the entry the CSV version removes
      { id: 'c-sensetime', name: 'SenseTime Group Limited', type: 'company' }, // matches an unchanged entry
      { id: 'c-hikvision', name: 'Hangzhou Hikvision Digital Technology Co., Ltd.', type: 'company' }, // unchanged entry
      ...people.map((p, i) => ({ id: clean[i], name: p.full_name, type: 'person', birth_date: p.date_of_birth, country: p.nationality })),
    ]);
    const imported = await importCustomers(monitor, file, { actor: ACTOR });
    expect(imported).toMatchObject({ rows: 12, created: 12, errors: [] });
    await runMonitoring(store, monitor, { actor: ACTOR, trigger: 'import' });

    secondRun = await update(csvPublication);
    v2 = await currentEntities();
  });

  it('screens imported customers against the lists: one alert per pair that scores above the threshold', async () => {
    const customers = await allCustomers();
    const alerts = await monitor.listAlerts({ limit: 1000 });
    const fromFirstScreening = new Set(alerts.filter((a) => a.createdAt <= customers[0].screenedAt!).map((a) => `${a.customerId} ${a.entityId}`));
    expect(fromFirstScreening).toEqual(pairsAbove(customers, v1));
    expect(fromFirstScreening).toContain(`c-removed ${KAYAKIRAN}`);
    expect(fromFirstScreening).toContain(`c-sensetime ${SENSETIME}`);
    expect([...fromFirstScreening].some((p) => p.startsWith('c-vchng '))).toBe(false);
    expect(customers.every((c) => c.screenedHash === c.matchHash)).toBe(true);
  });

  it('after the update, raises or updates alerts for exactly the customers matching changed entries, and delists the removed one', async () => {
    const changes = await store.changes({ source: 'us_ofac_cons', versionId: secondRun!.versions[0].id });
    const changedIds = new Set(changes.filter((c) => c.kind !== 'removed').map((c) => c.entityId));
    const removedIds = new Set(changes.filter((c) => c.kind === 'removed').map((c) => c.entityId));
    expect(removedIds).toEqual(new Set([KAYAKIRAN]));
    expect(changes.filter((c) => c.kind === 'added')).toEqual([]);

    const customers = await allCustomers();
    const expected = pairsAbove(customers, v2.filter((e) => changedIds.has(e.id)));
    expect(pairsOf(secondRun, ['created', 'updated', 'reopened'])).toEqual(expected);
    expect(pairsOf(secondRun, ['created'])).toContain(`c-vchng ${VCHNG}`);
    expect(pairsOf(secondRun, ['updated'])).toContain(`c-lukoil ${LUKOIL}`);
    expect(pairsOf(secondRun, ['delisted'])).toEqual(new Set([`c-removed ${KAYAKIRAN}`]));

    const touched = new Set(secondRun!.alerts.map((a) => a.alert.customerId));
    for (const id of ['c-sensetime', 'c-hikvision', ...clean]) expect(touched.has(id)).toBe(false);
    for (const id of clean) expect(await monitor.alertsForCustomers([id])).toEqual([]);

    const delisted = await monitor.alertByPair('c-removed', KAYAKIRAN);
    expect(delisted).toMatchObject({ state: 'closed', reason: expect.stringMatching(/^delisted on \d{4}-\d{2}-\d{2}$/) });
    const lukoil = await monitor.alertByPair('c-lukoil', LUKOIL);
    expect(lukoil!.changes).toContain('new name "PUBLIC JOINT-STOCK COMPANY OIL COMPANY LUKOIL"');
  });

  it('looked only at what changed: the run checked the changed entities against the customers and screened nobody in full', () => {
    expect(secondRun!.stats).toMatchObject({ entitiesAdded: 0, entitiesChanged: 12, entitiesRemoved: 1, customersChecked: 12, customersScreened: 0 });
  });

  it('agrees with a full re-screen: re-screening everyone finds nothing the incremental run missed', async () => {
    const full = await runMonitoring(store, monitor, { actor: ACTOR, trigger: 'test', full: true });
    expect(full.stats.customersScreened).toBe(12);
    expect(full.alerts.filter((a) => a.outcome === 'created' || a.outcome === 'reopened')).toEqual([]);
  });

  it('a false-positive decision holds across an update that changes the entity in ways that do not matter', async () => {
    const alert = (await monitor.alertByPair('c-lukoil', LUKOIL))!;
    const decided = await decideAlert(monitor, alert.id, { decision: 'false_positive', reason: 'our customer is the Lukoil filling station in Kaunas, not the oil company' }, ACTOR);
    expect(decided).toMatchObject({ state: 'false_positive', decision: 'false_positive', decidedBy: ACTOR });

    const moved = await editedCsvPublication({ 'cons_add.csv': replaceOnce('17248,26282,"11 Sretenski boulevard"', '17248,26282,"11 Sretensky Boulevard"') });
    const run = await update(moved);
    expect(run!.stats.entitiesChanged).toBe(1);
    expect(run!.stats.suppressed).toBe(1);
    expect(run!.alerts).toEqual([]);
    expect((await monitor.alertByPair('c-lukoil', LUKOIL))!.state).toBe('false_positive');
  });

  it('and reopens, saying what changed, when the entity gains a new alias', async () => {
    const moved = await editedCsvPublication({
      'cons_add.csv': replaceOnce('17248,26282,"11 Sretenski boulevard"', '17248,26282,"11 Sretensky Boulevard"'),
      'cons_alt.csv': appendRow('17248,999001,"aka","LUKOIL PETROLEUM HOLDINGS",-0- '),
    });
    const run = await update(moved);
    expect(pairsOf(run, ['reopened'])).toEqual(new Set([`c-lukoil ${LUKOIL}`]));
    const reopened = (await monitor.alertByPair('c-lukoil', LUKOIL))!;
    expect(reopened.state).toBe('open');
    expect(reopened.changes).toEqual(['new name "LUKOIL PETROLEUM HOLDINGS"']);
    const history = await monitor.alertHistory(reopened.id);
    expect(history.map((h) => h.action)).toEqual(['created', 'rescored', 'decided', 'reopened']);
    expect(history[3]).toMatchObject({ fromState: 'false_positive', toState: 'open', detail: { changes: ['new name "LUKOIL PETROLEUM HOLDINGS"'] } });
  });

  it('raises alerts for customers matching an added entry, and reopens alerts closed by its delisting', async () => {
    // A customer registered while the entry was off the list: screened, nothing found.
    const file = await customerFile([{ id: 'c-added', name: 'KAYAKIRAN, Evren', type: 'person' }]);
    await importCustomers(monitor, file, { actor: ACTOR });
    await runMonitoring(store, monitor, { actor: ACTOR, trigger: 'import' });
    expect(await monitor.alertsForCustomers(['c-added'])).toEqual([]);

    // The XML publication has the entry: for the store it is added again.
    const run = await update(await xmlPublication());
    const added = (await store.changes({ source: 'us_ofac_cons', versionId: run!.versions[0].id })).filter((c) => c.kind === 'added');
    expect(added.map((c) => c.entityId)).toEqual([KAYAKIRAN]);
    expect(pairsOf(run, ['created'])).toEqual(new Set([`c-added ${KAYAKIRAN}`]));
    expect(pairsOf(run, ['reopened'])).toContain(`c-removed ${KAYAKIRAN}`);
    const back = (await monitor.alertByPair('c-removed', KAYAKIRAN))!;
    expect(back.state).toBe('open');
    expect(back.delistedOn).toBeUndefined();
    expect(back.changes![0]).toMatch(/^entity listed again after being delisted on /);
    // The XML version lacks the alias "AO VCHNG": the open alert stays, re-scored below the threshold.
    expect(pairsOf(run, ['rescored'])).toContain(`c-vchng ${VCHNG}`);
    expect((await monitor.alertByPair('c-vchng', VCHNG))!.changes!.at(-1)).toMatch(/below the threshold/);
  });

  it('keeps an intact audit trail of every step and gives each customer a certificate', async () => {
    const verified = await verifyAudit(monitor);
    expect(verified.ok).toBe(true);
    const actions = new Set<string>();
    for await (const r of monitor.auditRecords()) actions.add(r.action);
    for (const a of ['customers.import', 'customers.screened', 'monitor.run', 'lists.updated', 'alert.created', 'alert.decided', 'alert.reopened', 'alert.delisted']) {
      expect(actions).toContain(a);
    }
    const cert = await certificate(monitor, 'c-lukoil');
    expect(cert.customer?.name).toBe('LUKOIL OAO');
    expect(cert.screenings[0]).toMatchObject({ result: '1 potential match', hits: [{ entity_id: LUKOIL }] });
    expect(cert.screenings[0].versions[0]).toMatchObject({ source: 'us_ofac_cons', published_at: '2025-03-28' });
    expect(cert.rescreenings.length).toBeGreaterThanOrEqual(4);
    expect(cert.alerts[0].history.map((h) => h.action)).toContain('decided');
    expect(cert.trail.cited_intact).toBe(true);
  });
});

describe('the incremental run finds what a full re-screen finds, on many spellings of the changed entries', () => {
  it('alerts the same pairs as a full re-screen, and nearly all pairs an exhaustive scoring finds', async () => {
    const home = await mkdtemp(join(tmpdir(), 'clearance-monitor-recall-'));
    work = join(home, 'downloads');
    store = new SqliteStore(join(home, 'clearance.sqlite'));
    monitor = new SqliteMonitorStore(join(home, 'clearance.sqlite'));
    await update(await xmlPublication());

    // Customers spelled like the entries the CSV version changes (reordered, a name dropped, a
    // typo, lower case: src/bench/records.ts), and as many people on no list.
    const { parseAll } = await import('../../src/sources/run.js');
    const { getSource } = await import('../../src/sources/index.js');
    const { generateRecords, loadCleanPeople } = await import('../../src/bench/records.js');
    const { EVAL_DIR } = await import('../helpers.js');
    const csv = (await parseAll(getSource('us_ofac_cons'), join(csvPublication, 'us_ofac_cons'))).entities;
    const xml = await currentEntities();
    const { diffEntities } = await import('../../src/store/diff.js');
    const before = new Map(xml.map((e) => [e.id, e]));
    const changed = csv.filter((e) => before.has(e.id) && diffEntities(before.get(e.id)!, e).length > 0);
    expect(changed).toHaveLength(12);
    const rows = [...generateRecords(300, changed, loadCleanPeople(EVAL_DIR), { seed: 5, hitShare: 0.7 })];
    const file = await customerFile(rows.map((r) => ({ id: r.id, name: r.name, type: r.schema === 'Person' ? 'person' : 'company', birth_date: r.birth_date, country: r.country })));
    await importCustomers(monitor, file, { actor: ACTOR });
    await runMonitoring(store, monitor, { actor: ACTOR, trigger: 'import' });

    const run = await update(csvPublication);
    expect(run!.stats.customersChecked).toBe(300);
    expect(run!.stats.customersShortlisted).toBeLessThan(300);
    const changedIds = new Set(changed.map((e) => e.id));
    const alertedPairs = async () => new Set((await monitor.listAlerts({ limit: 10_000 })).filter((a) => changedIds.has(a.entityId)).map((a) => `${a.customerId} ${a.entityId}`));
    const incremental = await alertedPairs();
    // Every alerted pair on a changed entry came out of the run: new ones created, known ones updated with the change.
    expect(pairsOf(run, ['created', 'updated', 'reopened'])).toEqual(incremental);

    const full = await runMonitoring(store, monitor, { actor: ACTOR, trigger: 'test', full: true });
    expect(full.alerts.filter((a) => a.outcome === 'created')).toEqual([]);
    expect(await alertedPairs()).toEqual(incremental);

    // Against an exhaustive scoring (no index at all) the engine's candidate generation may miss
    // a few pairs (e.g. a typo inside a very long word); a full re-screen misses the same ones.
    const oracle = pairsAbove(await allCustomers(), changed);
    expect(oracle.size).toBeGreaterThan(100);
    expect([...incremental].every((p) => oracle.has(p))).toBe(true);
    expect(incremental.size / oracle.size).toBeGreaterThan(0.95);
  });
});
