import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { seal, type AuditEntry, type AuditRecord, type ChainHead } from '../audit/chain.js';
import type { SourceId } from '../model/sources.js';
import { MIGRATIONS } from './migrations.js';
import { statementCache } from './statements.js';
import {
  ALERT_STATES,
  type Alert,
  type AlertChange,
  type AlertEvent,
  type AlertFilter,
  type AlertState,
  type AuditRange,
  type Customer,
  type CustomerCheck,
  type CustomerInput,
  type Delivery,
  type DeliveryAttempt,
  type DeliveryOutcome,
  type DeliveryStatus,
  type Effects,
  type EffectsInput,
  type MonitorRun,
  type MonitorStore,
  type NewMonitorRun,
  type OutgoingEvent,
  type RunFinish,
  type Subscription,
  type UpsertCounts,
} from './monitor_types.js';
import {
  alertFromRow,
  alertRowData,
  auditFromRow,
  auditRangeBounds,
  checkFromRow,
  ConcurrentChangeError,
  customerFromRow,
  deliveryBody,
  deliveryFromRow,
  eventFromRow,
  RUN_STALE_MS,
  RunInProgressError,
  runFromRow,
  subscriptionFromRow,
  type AlertRow,
  type Row,
} from './monitor_rows.js';

/** Rows per page when streaming customers: memory stays flat for a million of them. */
const PAGE = 5000;

/**
 * The monitoring store in the same SQLite file as the lists, on a connection of its own (WAL
 * lets the list store and this one work side by side). Writes that must be atomic run in
 * IMMEDIATE transactions, so two processes appending to the audit chain take turns.
 */
