import pg from 'pg';
import { seal, type AuditEntry, type AuditRecord, type ChainHead } from '../audit/chain.js';
import type { SourceId } from '../model/sources.js';
import { MIGRATIONS } from './migrations.js';
import { inTransaction } from './pg_tx.js';
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

const PAGE = 5000;

type Db = pg.Pool | pg.PoolClient;

/**
 * The monitoring store in PostgreSQL, beside the list store's tables (the same migrations).
 * Appends to the audit chain are serialised by a transaction-scoped advisory lock, so API
 * replicas and workers writing at once still produce one unbroken chain; webhook deliveries
 * are claimed with SKIP LOCKED, so several dispatchers share the work without sending twice.
 */
export class PgMonitorStore implements MonitorStore {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool: boolean,
  ) {}

  static async open(url: string, opts: { maxConnections?: number } = {}): Promise<PgMonitorStore> {
    const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10 });
    pool.on('error', () => undefined);
    const store = new PgMonitorStore(pool, true);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end();
      throw err;
    }
    return store;
  }

  /** Shares a pool another component owns (the list store's); closing this store leaves it open. */
  static async withPool(pool: pg.Pool): Promise<PgMonitorStore> {
    const store = new PgMonitorStore(pool, false);
    await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      // The same lock as the list store's migrations: whoever comes first applies them.
      await c.query(`SELECT pg_advisory_xact_lock(hashtext(COALESCE(current_schema(), '') || ':clearance:migrations'))`);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await c.query(m.postgres);
        await c.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [m.version, new Date().toISOString()]);
      }
    });
  }

  // ------------------------------------------------------------------ customers

  async upsertCustomers(customers: CustomerInput[], at: string, effects?: Effects): Promise<UpsertCounts> {
    return this.tx(async (c) => {
      const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0, outcomes: [] };
      const old = new Map<string, { data: string; match_hash: string }>();
      const { rows } = await c.query<{ id: string; data: string; match_hash: string }>('SELECT id, data, match_hash FROM customers WHERE id = ANY($1::text[])', [
        customers.map((x) => x.id),
      ]);
      for (const r of rows) old.set(r.id, r);
      const inserts: Array<[string, string, string]> = [];
      const updates: Array<[string, string, string]> = [];
      for (const cu of customers) {
        const data = JSON.stringify({ query: cu.query, match: cu.match });
        const before = old.get(cu.id);
        const outcome = !before ? 'created' : before.data === data && before.match_hash === cu.matchHash ? 'unchanged' : 'updated';
        if (outcome === 'created') inserts.push([cu.id, data, cu.matchHash]);
        else if (outcome === 'updated') updates.push([cu.id, data, cu.matchHash]);
        // A customer given twice in one call: the later one wins, as in SQLite.
        old.set(cu.id, { data, match_hash: cu.matchHash });
        counts[outcome]++;
        counts.outcomes.push(outcome);
      }
      if (inserts.length) {
        await c.query(
          'INSERT INTO customers (id, data, match_hash, created_at, updated_at) SELECT i, d, h, $4, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(i, d, h)',
          [inserts.map((r) => r[0]), inserts.map((r) => r[1]), inserts.map((r) => r[2]), at],
        );
      }
      if (updates.length) {
        await c.query(
          'UPDATE customers SET data = t.d, match_hash = t.h, updated_at = $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(i, d, h) WHERE customers.id = t.i',
          [updates.map((r) => r[0]), updates.map((r) => r[1]), updates.map((r) => r[2]), at],
        );
      }
      await this.applyEffects(c, effects);
      return counts;
    });
  }

  async customer(id: string): Promise<Customer | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM customers WHERE id = $1', [id]);
    return rows[0] ? customerFromRow(rows[0]) : undefined;
  }

  async listCustomers(opts: { after?: string; limit: number; search?: string }): Promise<Customer[]> {
    const args: unknown[] = [opts.after ?? '', opts.limit];
    let where = 'id > $1';
    if (opts.search) (args.push(`%${opts.search}%`), (where += ' AND (id ILIKE $3 OR data ILIKE $3)'));
    const { rows } = await this.pool.query<Row>(`SELECT * FROM customers WHERE ${where} ORDER BY id LIMIT $2`, args);
    return rows.map(customerFromRow);
  }

  async countCustomers(): Promise<number> {
    return Number((await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM customers')).rows[0].n);
  }

  customers(): AsyncIterable<Customer> {
    return this.pages('SELECT * FROM customers WHERE id > $1 ORDER BY id LIMIT $2');
  }

  pendingCustomers(): AsyncIterable<Customer> {
    return this.pages('SELECT * FROM customers WHERE (screened_hash IS NULL OR screened_hash <> match_hash) AND id > $1 ORDER BY id LIMIT $2');
  }

  async countPendingCustomers(): Promise<number> {
    return Number((await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM customers WHERE screened_hash IS NULL OR screened_hash <> match_hash')).rows[0].n);
  }

  private async *pages(sql: string): AsyncIterable<Customer> {
    let after = '';
    for (;;) {
      const { rows } = await this.pool.query<Row>(sql, [after, PAGE]);
      for (const r of rows) yield customerFromRow(r);
      if (rows.length < PAGE) return;
      after = String(rows[rows.length - 1].id);
    }
  }

  async deleteCustomer(id: string, _at: string, effects?: Effects): Promise<boolean> {
    return this.tx(async (c) => {
      const gone = ((await c.query('DELETE FROM customers WHERE id = $1', [id])).rowCount ?? 0) > 0;
      if (gone) await this.applyEffects(c, effects);
      return gone;
    });
  }

  async recordChecks(runId: number, checks: CustomerCheck[]): Promise<void> {
    if (!checks.length) return;
    await this.tx(async (c) => {
      const ids = checks.map((x) => x.customerId);
      const hashes = checks.map((x) => x.matchHash);
      const ats = checks.map((x) => x.at);
      await c.query(
        `INSERT INTO customer_checks (customer_id, run_id, match_hash, at, hits, audit_seq)
         SELECT i, $1, h, a, x, q FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS t(i, h, a, x, q)
         ON CONFLICT (customer_id, run_id) DO UPDATE SET match_hash = excluded.match_hash, at = excluded.at, hits = excluded.hits, audit_seq = excluded.audit_seq`,
        [runId, ids, hashes, ats, checks.map((x) => JSON.stringify(x.hits)), checks.map((x) => x.auditSeq ?? null)],
      );
      await c.query('UPDATE customers SET screened_hash = t.h, screened_at = t.a FROM unnest($1::text[], $2::text[], $3::text[]) AS t(i, h, a) WHERE customers.id = t.i', [
        ids,
        hashes,
        ats,
      ]);
    });
  }

  async checksOf(customerId: string): Promise<Array<CustomerCheck & { runId: number }>> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM customer_checks WHERE customer_id = $1 ORDER BY run_id', [customerId]);
    return rows.map(checkFromRow);
  }

  // ------------------------------------------------------------------ runs

  async baselines(): Promise<Map<SourceId, number>> {
    const { rows } = await this.pool.query<{ source: SourceId; version_id: number }>('SELECT source, version_id FROM monitor_baselines');
    return new Map(rows.map((r) => [r.source, Number(r.version_id)]));
  }

  async startRun(run: NewMonitorRun, staleAfterMs = RUN_STALE_MS): Promise<number> {
    return this.tx(async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtext(COALESCE(current_schema(), '') || ':clearance:monitor-run'))`);
      const since = new Date(Date.parse(run.startedAt) - staleAfterMs).toISOString();
      const busy = await c.query<{ id: number; started_at: string }>(
        'SELECT id, started_at FROM monitor_runs WHERE finished_at IS NULL AND started_at > $1 ORDER BY id DESC LIMIT 1',
        [since],
      );
      if (busy.rows[0]) throw new RunInProgressError(Number(busy.rows[0].id), busy.rows[0].started_at);
      const { rows } = await c.query<{ id: number }>(
        'INSERT INTO monitor_runs (kind, trigger, actor, started_at, versions) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [run.kind, run.trigger, run.actor, run.startedAt, JSON.stringify(run.versions)],
      );
      return Number(rows[0].id);
    });
  }

  async finishRun(id: number, finish: RunFinish, effects?: Effects): Promise<void> {
    await this.tx(async (c) => {
      await c.query('UPDATE monitor_runs SET finished_at = $1, stats = $2, changes_from = $3 WHERE id = $4', [
        finish.finishedAt,
        JSON.stringify(finish.stats),
        JSON.stringify(finish.changesFrom),
        id,
      ]);
      for (const b of finish.baselines) {
        await c.query(
          'INSERT INTO monitor_baselines (source, version_id, run_id, at) VALUES ($1, $2, $3, $4) ON CONFLICT (source) DO UPDATE SET version_id = excluded.version_id, run_id = excluded.run_id, at = excluded.at',
          [b.source, b.versionId, id, finish.finishedAt],
        );
      }
      const records = await this.applyEffects(c, effects);
      if (records.length) await c.query('UPDATE monitor_runs SET audit_seq = $1 WHERE id = $2', [records[records.length - 1].seq, id]);
    });
  }

  async run(id: number): Promise<MonitorRun | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM monitor_runs WHERE id = $1', [id]);
    return rows[0] ? runFromRow(rows[0]) : undefined;
  }

  async runs(opts: { limit?: number; since?: string } = {}): Promise<MonitorRun[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM monitor_runs WHERE started_at >= $1 ORDER BY id DESC LIMIT $2', [opts.since ?? '', opts.limit ?? 1_000_000]);
    return rows.map(runFromRow).reverse();
  }

  // ------------------------------------------------------------------ alerts

  async alert(id: number): Promise<Alert | undefined> {
    const { rows } = await this.pool.query<AlertRow>('SELECT * FROM alerts WHERE id = $1', [id]);
    return rows[0] ? alertFromRow(rows[0]) : undefined;
  }

  async alertByPair(customerId: string, entityId: string): Promise<Alert | undefined> {
    const { rows } = await this.pool.query<AlertRow>('SELECT * FROM alerts WHERE customer_id = $1 AND entity_id = $2', [customerId, entityId]);
    return rows[0] ? alertFromRow(rows[0]) : undefined;
  }

  async alertsForEntities(entityIds: string[]): Promise<Alert[]> {
    if (!entityIds.length) return [];
    const { rows } = await this.pool.query<AlertRow>('SELECT * FROM alerts WHERE entity_id = ANY($1::text[]) ORDER BY id', [entityIds]);
    return rows.map(alertFromRow);
  }

  async alertsForCustomers(customerIds: string[]): Promise<Alert[]> {
    if (!customerIds.length) return [];
    const { rows } = await this.pool.query<AlertRow>('SELECT * FROM alerts WHERE customer_id = ANY($1::text[]) ORDER BY id', [customerIds]);
    return rows.map(alertFromRow);
  }

  async listAlerts(filter: AlertFilter): Promise<Alert[]> {
    const { where, args } = alertWhere(filter);
    args.push(filter.limit ?? 100, filter.offset ?? 0);
    const { rows } = await this.pool.query<AlertRow>(`SELECT * FROM alerts ${where} ORDER BY id LIMIT $${args.length - 1} OFFSET $${args.length}`, args);
    return rows.map(alertFromRow);
  }

  async countAlerts(filter: Omit<AlertFilter, 'limit' | 'offset'> = {}): Promise<Record<AlertState, number>> {
    const { where, args } = alertWhere(filter);
    const { rows } = await this.pool.query<{ state: AlertState; n: string }>(`SELECT state, COUNT(*) AS n FROM alerts ${where} GROUP BY state`, args);
    const counts = Object.fromEntries(ALERT_STATES.map((s) => [s, 0])) as Record<AlertState, number>;
    for (const r of rows) counts[r.state] = Number(r.n);
    return counts;
  }

  async alertHistory(id: number): Promise<AlertEvent[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM alert_events WHERE alert_id = $1 ORDER BY seq', [id]);
    return rows.map(eventFromRow);
  }

  async applyAlertChanges(changes: AlertChange[], effects?: EffectsInput): Promise<Alert[]> {
    return this.tx(async (c) => {
      const applied: Alert[] = [];
      for (const change of changes) {
        let id: number;
        if (change.kind === 'create') {
          const a = change.alert;
          const { rows } = await c.query<{ id: number }>(
            'INSERT INTO alerts (customer_id, entity_id, state, assignee, score, created_at, updated_at, data) VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id',
            [a.customerId, a.entityId, a.state, a.assignee ?? null, a.score, change.event.at, JSON.stringify(alertRowData(a))],
          );
          id = Number(rows[0].id);
        } else {
          const { rows } = await c.query<AlertRow>('SELECT * FROM alerts WHERE id = $1 FOR UPDATE', [change.id]);
          if (!rows[0]) throw new Error(`no alert ${change.id}`);
          const current = alertFromRow(rows[0]);
          if (change.expectedUpdatedAt && change.expectedUpdatedAt !== current.updatedAt) throw new ConcurrentChangeError(change.id);
          const next = { ...current, ...change.patch };
          await c.query('UPDATE alerts SET state = $1, assignee = $2, score = $3, updated_at = $4, data = $5 WHERE id = $6', [
            next.state,
            next.assignee ?? null,
            next.score,
            change.event.at,
            JSON.stringify(alertRowData(next)),
            change.id,
          ]);
          id = change.id;
        }
        const e = change.event;
        await c.query(
          `INSERT INTO alert_events (alert_id, seq, at, actor, action, from_state, to_state, detail)
           VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM alert_events WHERE alert_id = $1), $2, $3, $4, $5, $6, $7)`,
          [id, e.at, e.actor, e.action, e.fromState ?? null, e.toState ?? null, JSON.stringify(e.detail ?? {})],
        );
        const { rows } = await c.query<AlertRow>('SELECT * FROM alerts WHERE id = $1', [id]);
        applied.push(alertFromRow(rows[0]));
      }
      await this.applyEffects(c, typeof effects === 'function' ? effects(applied) : effects);
      return applied;
    });
  }

  // ------------------------------------------------------------------ audit

  async appendAudit(entries: AuditEntry[]): Promise<AuditRecord[]> {
    return this.tx((c) => this.appendAuditIn(c, entries));
  }

  private async appendAuditIn(c: pg.PoolClient, entries: AuditEntry[]): Promise<AuditRecord[]> {
    if (!entries.length) return [];
    // One appender at a time per schema: the head read and the append must not interleave.
    await c.query(`SELECT pg_advisory_xact_lock(hashtext(COALESCE(current_schema(), '') || ':clearance:audit'))`);
    const head = await this.headIn(c);
    const records = seal(head, entries);
    await c.query(
      `INSERT INTO audit_log (seq, at, actor, action, subject, payload, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
      [
        records.map((r) => r.seq),
        records.map((r) => r.at),
        records.map((r) => r.actor),
        records.map((r) => r.action),
        records.map((r) => r.subject),
        records.map((r) => JSON.stringify(r.payload)),
        records.map((r) => r.prevHash),
        records.map((r) => r.hash),
      ],
    );
    return records;
  }

  private async headIn(db: Db): Promise<ChainHead | undefined> {
    const { rows } = await db.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined;
  }

  async *auditRecords(range: AuditRange = {}): AsyncIterable<AuditRecord> {
    const b = auditRangeBounds(range);
    let after = b.fromSeq - 1;
    for (;;) {
      const { rows } = await this.pool.query<Row>('SELECT * FROM audit_log WHERE seq > $1 AND seq <= $2 AND at >= $3 AND at <= $4 ORDER BY seq LIMIT $5', [
        after,
        Math.min(b.toSeq, Number.MAX_SAFE_INTEGER),
        b.from,
        b.to,
        PAGE,
      ]);
      for (const r of rows) yield auditFromRow(r);
      if (rows.length < PAGE) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }

  async auditHead(): Promise<ChainHead | undefined> {
    return this.headIn(this.pool);
  }

  async auditBySubject(subjects: string[]): Promise<AuditRecord[]> {
    if (!subjects.length) return [];
    const { rows } = await this.pool.query<Row>('SELECT * FROM audit_log WHERE subject = ANY($1::text[]) ORDER BY seq', [subjects]);
    return rows.map(auditFromRow);
  }

  async addCheckpoint(head: ChainHead, at: string): Promise<void> {
    await this.pool.query('INSERT INTO audit_checkpoints (seq, hash, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [head.seq, head.hash, at]);
  }

  async checkpoints(): Promise<Array<ChainHead & { at: string }>> {
    const { rows } = await this.pool.query<{ seq: string; hash: string; at: string }>('SELECT seq, hash, at FROM audit_checkpoints ORDER BY seq');
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, at: r.at }));
  }

  // ------------------------------------------------------------------ webhooks

  async addSubscription(sub: Subscription): Promise<void> {
    await this.pool.query('INSERT INTO webhook_subscriptions (id, url, events, secret, created_at, description) VALUES ($1, $2, $3, $4, $5, $6)', [
      sub.id,
      sub.url,
      JSON.stringify(sub.events),
      sub.secret,
      sub.createdAt,
      sub.description ?? null,
    ]);
  }

  async subscriptions(): Promise<Subscription[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM webhook_subscriptions ORDER BY created_at, id');
    return rows.map(subscriptionFromRow);
  }

  async removeSubscription(id: string): Promise<boolean> {
    return this.tx(async (c) => {
      const gone = ((await c.query('DELETE FROM webhook_subscriptions WHERE id = $1', [id])).rowCount ?? 0) > 0;
      if (gone) await c.query("UPDATE webhook_deliveries SET status = 'failed', last_error = 'subscription removed' WHERE subscription_id = $1 AND status = 'pending'", [id]);
      return gone;
    });
  }

  async claimDueDeliveries(now: string, limit: number, leaseMs: number): Promise<Delivery[]> {
    const lease = new Date(Date.parse(now) + leaseMs).toISOString();
    return this.tx(async (c) => {
      const { rows } = await c.query<Row>(
        `SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1
         ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, limit],
      );
      if (rows.length) await c.query('UPDATE webhook_deliveries SET next_attempt_at = $1 WHERE id = ANY($2::int[])', [lease, rows.map((r) => r.id)]);
      return rows.map(deliveryFromRow);
    });
  }

  async recordAttempt(a: DeliveryAttempt, outcome: DeliveryOutcome): Promise<void> {
    await this.tx(async (c) => {
      await c.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, at, status, error, ms) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (delivery_id, attempt) DO UPDATE SET at = excluded.at, status = excluded.status, error = excluded.error, ms = excluded.ms`,
        [a.deliveryId, a.attempt, a.at, a.status ?? null, a.error ?? null, Math.round(a.ms)],
      );
      await c.query(
        `UPDATE webhook_deliveries SET attempts = $1, last_status = $2, last_error = $3, status = $4,
           next_attempt_at = COALESCE($5, next_attempt_at), delivered_at = $6 WHERE id = $7`,
        [
          a.attempt,
          a.status ?? null,
          a.error ?? null,
          outcome.status,
          outcome.status === 'pending' ? outcome.nextAttemptAt : null,
          outcome.status === 'delivered' ? outcome.at : null,
          a.deliveryId,
        ],
      );
    });
  }

  async deliveries(filter: { subscriptionId?: string; status?: DeliveryStatus; limit?: number }): Promise<Delivery[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.subscriptionId) (args.push(filter.subscriptionId), where.push(`subscription_id = $${args.length}`));
    if (filter.status) (args.push(filter.status), where.push(`status = $${args.length}`));
    args.push(filter.limit ?? 100);
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM webhook_deliveries ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT $${args.length}`,
      args,
    );
    return rows.map(deliveryFromRow);
  }

  async deliveryAttempts(deliveryId: number): Promise<DeliveryAttempt[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt', [deliveryId]);
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
    return this.tx((c) => this.enqueueIn(c, events));
  }

  private async enqueueIn(c: pg.PoolClient, events: OutgoingEvent[]): Promise<number> {
    if (!events.length) return 0;
    const subs = (await c.query<Row>('SELECT * FROM webhook_subscriptions')).rows.map(subscriptionFromRow);
    let n = 0;
    for (const e of events) {
      const body = deliveryBody(e);
      for (const s of subs) {
        if (!s.events.includes(e.type)) continue;
        const r = await c.query(
          `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, body, status, attempts, next_attempt_at, created_at)
           VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5) ON CONFLICT (subscription_id, event_id) DO NOTHING`,
          [s.id, e.id, e.type, body, e.createdAt],
        );
        n += r.rowCount ?? 0;
      }
    }
    return n;
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  // ------------------------------------------------------------------ helpers

  private async applyEffects(c: pg.PoolClient, effects?: Effects): Promise<AuditRecord[]> {
    if (!effects) return [];
    const records = effects.audit?.length ? await this.appendAuditIn(c, effects.audit) : [];
    if (effects.events?.length) await this.enqueueIn(c, effects.events);
    return records;
  }

  private tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, fn);
  }
}

function alertWhere(filter: Omit<AlertFilter, 'limit' | 'offset'>): { where: string; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.state?.length) (args.push(filter.state), where.push(`state = ANY($${args.length}::text[])`));
  if (filter.customerId) (args.push(filter.customerId), where.push(`customer_id = $${args.length}`));
  if (filter.entityId) (args.push(filter.entityId), where.push(`entity_id = $${args.length}`));
  if (filter.assignee) (args.push(filter.assignee), where.push(`assignee = $${args.length}`));
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}
