import type { Entity } from '../model/entity.js';
import type { SourceId } from '../model/sources.js';
import { DEFAULT_THRESHOLD, MatchIndex, MatchPool, scoreEntity, type Hit, type MatchQuery } from '../match/index.js';
import type { Store, VersionInfo } from '../store/types.js';
import type { Alert, AlertChange, Customer, CustomerCheck, MonitorStore, RunKind, RunStats } from '../store/monitor_types.js';
import { applyChanges, delist, evaluatePair, noLongerMatching, type EvaluationContext, type PairEvaluation, type PairOutcome } from './alerts.js';
import { ChangedEntityBlocker } from './blocking.js';
import { describeFieldChanges } from './fingerprint.js';
import type { FieldChange } from '../store/diff.js';

/**
 * A monitoring run: re-screens only what a list update or a customer change can affect.
 *
 * (a) List entities added or changed since the last run (the store's change log between the
 *     baseline versions and the current ones) against every customer already screened: one
 *     cheap pass over the customers shortlists those sharing a name key with a changed entity
 *     (blocking.ts), and only they are screened, against an index of the changed entities.
 * (b) New and changed customers against all current lists, as a screening would.
 * (c) Entities removed from their lists: the alerts they touch are closed or flagged "delisted".
 *
 * `full` re-screens every customer against all lists instead of (a) and (b): the reference
 * the incremental run must agree with, and the cost it avoids.
 */

export interface MonitorRunOptions {
  actor: string;
  /** What started the run: `update`, `cli`, `api`, `import` ... */
  trigger: string;
  threshold?: number;
  full?: boolean;
  /** Worker threads for screening many customers against the lists (default: all cores). */
  threads?: number;
  onProgress?: (message: string) => void;
  /**
   * The lists already loaded and indexed (the API server's warm screening context): used for
   * step (b) when it holds the current versions, instead of loading and indexing them again.
   */
  lists?: LoadedLists;
}

export interface LoadedLists {
  versions: VersionInfo[];
  entities: Entity[];
  index: MatchIndex;
}

export interface MonitorRunResult {
  runId: number;
  kind: RunKind;
  stats: RunStats;
  /** Alerts created, reopened, re-scored or delisted by this run. */
  alerts: Array<{ alert: Alert; outcome: PairOutcome | 'delisted' | 'rescored' }>;
  versions: VersionInfo[];
}

/** Below this many customers to screen, one in-thread index beats starting worker threads. */
const POOL_FROM = 5000;
/** Customers screened per chunk in step (b): one audit record and one checks batch each. */
const SCREEN_CHUNK = 1000;
/**
 * Candidates are taken this far below the threshold, then every pair is scored with
 * scoreEntity: the same function decides in steps (a) and (b) and in a full re-screen, so
 * an incremental run and a full one agree.
 */
const FORWARD_MARGIN = 0.05;

interface RunContext extends EvaluationContext {
  versionBySource: Map<string, number>;
}

