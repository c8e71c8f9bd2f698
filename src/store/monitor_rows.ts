import type { AuditRecord } from '../audit/chain.js';
import type { Alert, AlertEvent, AlertState, AuditRange, Customer, CustomerCheck, Delivery, DeliveryStatus, MonitorRun, NewAlert, OutgoingEvent, Subscription } from './monitor_types.js';

/** Row shapes shared by the SQLite and PostgreSQL monitoring stores: both keep the same columns. */

export type Row = Record<string, unknown>;

export interface AlertRow {
  id: number;
  customer_id: string;
  entity_id: string;
  state: AlertState;
  assignee: string | null;
  score: number;
  created_at: string;
  updated_at: string;
  data: string;
}

/** Alert fields kept in the JSON column (the others have columns of their own, for filtering). */
export function alertRowData(a: NewAlert): Omit<NewAlert, 'customerId' | 'entityId' | 'state' | 'assignee' | 'score'> {
  const { customerId: _c, entityId: _e, state: _s, assignee: _a, score: _sc, ...rest } = a as NewAlert & Partial<Alert>;
  const data = { ...rest } as Record<string, unknown>;
  delete data.id;
  delete data.createdAt;
  delete data.updatedAt;
  return data as Omit<NewAlert, 'customerId' | 'entityId' | 'state' | 'assignee' | 'score'>;
}

export function alertFromRow(r: AlertRow): Alert {
  const data = JSON.parse(r.data) as Omit<Alert, 'id' | 'customerId' | 'entityId' | 'state' | 'assignee' | 'score' | 'createdAt' | 'updatedAt'>;
  const alert: Alert = {
    id: Number(r.id),
    customerId: r.customer_id,
    entityId: r.entity_id,
    state: r.state,
    score: Number(r.score),
    ...data,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.assignee) alert.assignee = r.assignee;
  return alert;
}

export class ConcurrentChangeError extends Error {
  override name = 'ConcurrentChangeError';
  readonly statusCode = 409;
  constructor(readonly alertId: number) {
    super(`alert ${alertId} was changed by someone else meanwhile; reload it and try again`);
  }
}

export class RunInProgressError extends Error {
  override name = 'RunInProgressError';
  readonly statusCode = 409;
  constructor(readonly runId: number, startedAt: string) {
    super(`monitoring run #${runId} (started ${startedAt}) is still in progress; try again when it has finished`);
  }
}

/** A run unfinished for this long is taken to have died (its process crashed). */
export const RUN_STALE_MS = 6 * 3_600_000;

/** The JSON body of a webhook delivery: the same bytes on every attempt, so one signature scheme fits all. */
export function deliveryBody(e: OutgoingEvent): string {
  return JSON.stringify({ id: e.id, type: e.type, created_at: e.createdAt, data: e.data });
}

/** A range as comparable bounds: a bare date `to` covers that whole day. */
export function auditRangeBounds(range: AuditRange): { fromSeq: number; toSeq: number; from: string; to: string } {
  return {
    fromSeq: range.fromSeq ?? 1,
    toSeq: range.toSeq ?? Number.MAX_SAFE_INTEGER,
    from: range.from ?? '',
    to: range.to ? (/^\d{4}-\d{2}-\d{2}$/.test(range.to) ? `${range.to}T\uffff` : range.to) : '\uffff',
  };
}

export function customerFromRow(r: Row): Customer {
  const c: Customer = {
    id: String(r.id),
    ...(JSON.parse(String(r.data)) as { query: Customer['query']; match: Customer['match'] }),
    matchHash: String(r.match_hash),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
  if (r.screened_hash) c.screenedHash = String(r.screened_hash);
  if (r.screened_at) c.screenedAt = String(r.screened_at);
  return c;
}

export function runFromRow(r: Row): MonitorRun {
  const run: MonitorRun = {
    id: Number(r.id),
    kind: r.kind as MonitorRun['kind'],
    trigger: String(r.trigger),
    actor: String(r.actor),
    startedAt: String(r.started_at),
    versions: JSON.parse(String(r.versions)),
  };
  if (r.finished_at) run.finishedAt = String(r.finished_at);
  if (r.stats) run.stats = JSON.parse(String(r.stats));
  if (r.changes_from) run.changesFrom = JSON.parse(String(r.changes_from));
  if (r.audit_seq !== null && r.audit_seq !== undefined) run.auditSeq = Number(r.audit_seq);
  return run;
}

export function eventFromRow(r: Row): AlertEvent {
  const e: AlertEvent = {
    alertId: Number(r.alert_id),
    seq: Number(r.seq),
    at: String(r.at),
    actor: String(r.actor),
    action: String(r.action),
    detail: JSON.parse(String(r.detail)),
  };
  if (r.from_state) e.fromState = r.from_state as AlertState;
  if (r.to_state) e.toState = r.to_state as AlertState;
  return e;
}

export function auditFromRow(r: Row): AuditRecord {
  return {
    seq: Number(r.seq),
    at: String(r.at),
    actor: String(r.actor),
    action: String(r.action),
    subject: String(r.subject),
    payload: JSON.parse(String(r.payload)),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}

export function subscriptionFromRow(r: Row): Subscription {
  const s: Subscription = { id: String(r.id), url: String(r.url), events: JSON.parse(String(r.events)), secret: String(r.secret), createdAt: String(r.created_at) };
  if (r.description) s.description = String(r.description);
  return s;
}

export function deliveryFromRow(r: Row): Delivery {
  const d: Delivery = {
    id: Number(r.id),
    subscriptionId: String(r.subscription_id),
    eventId: String(r.event_id),
    eventType: r.event_type as Delivery['eventType'],
    body: String(r.body),
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: String(r.next_attempt_at),
    createdAt: String(r.created_at),
  };
  if (r.delivered_at) d.deliveredAt = String(r.delivered_at);
  if (r.last_error !== null && r.last_error !== undefined) d.lastError = String(r.last_error);
  if (r.last_status !== null && r.last_status !== undefined) d.lastStatus = Number(r.last_status);
  return d;
}


export function checkFromRow(r: Row): CustomerCheck & { runId: number } {
  return {
    customerId: String(r.customer_id),
    runId: Number(r.run_id),
    matchHash: String(r.match_hash),
    at: String(r.at),
    hits: JSON.parse(String(r.hits)),
    ...(r.audit_seq !== null && r.audit_seq !== undefined ? { auditSeq: Number(r.audit_seq) } : {}),
  };
}