export class SqliteMonitorStore implements MonitorStore {
  private readonly db: Database.Database;
  private readonly statement: (sql: string) => Database.Statement;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 10000');
    this.statement = statementCache(this.db);
    this.migrate();
  }

  /**
   * The same numbered migrations as the list store. Whichever store opens the file first
   * applies them; the check is repeated inside an IMMEDIATE transaction so that two
   * connections opening a new file at once do not both apply one.
   */
  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    this.db
      .transaction(() => {
        const done = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version));
        for (const m of MIGRATIONS) {
          if (done.has(m.version)) continue;
          this.db.exec(m.sqlite);
          this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
        }
      })
      .immediate();
  }

  // ------------------------------------------------------------------ customers

  async upsertCustomers(customers: CustomerInput[], at: string, effects?: Effects): Promise<UpsertCounts> {
    const get = this.db.prepare('SELECT data, match_hash FROM customers WHERE id = ?');
    const insert = this.db.prepare('INSERT INTO customers (id, data, match_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    const update = this.db.prepare('UPDATE customers SET data = ?, match_hash = ?, updated_at = ? WHERE id = ?');
    return this.write(() => {
      const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0, outcomes: [] };
      for (const c of customers) {
        const data = JSON.stringify({ query: c.query, match: c.match });
        const old = get.get(c.id) as { data: string; match_hash: string } | undefined;
        const outcome = !old ? 'created' : old.data === data && old.match_hash === c.matchHash ? 'unchanged' : 'updated';
        if (outcome === 'created') insert.run(c.id, data, c.matchHash, at, at);
        else if (outcome === 'updated') update.run(data, c.matchHash, at, c.id);
        counts[outcome]++;
        counts.outcomes.push(outcome);
      }
      this.applyEffects(effects);
      return counts;
    });
  }

  async customer(id: string): Promise<Customer | undefined> {
    const row = this.db.prepare('SELECT * FROM customers WHERE id = ?').get(id) as Row | undefined;
    return row ? customerFromRow(row) : undefined;
  }

  async listCustomers(opts: { after?: string; limit: number; search?: string }): Promise<Customer[]> {
    const where = ['id > ?'];
    const args: unknown[] = [opts.after ?? ''];
    if (opts.search) (where.push('(id LIKE ? OR data LIKE ?)'), args.push(`%${opts.search}%`, `%${opts.search}%`));
    const rows = this.db.prepare(`SELECT * FROM customers WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`).all(...args, opts.limit) as Row[];
    return rows.map(customerFromRow);
  }

  async countCustomers(): Promise<number> {
    return Number((this.db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n);
  }

  customers(): AsyncIterable<Customer> {
    return this.pages('SELECT * FROM customers WHERE id > ? ORDER BY id LIMIT ?');
  }

  pendingCustomers(): AsyncIterable<Customer> {
    return this.pages('SELECT * FROM customers WHERE (screened_hash IS NULL OR screened_hash <> match_hash) AND id > ? ORDER BY id LIMIT ?');
  }

  async countPendingCustomers(): Promise<number> {
    return Number((this.db.prepare('SELECT COUNT(*) AS n FROM customers WHERE screened_hash IS NULL OR screened_hash <> match_hash').get() as { n: number }).n);
  }

  /** Keyset pages, so no statement stays open across an await (the connection is shared). */
  private async *pages(sql: string): AsyncIterable<Customer> {
    const stmt = this.db.prepare(sql);
    let after = '';
    for (;;) {
      const rows = stmt.all(after, PAGE) as Row[];
      for (const r of rows) yield customerFromRow(r);
      if (rows.length < PAGE) return;
      after = String(rows[rows.length - 1].id);
    }
  }

  async deleteCustomer(id: string, _at: string, effects?: Effects): Promise<boolean> {
    return this.write(() => {
      const gone = this.db.prepare('DELETE FROM customers WHERE id = ?').run(id).changes > 0;
      if (gone) this.applyEffects(effects);
      return gone;
    });
  }

  async recordChecks(runId: number, checks: CustomerCheck[]): Promise<void> {
    const put = this.db.prepare('INSERT OR REPLACE INTO customer_checks (customer_id, run_id, match_hash, at, hits, audit_seq) VALUES (?, ?, ?, ?, ?, ?)');
    const mark = this.db.prepare('UPDATE customers SET screened_hash = ?, screened_at = ? WHERE id = ?');
    this.write(() => {
      for (const c of checks) {
        put.run(c.customerId, runId, c.matchHash, c.at, JSON.stringify(c.hits), c.auditSeq ?? null);
        mark.run(c.matchHash, c.at, c.customerId);
      }
    });
  }

  async checksOf(customerId: string): Promise<Array<CustomerCheck & { runId: number }>> {
    const rows = this.db.prepare('SELECT * FROM customer_checks WHERE customer_id = ? ORDER BY run_id').all(customerId) as Row[];
    return rows.map(checkFromRow);
  }

  // ------------------------------------------------------------------ runs

  async baselines(): Promise<Map<SourceId, number>> {
    const rows = this.db.prepare('SELECT source, version_id FROM monitor_baselines').all() as Array<{ source: SourceId; version_id: number }>;
    return new Map(rows.map((r) => [r.source, Number(r.version_id)]));
  }

  async startRun(run: NewMonitorRun, staleAfterMs = RUN_STALE_MS): Promise<number> {
    return this.write(() => {
      const since = new Date(Date.parse(run.startedAt) - staleAfterMs).toISOString();
      const busy = this.db.prepare('SELECT id, started_at FROM monitor_runs WHERE finished_at IS NULL AND started_at > ? ORDER BY id DESC LIMIT 1').get(since) as
        | { id: number; started_at: string }
        | undefined;
      if (busy) throw new RunInProgressError(Number(busy.id), busy.started_at);
      const info = this.db
        .prepare('INSERT INTO monitor_runs (kind, trigger, actor, started_at, versions) VALUES (?, ?, ?, ?, ?)')
        .run(run.kind, run.trigger, run.actor, run.startedAt, JSON.stringify(run.versions));
      return Number(info.lastInsertRowid);
    });
  }

  async finishRun(id: number, finish: RunFinish, effects?: Effects): Promise<void> {
    const setBaseline = this.db.prepare(
      'INSERT INTO monitor_baselines (source, version_id, run_id, at) VALUES (?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET version_id = excluded.version_id, run_id = excluded.run_id, at = excluded.at',
    );
    this.write(() => {
      this.db
        .prepare('UPDATE monitor_runs SET finished_at = ?, stats = ?, changes_from = ? WHERE id = ?')
        .run(finish.finishedAt, JSON.stringify(finish.stats), JSON.stringify(finish.changesFrom), id);
      for (const b of finish.baselines) setBaseline.run(b.source, b.versionId, id, finish.finishedAt);
      const records = this.applyEffects(effects);
      if (records.length) this.db.prepare('UPDATE monitor_runs SET audit_seq = ? WHERE id = ?').run(records[records.length - 1].seq, id);
    });
  }

  async run(id: number): Promise<MonitorRun | undefined> {
    const row = this.db.prepare('SELECT * FROM monitor_runs WHERE id = ?').get(id) as Row | undefined;
    return row ? runFromRow(row) : undefined;
  }

  async runs(opts: { limit?: number; since?: string } = {}): Promise<MonitorRun[]> {
    const rows = this.db
      .prepare('SELECT * FROM monitor_runs WHERE started_at >= ? ORDER BY id DESC LIMIT ?')
      .all(opts.since ?? '', opts.limit ?? 1_000_000) as Row[];
    return rows.map(runFromRow).reverse();
  }

  // ------------------------------------------------------------------ alerts

  async alert(id: number): Promise<Alert | undefined> {
    const row = this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
    return row ? alertFromRow(row) : undefined;
  }

  async alertByPair(customerId: string, entityId: string): Promise<Alert | undefined> {
    const row = this.db.prepare('SELECT * FROM alerts WHERE customer_id = ? AND entity_id = ?').get(customerId, entityId) as AlertRow | undefined;
    return row ? alertFromRow(row) : undefined;
  }

  async alertsForEntities(entityIds: string[]): Promise<Alert[]> {
    return this.inChunks('SELECT * FROM alerts WHERE entity_id IN', entityIds);
  }

  async alertsForCustomers(customerIds: string[]): Promise<Alert[]> {
    return this.inChunks('SELECT * FROM alerts WHERE customer_id IN', customerIds);
  }

  private inChunks(sql: string, values: string[]): Alert[] {
    const out: Alert[] = [];
    for (let i = 0; i < values.length; i += 500) {
      const part = values.slice(i, i + 500);
      const rows = this.db.prepare(`${sql} (${part.map(() => '?').join(',')}) ORDER BY id`).all(...part) as AlertRow[];
      out.push(...rows.map(alertFromRow));
    }
    return out;
  }

  async listAlerts(filter: AlertFilter): Promise<Alert[]> {
    const { where, args } = alertWhere(filter);
    const rows = this.db
      .prepare(`SELECT * FROM alerts ${where} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...args, filter.limit ?? 100, filter.offset ?? 0) as AlertRow[];
    return rows.map(alertFromRow);
  }

  async countAlerts(filter: Omit<AlertFilter, 'limit' | 'offset'> = {}): Promise<Record<AlertState, number>> {
    const { where, args } = alertWhere(filter);
    const rows = this.db.prepare(`SELECT state, COUNT(*) AS n FROM alerts ${where} GROUP BY state`).all(...args) as Array<{ state: AlertState; n: number }>;
    const counts = Object.fromEntries(ALERT_STATES.map((s) => [s, 0])) as Record<AlertState, number>;
    for (const r of rows) counts[r.state] = Number(r.n);
    return counts;
  }

  async alertHistory(id: number): Promise<AlertEvent[]> {
    const rows = this.db.prepare('SELECT * FROM alert_events WHERE alert_id = ? ORDER BY seq').all(id) as Row[];
    return rows.map(eventFromRow);
  }

  async applyAlertChanges(changes: AlertChange[], effects?: EffectsInput): Promise<Alert[]> {
    const insert = this.db.prepare(
      'INSERT INTO alerts (customer_id, entity_id, state, assignee, score, created_at, updated_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const update = this.db.prepare('UPDATE alerts SET state = ?, assignee = ?, score = ?, updated_at = ?, data = ? WHERE id = ?');
    const get = this.db.prepare('SELECT * FROM alerts WHERE id = ?');
    const nextSeq = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM alert_events WHERE alert_id = ?');
    const putEvent = this.db.prepare(
      'INSERT INTO alert_events (alert_id, seq, at, actor, action, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    return this.write(() => {
      const applied: Alert[] = [];
      for (const change of changes) {
        let id: number;
        if (change.kind === 'create') {
          const a = change.alert;
          const info = insert.run(a.customerId, a.entityId, a.state, a.assignee ?? null, a.score, change.event.at, change.event.at, JSON.stringify(alertRowData(a)));
          id = Number(info.lastInsertRowid);
        } else {
          const row = get.get(change.id) as AlertRow | undefined;
          if (!row) throw new Error(`no alert ${change.id}`);
          const current = alertFromRow(row);
          if (change.expectedUpdatedAt && change.expectedUpdatedAt !== current.updatedAt) {
            throw new ConcurrentChangeError(change.id);
          }
          const next = { ...current, ...change.patch };
          update.run(next.state, next.assignee ?? null, next.score, change.event.at, JSON.stringify(alertRowData(next)), change.id);
          id = change.id;
        }
        const e = change.event;
        const seq = Number((nextSeq.get(id) as { seq: number }).seq);
        putEvent.run(id, seq, e.at, e.actor, e.action, e.fromState ?? null, e.toState ?? null, JSON.stringify(e.detail ?? {}));
        applied.push(alertFromRow(get.get(id) as AlertRow));
      }
      this.applyEffects(typeof effects === 'function' ? effects(applied) : effects);
      return applied;
    });
  }

  // ------------------------------------------------------------------ audit

  async appendAudit(entries: AuditEntry[]): Promise<AuditRecord[]> {
    return this.write(() => this.appendAuditNow(entries));
  }

  /** Must run inside a write transaction: the head read and the append are one step. */
  private appendAuditNow(entries: AuditEntry[]): AuditRecord[] {
    if (!entries.length) return [];
    const records = seal(this.auditHeadNow(), entries);
    const put = this.statement('INSERT INTO audit_log (seq, at, actor, action, subject, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const r of records) put.run(r.seq, r.at, r.actor, r.action, r.subject, JSON.stringify(r.payload), r.prevHash, r.hash);
    return records;
  }

  async *auditRecords(range: AuditRange = {}): AsyncIterable<AuditRecord> {
    const b = auditRangeBounds(range);
    const stmt = this.db.prepare('SELECT * FROM audit_log WHERE seq > ? AND seq <= ? AND at >= ? AND at <= ? ORDER BY seq LIMIT ?');
    let after = b.fromSeq - 1;
    for (;;) {
      const rows = stmt.all(after, b.toSeq, b.from, b.to, PAGE) as Row[];
      for (const r of rows) yield auditFromRow(r);
      if (rows.length < PAGE) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }

  async auditHead(): Promise<ChainHead | undefined> {
    return this.auditHeadNow();
  }

  private auditHeadNow(): ChainHead | undefined {
    const row = this.statement('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as ChainHead | undefined;
    return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
  }

  async auditBySubject(subjects: string[]): Promise<AuditRecord[]> {
    if (!subjects.length) return [];
    const rows = this.db
      .prepare(`SELECT * FROM audit_log WHERE subject IN (${subjects.map(() => '?').join(',')}) ORDER BY seq`)
      .all(...subjects) as Row[];
    return rows.map(auditFromRow);
  }

  async addCheckpoint(head: ChainHead, at: string): Promise<void> {
    this.db.prepare('INSERT OR IGNORE INTO audit_checkpoints (seq, hash, at) VALUES (?, ?, ?)').run(head.seq, head.hash, at);
  }

  async checkpoints(): Promise<Array<ChainHead & { at: string }>> {
    const rows = this.db.prepare('SELECT seq, hash, at FROM audit_checkpoints ORDER BY seq').all() as Array<{ seq: number; hash: string; at: string }>;
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, at: r.at }));
  }

  // ------------------------------------------------------------------ webhooks

  async addSubscription(sub: Subscription): Promise<void> {
    this.db
      .prepare('INSERT INTO webhook_subscriptions (id, url, events, secret, created_at, description) VALUES (?, ?, ?, ?, ?, ?)')
      .run(sub.id, sub.url, JSON.stringify(sub.events), sub.secret, sub.createdAt, sub.description ?? null);
  }

  async subscriptions(): Promise<Subscription[]> {
    const rows = this.db.prepare('SELECT * FROM webhook_subscriptions ORDER BY created_at, id').all() as Row[];
    return rows.map(subscriptionFromRow);
  }

  async removeSubscription(id: string): Promise<boolean> {
    return this.write(() => {
      const gone = this.db.prepare('DELETE FROM webhook_subscriptions WHERE id = ?').run(id).changes > 0;
      // Its pending deliveries can no longer be signed or sent: they end, and the log says why.
      if (gone) this.db.prepare("UPDATE webhook_deliveries SET status = 'failed', last_error = 'subscription removed' WHERE subscription_id = ? AND status = 'pending'").run(id);
      return gone;
    });
  }

  async claimDueDeliveries(now: string, limit: number, leaseMs: number): Promise<Delivery[]> {
    const lease = new Date(Date.parse(now) + leaseMs).toISOString();
    return this.write(() => {
      const rows = this.db
        .prepare("SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?")
        .all(now, limit) as Row[];
      const claim = this.db.prepare('UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?');
      for (const r of rows) claim.run(lease, r.id);
      return rows.map(deliveryFromRow);
    });
  }

  async recordAttempt(a: DeliveryAttempt, outcome: DeliveryOutcome): Promise<void> {
    this.write(() => {
      this.db
        .prepare('INSERT OR REPLACE INTO webhook_attempts (delivery_id, attempt, at, status, error, ms) VALUES (?, ?, ?, ?, ?, ?)')
        .run(a.deliveryId, a.attempt, a.at, a.status ?? null, a.error ?? null, Math.round(a.ms));
      this.db
        .prepare(
          `UPDATE webhook_deliveries SET attempts = ?, last_status = ?, last_error = ?, status = ?,
             next_attempt_at = COALESCE(?, next_attempt_at), delivered_at = ? WHERE id = ?`,
        )
        .run(
          a.attempt,
          a.status ?? null,
          a.error ?? null,
          outcome.status,
          outcome.status === 'pending' ? outcome.nextAttemptAt : null,
          outcome.status === 'delivered' ? outcome.at : null,
          a.deliveryId,
        );
    });
  }

  async deliveries(filter: { subscriptionId?: string; status?: DeliveryStatus; limit?: number }): Promise<Delivery[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.subscriptionId) (where.push('subscription_id = ?'), args.push(filter.subscriptionId));
    if (filter.status) (where.push('status = ?'), args.push(filter.status));
    const rows = this.db
      .prepare(`SELECT * FROM webhook_deliveries ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`)
      .all(...args, filter.limit ?? 100) as Row[];
    return rows.map(deliveryFromRow);
  }

  async deliveryAttempts(deliveryId: number): Promise<DeliveryAttempt[]> {
    const rows = this.db.prepare('SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt').all(deliveryId) as Row[];
    return rows.map((r) => ({
      deliveryId,
      attempt: Number(r.attempt),
      at: String(r.at),
      ...(r.status !== null ? { status: Number(r.status) } : {}),
      ...(r.error !== null ? { error: String(r.error) } : {}),
      ms: Number(r.ms),
    }));
  }

  async enqueueEvents(events: OutgoingEvent[]): Promise<number> {
    return this.write(() => this.enqueueNow(events));
  }

  private enqueueNow(events: OutgoingEvent[]): number {
    if (!events.length) return 0;
    const subs = (this.db.prepare('SELECT * FROM webhook_subscriptions').all() as Row[]).map(subscriptionFromRow);
    const put = this.db.prepare(
      "INSERT OR IGNORE INTO webhook_deliveries (subscription_id, event_id, event_type, body, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
    );
    let n = 0;
    for (const e of events) {
      const body = deliveryBody(e);
      for (const s of subs) if (s.events.includes(e.type)) n += put.run(s.id, e.id, e.type, body, e.createdAt, e.createdAt).changes;
    }
    return n;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  // ------------------------------------------------------------------ helpers

  private applyEffects(effects?: Effects): AuditRecord[] {
    if (!effects) return [];
    const records = effects.audit?.length ? this.appendAuditNow(effects.audit) : [];
    if (effects.events?.length) this.enqueueNow(effects.events);
    return records;
  }

  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}

function alertWhere(filter: Omit<AlertFilter, 'limit' | 'offset'>): { where: string; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.state?.length) (where.push(`state IN (${filter.state.map(() => '?').join(',')})`), args.push(...filter.state));
  if (filter.customerId) (where.push('customer_id = ?'), args.push(filter.customerId));
  if (filter.entityId) (where.push('entity_id = ?'), args.push(filter.entityId));
  if (filter.assignee) (where.push('assignee = ?'), args.push(filter.assignee));
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