export async function runMonitoring(store: Store, monitor: MonitorStore, opts: MonitorRunOptions): Promise<MonitorRunResult> {
  const started = performance.now();
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const kind: RunKind = opts.full ? 'full' : 'incremental';
  const versions = await store.currentVersions();
  const at = new Date().toISOString();
  const runId = await monitor.startRun({
    kind,
    trigger: opts.trigger,
    actor: opts.actor,
    startedAt: at,
    versions: versions.map((v) => ({ source: v.source, versionId: v.id, ...(v.publishedAt ? { publishedAt: v.publishedAt } : {}) })),
  });
  const ctx: RunContext = { actor: opts.actor, at, runId, versionBySource: new Map(versions.map((v) => [v.source, v.id])) };
  const stats: RunStats = {
    entitiesAdded: 0,
    entitiesChanged: 0,
    entitiesRemoved: 0,
    customersChecked: 0,
    customersShortlisted: 0,
    customersScreened: 0,
    alertsCreated: 0,
    alertsReopened: 0,
    alertsUpdated: 0,
    alertsDelisted: 0,
    suppressed: 0,
    ms: 0,
    timings: {},
  };
  const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      stats.timings[step] = Math.round(performance.now() - t);
    }
  };
  const log = opts.onProgress ?? (() => undefined);
  const outcomes: MonitorRunResult['alerts'] = [];
  const record = async (changes: AlertChange[], labels: Array<MonitorRunResult['alerts'][number]['outcome']>) => {
    const applied = await applyChanges(monitor, changes);
    applied.forEach((alert, i) => outcomes.push({ alert, outcome: labels[i] }));
  };

  let delta: ListDelta = { upserted: new Map(), removed: new Map(), ranges: [] };
  try {
    const baselines = await monitor.baselines();
    delta = await timed('changes', () => listDelta(store, versions, baselines));
    stats.entitiesAdded = [...delta.upserted.values()].filter((u) => u.kind === 'added').length;
    stats.entitiesChanged = delta.upserted.size - stats.entitiesAdded;
    stats.entitiesRemoved = delta.removed.size;
    log(`list changes since the last run: ${stats.entitiesAdded} added, ${stats.entitiesChanged} changed, ${stats.entitiesRemoved} removed`);

    const screenedCustomers = (await monitor.countCustomers()) - (await monitor.countPendingCustomers());
    if (!opts.full && delta.upserted.size && screenedCustomers > 0) {
      await timed('changed_entities_vs_customers', async () => {
        const entities = await loadEntities(store, delta.upserted);
        const found = await changedEntitiesVsCustomers(monitor, entities, threshold, opts.threads, stats, log);
        const existing = await monitor.alertsForEntities(entities.map((e) => e.id));
        const described = new Map([...delta.upserted].map(([id, u]) => [id, describeFieldChanges(u.fields)]));
      const { changes, labels } = await evaluateEntityPairs(monitor, found, existing, entities, described, threshold, ctx, stats);
        await record(changes, labels);
      });
    }

    await timed(opts.full ? 'all_customers_vs_lists' : 'new_customers_vs_lists', async () => {
      const count = opts.full ? await monitor.countCustomers() : await monitor.countPendingCustomers();
      if (!count || !versions.length) return;
      log(`screening ${count} ${opts.full ? '' : 'new or changed '}customers against ${versions.length} lists`);
      const warm = opts.lists && sameVersions(opts.lists.versions, versions) ? opts.lists : undefined;
      await screenCustomers(store, monitor, versions, warm, opts.full ? monitor.customers() : monitor.pendingCustomers(), count, threshold, ctx, stats, opts.threads, record);
    });

    if (delta.removed.size) {
      await timed('delistings', async () => {
        const changes: AlertChange[] = [];
        for (const alert of await monitor.alertsForEntities([...delta.removed.keys()])) {
          const change = delist(alert, delta.removed.get(alert.entityId)!.date, ctx);
          if (change) changes.push(change);
        }
        stats.alertsDelisted = changes.length;
        await record(changes, changes.map(() => 'delisted'));
      });
    }

  } catch (err) {
    // The run ends as failed: its baselines stay, so the next run takes the same list changes
    // again (alerts already raised are found unchanged then), and it no longer blocks new runs.
    stats.ms = Math.round(performance.now() - started);
    const message = err instanceof Error ? err.message : String(err);
    await monitor
      .finishRun(runId, { finishedAt: new Date().toISOString(), stats: { ...stats, error: message }, baselines: [], changesFrom: delta.ranges }, {
        audit: [{ actor: opts.actor, action: 'monitor.failed', subject: `run:${runId}`, payload: { run: runId, error: message, stats } }],
      })
      .catch(() => undefined);
    throw err;
  }

  stats.ms = Math.round(performance.now() - started);
  const finishedAt = new Date().toISOString();
  await monitor.finishRun(
    runId,
    {
      finishedAt,
      stats,
      baselines: versions.map((v) => ({ source: v.source, versionId: v.id })),
      changesFrom: delta.ranges,
    },
    {
      audit: [
        {
          actor: opts.actor,
          action: 'monitor.run',
          subject: `run:${runId}`,
          at: finishedAt,
          payload: {
            run: runId,
            kind,
            trigger: opts.trigger,
            threshold,
            versions: versions.map((v) => ({ source: v.source, version: v.id, published_at: v.publishedAt ?? null })),
            changes_from: delta.ranges,
            stats,
            alerts: outcomes.map((o) => ({ id: o.alert.id, customer: o.alert.customerId, entity: o.alert.entityId, outcome: o.outcome })),
          },
        },
      ],
    },
  );
  return { runId, kind, stats, alerts: outcomes, versions };
}

// ---------------------------------------------------------------------- list changes

interface ListDelta {
  /** Entities present now that were added or changed since the baseline, with the version holding them. */
  upserted: Map<string, { kind: 'added' | 'changed'; source: SourceId; versionId: number; fields: FieldChange[] }>;
  /** Entities gone since the baseline, with the date of the version that removed them. */
  removed: Map<string, { source: SourceId; date: string }>;
  ranges: Array<{ source: SourceId; fromVersion: number | null; toVersion: number }>;
}

/**
 * Net changes per source between its baseline version (the one the last run covered) and its
 * current version, from the store's change log. A source never monitored counts from nothing:
 * everything in it is new to the customers already screened without it.
 */
async function listDelta(store: Store, versions: VersionInfo[], baselines: Map<SourceId, number>): Promise<ListDelta> {
  const delta: ListDelta = { upserted: new Map(), removed: new Map(), ranges: [] };
  for (const v of versions) {
    const base = baselines.get(v.source);
    if (base !== undefined && base >= v.id) continue;
    delta.ranges.push({ source: v.source, fromVersion: base ?? null, toVersion: v.id });
    const changes = (await store.changes({ source: v.source })).filter((c) => c.versionId > (base ?? 0) && c.versionId <= v.id);
    changes.sort((a, b) => a.versionId - b.versionId);
    const firstKind = new Map<string, string>();
    for (const c of changes) {
      if (!firstKind.has(c.entityId)) firstKind.set(c.entityId, c.kind);
      if (c.kind === 'removed') {
        delta.upserted.delete(c.entityId);
        delta.removed.set(c.entityId, { source: v.source, date: c.date.slice(0, 10) });
      } else {
        delta.removed.delete(c.entityId);
        const added = firstKind.get(c.entityId) !== 'changed';
        const fields = added ? [] : [...(delta.upserted.get(c.entityId)?.fields ?? []), ...c.fields];
        delta.upserted.set(c.entityId, { kind: added ? 'added' : 'changed', source: v.source, versionId: v.id, fields });
      }
    }
  }
  return delta;
}

/** The changed entities' current content: by id when few, by streaming the version when many. */
async function loadEntities(store: Store, upserted: ListDelta['upserted']): Promise<Entity[]> {
  const byVersion = new Map<number, Set<string>>();
  for (const [id, u] of upserted) byVersion.set(u.versionId, (byVersion.get(u.versionId) ?? new Set()).add(id));
  const out: Entity[] = [];
  for (const [versionId, ids] of byVersion) {
    if (ids.size > 500) {
      for await (const e of store.entities([versionId])) if (ids.has(e.id)) out.push(e);
    } else {
      for (const id of ids) {
        const e = await store.entity(id, [versionId]);
        if (e) out.push(e);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------- step (a)

interface FoundPair {
  customer: Customer;
  entity: Entity;
  hit: PairEvaluation['result'];
}

/**
 * Changed entities against every customer already screened. One pass over the base shortlists
 * the customers sharing a name key with a changed entity (blocking.ts); each of them is then
 * screened as usual, customer as the query, against an index of the changed entities only,
 * and every pair is scored with scoreEntity. Screening in the same direction as a full
 * re-screen (rather than querying an index of customers with each entity) keeps the engine's
 * per-query bound on scored names from hiding customers: an index of a few changed entities
 * never reaches it before an index of all entities would.
 */
async function changedEntitiesVsCustomers(
  monitor: MonitorStore,
  entities: Entity[],
  threshold: number,
  threads: number | undefined,
  stats: RunStats,
  log: (m: string) => void,
): Promise<FoundPair[]> {
  const started = performance.now();
  const blocker = new ChangedEntityBlocker(entities);
  for await (const c of monitor.customers()) {
    // New and changed customers are screened against everything in step (b).
    if (c.screenedHash === c.matchHash) blocker.offer(c);
  }
  const shortlist = blocker.candidates();
  stats.customersChecked = blocker.customersSeen;
  stats.customersShortlisted = shortlist.length;
  stats.timings.shortlist_pass = Math.round(performance.now() - started);
  log(`checked ${blocker.customersSeen} customers against ${entities.length} changed entities: ${shortlist.length} share a name key with one`);
  if (!shortlist.length) return [];

  const byId = new Map(entities.map((e) => [e.id, e]));
  const floor = Math.max(0, threshold - FORWARD_MARGIN);
  const pool = shortlist.length >= POOL_FROM && threads !== 1 ? await MatchPool.start(entities, { threads }) : undefined;
  const index = pool ? undefined : MatchIndex.build(entities);
  const found: FoundPair[] = [];
  try {
    for (let i = 0; i < shortlist.length; i += SCREEN_CHUNK) {
      const chunk = shortlist.slice(i, i + SCREEN_CHUNK);
      const queries = chunk.map((c) => c.match);
      const results = pool ? await pool.search(queries, { threshold: floor, limit: 50 }) : queries.map((q) => index!.search(q, { threshold: floor, limit: 50 }));
      chunk.forEach((customer, k) => {
        for (const h of results[k]) {
          const entity = byId.get(h.entity.id)!;
          const result = scoreEntity(customer.match, entity, { threshold });
          if (result.score >= threshold) found.push({ customer, entity, hit: result });
        }
      });
    }
  } finally {
    await pool?.close();
  }
  stats.timings.shortlist_screening = Math.round(performance.now() - started) - stats.timings.shortlist_pass;
  return found;
}

async function evaluateEntityPairs(
  monitor: MonitorStore,
  found: FoundPair[],
  existing: Alert[],
  entities: Entity[],
  described: Map<string, string[]>,
  threshold: number,
  ctx: RunContext,
  stats: RunStats,
): Promise<{ changes: AlertChange[]; labels: Array<PairOutcome | 'rescored'> }> {
  const byPair = new Map(existing.map((a) => [`${a.customerId}\u0000${a.entityId}`, a]));
  const entityById = new Map(entities.map((e) => [e.id, e]));
  const changes: AlertChange[] = [];
  const labels: Array<PairOutcome | 'rescored'> = [];
  const seen = new Set<string>();
  for (const f of found) {
    const key = `${f.customer.id}\u0000${f.entity.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const pair = { customer: f.customer, match: f.customer.match, entity: f.entity, result: f.hit, versionId: versionOf(f.entity, ctx), entityChanges: described.get(f.entity.id) };
    const r = evaluatePair(byPair.get(key), pair, ctx);
    count(stats, r.outcome);
    if (r.change) (changes.push(r.change), labels.push(r.outcome));
  }
  // Alerts on changed entities whose customer no longer scores above the threshold.
  for (const a of existing) {
    const key = `${a.customerId}\u0000${a.entityId}`;
    if (seen.has(key)) continue;
    const customer = await monitor.customer(a.customerId);
    const entity = entityById.get(a.entityId);
    if (!customer || !entity || customer.screenedHash !== customer.matchHash) continue;
    const result = scoreEntity(customer.match, entity, { threshold });
    const change = noLongerMatching(a, { customer, match: customer.match, entity, result, versionId: versionOf(entity, ctx) }, ctx);
    if (change) (changes.push(change), labels.push('rescored'), stats.alertsUpdated++);
  }
  return { changes, labels };
}

/** The current version of the entity's list: the version an alert is raised against. */
function versionOf(e: Entity, ctx: RunContext): number {
  return ctx.versionBySource.get(e.source) ?? 0;
}

function count(stats: RunStats, outcome: PairOutcome): void {
  if (outcome === 'created') stats.alertsCreated++;
  else if (outcome === 'reopened') stats.alertsReopened++;
  else if (outcome === 'updated') stats.alertsUpdated++;
  else if (outcome === 'suppressed') stats.suppressed++;
}

// ---------------------------------------------------------------------- step (b)

/**
 * Customers against all current lists. Many customers go through worker threads (each holding
 * an index of the lists); a few through one index in this thread. Each chunk's results are
 * recorded as checks (the customer is then screened at its current content) and in the audit log.
 */
async function screenCustomers(
  store: Store,
  monitor: MonitorStore,
  versions: VersionInfo[],
  warm: LoadedLists | undefined,
  customers: AsyncIterable<Customer>,
  count: number,
  threshold: number,
  ctx: RunContext,
  stats: RunStats,
  threads: number | undefined,
  record: (changes: AlertChange[], labels: Array<PairOutcome | 'rescored'>) => Promise<void>,
): Promise<void> {
  const entities: Entity[] = warm?.entities ?? [];
  if (!warm) for await (const e of store.entities(versions.map((v) => v.id))) entities.push(e);
  const byId = new Map(entities.map((e) => [e.id, e]));
  const pool = count >= POOL_FROM && threads !== 1 ? await MatchPool.start(entities, { threads }) : undefined;
  const index = pool ? undefined : (warm?.index ?? MatchIndex.build(entities));
  const floor = Math.max(0, threshold - FORWARD_MARGIN);
  const search = async (queries: MatchQuery[]): Promise<Hit[][]> =>
    pool ? pool.search(queries, { threshold: floor, limit: 50 }) : queries.map((q) => index!.search(q, { threshold: floor, limit: 50 }));
  try {
    let chunk: Customer[] = [];
    const flush = async () => {
      if (!chunk.length) return;
      const results = await search(chunk.map((c) => c.match));
      await evaluateCustomerChunk(monitor, chunk, results, byId, threshold, ctx, stats, record);
      stats.customersScreened += chunk.length;
      chunk = [];
    };
    // Pages are keyed on the customer id, so marking customers screened while paging shifts nothing.
    for await (const c of customers) {
      chunk.push(c);
      if (chunk.length >= SCREEN_CHUNK) await flush();
    }
    await flush();
  } finally {
    await pool?.close();
  }
}

async function evaluateCustomerChunk(
  monitor: MonitorStore,
  chunk: Customer[],
  results: Hit[][],
  byId: Map<string, Entity>,
  threshold: number,
  ctx: RunContext,
  stats: RunStats,
  record: (changes: AlertChange[], labels: Array<PairOutcome | 'rescored'>) => Promise<void>,
): Promise<void> {
  const existing = await monitor.alertsForCustomers(chunk.map((c) => c.id));
  const byPair = new Map(existing.map((a) => [`${a.customerId}\u0000${a.entityId}`, a]));
  const changes: AlertChange[] = [];
  const labels: Array<PairOutcome | 'rescored'> = [];
  const checks: CustomerCheck[] = [];
  chunk.forEach((customer, i) => {
    const hits: Array<{ entity: Entity; result: Hit['result'] }> = [];
    for (const h of results[i]) {
      const entity = byId.get(h.entity.id);
      if (!entity) continue;
      const result = scoreEntity(customer.match, entity, { threshold });
      if (result.score >= threshold) hits.push({ entity, result });
    }
    const hitIds = new Set<string>();
    for (const { entity, result } of hits) {
      hitIds.add(entity.id);
      const r = evaluatePair(byPair.get(`${customer.id}\u0000${entity.id}`), { customer, match: customer.match, entity, result, versionId: versionOf(entity, ctx) }, ctx);
      count(stats, r.outcome);
      if (r.change) (changes.push(r.change), labels.push(r.outcome));
    }
    // A changed customer may no longer match what it matched before.
    for (const a of existing.filter((x) => x.customerId === customer.id && !hitIds.has(x.entityId))) {
      const entity = byId.get(a.entityId);
      if (!entity) continue;
      const result = scoreEntity(customer.match, entity, { threshold });
      const change = noLongerMatching(a, { customer, match: customer.match, entity, result, versionId: versionOf(entity, ctx) }, ctx);
      if (change) (changes.push(change), labels.push('rescored'), stats.alertsUpdated++);
    }
    checks.push({ customerId: customer.id, matchHash: customer.matchHash, at: ctx.at, hits: hits.map((h) => ({ entityId: h.entity.id, score: Math.round(h.result.score * 1000) / 1000 })) });
  });
  await record(changes, labels);
  const [entry] = await monitor.appendAudit([
    {
      actor: ctx.actor,
      action: 'customers.screened',
      subject: `run:${ctx.runId}`,
      at: ctx.at,
      payload: {
        run: ctx.runId,
        versions: [...ctx.versionBySource].map(([source, version]) => ({ source, version })),
        customers: checks.map((c) => ({ id: c.customerId, match_hash: c.matchHash, hits: c.hits.map((h) => [h.entityId, h.score]) })),
      },
    },
  ]);
  await monitor.recordChecks(
    ctx.runId,
    checks.map((c) => ({ ...c, auditSeq: entry.seq })),
  );
}

function sameVersions(a: VersionInfo[], b: VersionInfo[]): boolean {
  const ids = (vs: VersionInfo[]) => vs.map((v) => v.id).sort((x, y) => x - y).join(',');
  return ids(a) === ids(b);
}
