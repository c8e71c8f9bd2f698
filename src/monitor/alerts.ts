import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../audit/chain.js';
import type { Entity } from '../model/entity.js';
import type { MatchQuery, MatchResult } from '../match/index.js';
import { ConcurrentChangeError } from '../store/monitor_rows.js';
import {
  ALERT_STATES,
  type Alert,
  type AlertChange,
  type AlertEventInput,
  type AlertState,
  type Customer,
  type Decision,
  type DecisionBasis,
  type Effects,
  type MonitorStore,
  type NewAlert,
  type OutgoingEvent,
} from '../store/monitor_types.js';
import { customerName } from './customers.js';
import { customerChanges, customerSnapshot, entityChangesThatMatter, entitySnapshot, fingerprint } from './fingerprint.js';

export { ConcurrentChangeError };

/**
 * Alerts and cases. One alert per customer-entity pair: raised when the pair first scores
 * above the threshold, then worked through states by analysts. A decision (true match, false
 * positive) or a closure records both sides of the pair as they stood; a later re-screening
 * of the same pair reopens the alert only when a side changed in a way that matters (a new
 * alias or birth date of the entity, any change of the customer's matching fields), and the
 * reopened alert says what changed.
 */

/**
 * States an alert may move to from each state. Decided and closed alerts reopen by moving to
 * open; a decision may be revised by another decision (with its own reason, on the record).
 */
const TRANSITIONS: Record<AlertState, AlertState[]> = {
  open: ['in_review', 'escalated', 'true_match', 'false_positive', 'closed'],
  in_review: ['open', 'escalated', 'true_match', 'false_positive', 'closed'],
  escalated: ['in_review', 'true_match', 'false_positive', 'closed'],
  true_match: ['false_positive', 'escalated', 'closed', 'open'],
  false_positive: ['true_match', 'open', 'escalated'],
  closed: ['open'],
};

/** States in which nobody needs to look at the alert again until something changes. */
const SETTLED: AlertState[] = ['false_positive', 'closed'];
const ACTIVE: AlertState[] = ['open', 'in_review', 'escalated'];

export function isAlertState(s: string): s is AlertState {
  return (ALERT_STATES as readonly string[]).includes(s);
}

/** A refused alert action; `statusCode` is the HTTP status the API answers with. */
export class AlertError extends Error {
  override name = 'AlertError';
  constructor(message: string, readonly statusCode = 400) {
    super(message);
  }
}

/** The pair as a re-screening saw it just now. */
export interface PairEvaluation {
  customer: Customer;
  match: MatchQuery;
  entity: Entity;
  result: MatchResult;
  versionId: number;
  /** What the list changed in the entity in this run, in words (any field, not only those matching reads). */
  entityChanges?: string[];
}

export interface EvaluationContext {
  actor: string;
  at: string;
  runId: number;
}

/** What evaluating a pair against its existing alert led to. */
export type PairOutcome = 'created' | 'reopened' | 'updated' | 'suppressed' | 'unchanged';

/**
 * The alert change a fresh match of a pair calls for, given the alert the pair already has
 * (if any). Pure: the caller applies the change in a batch.
 */
export function evaluatePair(existing: Alert | undefined, pair: PairEvaluation, ctx: EvaluationContext): { outcome: PairOutcome; change?: AlertChange } {
  const facts = pairFacts(pair);
  if (!existing) {
    const alert: NewAlert = { ...facts, state: 'open' };
    return { outcome: 'created', change: { kind: 'create', alert, event: event(ctx, 'created', { toState: 'open', detail: { run: ctx.runId, score: facts.score } }) } };
  }
  const relisted = existing.delistedOn !== undefined;
  if (SETTLED.includes(existing.state)) {
    const changes = changesSinceBasis(existing, facts);
    const reopenAfterDelisting = existing.state === 'closed' && relisted && existing.reason?.startsWith('delisted');
    if (!changes.length && !reopenAfterDelisting) return { outcome: 'suppressed' };
    const why = reopenAfterDelisting ? [`entity listed again after being delisted on ${existing.delistedOn}`, ...changes] : changes;
    return {
      outcome: 'reopened',
      change: {
        kind: 'update',
        id: existing.id,
        patch: { ...facts, state: 'open', changes: why, delistedOn: undefined, decision: undefined, reason: undefined, decidedBy: undefined, decidedAt: undefined, basis: undefined },
        event: event(ctx, 'reopened', { fromState: existing.state, toState: 'open', detail: { run: ctx.runId, changes: why, score: facts.score } }),
      },
    };
  }
  const sameFacts = existing.entityFingerprint === facts.entityFingerprint && existing.customerHash === facts.customerHash;
  // An open or confirmed case hears about every change of its entity (a new program, a new
  // measure), not only those that move the match: they change what the firm must do.
  if (sameFacts && !relisted && !pair.entityChanges?.length) return { outcome: 'unchanged' };
  const why = [
    ...(relisted ? [`entity listed again after being delisted on ${existing.delistedOn}`] : []),
    ...entityChangesThatMatter(existing.entity, facts.entity),
    ...customerChanges(existing.customer, facts.customer),
    ...(sameFacts ? (pair.entityChanges ?? []) : []),
  ];
  return {
    outcome: 'updated',
    change: {
      kind: 'update',
      id: existing.id,
      patch: { ...facts, changes: why.length ? why : ['entity record changed (no change to the facts matching reads)'], delistedOn: undefined },
      event: event(ctx, 'rescored', { detail: { run: ctx.runId, from_score: existing.score, score: facts.score, changes: why } }),
    },
  };
}

/**
 * A change of an entity or customer after which an active alert's pair no longer scores above
 * the threshold: the alert stays for the analyst, with the new score and the reason in its history.
 */
export function noLongerMatching(existing: Alert, pair: PairEvaluation, ctx: EvaluationContext): AlertChange | undefined {
  if (!ACTIVE.includes(existing.state)) return undefined;
  const facts = pairFacts(pair);
  if (existing.entityFingerprint === facts.entityFingerprint && existing.customerHash === facts.customerHash) return undefined;
  const why = [...entityChangesThatMatter(existing.entity, facts.entity), ...customerChanges(existing.customer, facts.customer), `score now ${facts.score.toFixed(3)}, below the threshold`];
  return {
    kind: 'update',
    id: existing.id,
    patch: { ...facts, changes: why },
    event: event(ctx, 'rescored', { detail: { run: ctx.runId, from_score: existing.score, score: facts.score, changes: why, below_threshold: true } }),
  };
}

/** The entity left its list: active alerts close, decided ones keep their decision and are flagged. */
export function delist(existing: Alert, date: string, ctx: EvaluationContext): AlertChange | undefined {
  if (existing.delistedOn) return undefined;
  const reason = `delisted on ${date}`;
  if (ACTIVE.includes(existing.state)) {
    return {
      kind: 'update',
      id: existing.id,
      patch: { state: 'closed', delistedOn: date, reason, basis: basisOf(existing), changes: [reason] },
      event: event(ctx, 'delisted', { fromState: existing.state, toState: 'closed', detail: { run: ctx.runId, delisted_on: date } }),
    };
  }
  return {
    kind: 'update',
    id: existing.id,
    patch: { delistedOn: date, changes: [reason] },
    event: event(ctx, 'delisted', { detail: { run: ctx.runId, delisted_on: date, state_kept: existing.state } }),
  };
}

function pairFacts(pair: PairEvaluation): Omit<NewAlert, 'state'> {
  const entity = entitySnapshot(pair.entity);
  const customer = customerSnapshot(pair.match);
  return {
    customerId: pair.customer.id,
    customerName: customerName(pair.customer.query),
    entityId: pair.entity.id,
    entityCaption: pair.entity.caption,
    entitySchema: pair.entity.schema,
    source: pair.entity.source,
    versionId: pair.versionId,
    score: Math.round(pair.result.score * 1000) / 1000,
    explanation: pair.result.explanation,
    programs: [...new Set(pair.entity.listings.flatMap((l) => l.programs))],
    entity,
    customer,
    entityFingerprint: fingerprint(entity),
    customerHash: pair.customer.matchHash,
  };
}

function basisOf(a: Pick<Alert, 'entity' | 'customer' | 'entityFingerprint' | 'customerHash'>): DecisionBasis {
  return { entityFingerprint: a.entityFingerprint, customerHash: a.customerHash, entity: a.entity, customer: a.customer };
}

/** What changed that matters since the decision (or closure) the alert rests on. */
function changesSinceBasis(existing: Alert, now: Omit<NewAlert, 'state'>): string[] {
  const basis = existing.basis ?? basisOf(existing);
  const out: string[] = [];
  if (basis.entityFingerprint !== now.entityFingerprint) out.push(...entityChangesThatMatter(basis.entity, now.entity));
  if (basis.customerHash !== now.customerHash) {
    const c = customerChanges(basis.customer, now.customer);
    out.push(...(c.length ? c : ['customer matching fields changed']));
  }
  return out;
}

function event(ctx: EvaluationContext, action: string, rest: Omit<AlertEventInput, 'at' | 'actor' | 'action'>): AlertEventInput {
  return { at: ctx.at, actor: ctx.actor, action, ...rest };
}

// ---------------------------------------------------------------------- audit and events

/** The public shape of an alert (API, webhooks, CLI JSON). */
export function alertView(a: Alert) {
  return {
    id: a.id,
    state: a.state,
    customer_id: a.customerId,
    customer_name: a.customerName,
    entity_id: a.entityId,
    entity_caption: a.entityCaption,
    entity_schema: a.entitySchema,
    source: a.source,
    list_version: a.versionId,
    programs: a.programs,
    score: a.score,
    explanation: a.explanation,
    assignee: a.assignee ?? null,
    decision: a.decision ?? null,
    reason: a.reason ?? null,
    decided_by: a.decidedBy ?? null,
    decided_at: a.decidedAt ?? null,
    delisted_on: a.delistedOn ?? null,
    changes: a.changes ?? [],
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

export type AlertView = ReturnType<typeof alertView>;

/** The audit records and webhook events for alert changes once applied (ids known). */
export function alertEffects(changes: AlertChange[], applied: Alert[]): Effects {
  const audit: AuditEntry[] = [];
  const events: OutgoingEvent[] = [];
  changes.forEach((change, i) => {
    const a = applied[i];
    const e = change.event;
    const created = change.kind === 'create';
    audit.push({
      actor: e.actor,
      action: created ? 'alert.created' : `alert.${e.action}`,
      subject: `alert:${a.id}`,
      at: e.at,
      payload: {
        alert: a.id,
        customer: a.customerId,
        entity: a.entityId,
        source: a.source,
        list_version: a.versionId,
        score: a.score,
        from_state: e.fromState ?? null,
        state: a.state,
        ...(e.detail ?? {}),
        ...(a.decision && e.action === 'decided' ? { decision: a.decision, reason: a.reason } : {}),
      },
    });
    events.push({
      id: randomUUID(),
      type: created ? 'alert.created' : 'alert.updated',
      createdAt: e.at,
      data: { alert: alertView(a), change: { action: e.action, actor: e.actor, from_state: e.fromState ?? null, to_state: e.toState ?? null, ...(e.detail ?? {}) } },
    });
  });
  return { audit, events };
}

/** Applies changes in batches, each batch with its audit records and events, atomically. */
export async function applyChanges(monitor: MonitorStore, changes: AlertChange[], batch = 1000): Promise<Alert[]> {
  const out: Alert[] = [];
  for (let i = 0; i < changes.length; i += batch) {
    const part = changes.slice(i, i + batch);
    out.push(...(await monitor.applyAlertChanges(part, (applied) => alertEffects(part, applied))));
  }
  return out;
}

// ---------------------------------------------------------------------- analyst actions

export interface AlertUpdate {
  state?: AlertState;
  assignee?: string | null;
  note?: string;
  /** Optimistic lock: the alert's updated_at as the analyst last saw it. */
  expectedUpdatedAt?: string;
}

/** Moves an alert (state, assignee, note) as an analyst asks; refuses moves the case flow does not allow. */
export async function updateAlert(monitor: MonitorStore, id: number, update: AlertUpdate, actor: string): Promise<Alert> {
  const alert = await mustGet(monitor, id);
  if (update.state === 'true_match' || update.state === 'false_positive') {
    throw new AlertError(`use decide to mark alert ${id} as ${update.state}: a decision needs a reason`);
  }
  if (update.state && update.state !== alert.state && !TRANSITIONS[alert.state].includes(update.state)) {
    throw new AlertError(`alert ${id} is ${alert.state}; it can move to ${TRANSITIONS[alert.state].join(', ')}, not ${update.state}`, 409);
  }
  const at = new Date().toISOString();
  const patch: Partial<NewAlert> = {};
  const detail: Record<string, unknown> = {};
  if (update.state && update.state !== alert.state) {
    patch.state = update.state;
    if (SETTLED.includes(update.state)) patch.basis = basisOf(alert);
    if (update.state === 'open') (patch.decision = undefined), (patch.reason = undefined);
  }
  if (update.assignee !== undefined && (update.assignee ?? undefined) !== alert.assignee) {
    patch.assignee = update.assignee ?? undefined;
    detail.assignee = update.assignee;
  }
  if (update.note) detail.note = update.note;
  if (!Object.keys(patch).length && !update.note) return alert;
  const action = patch.state ? 'state' : patch.assignee !== undefined || 'assignee' in detail ? 'assigned' : 'note';
  const change: AlertChange = {
    kind: 'update',
    id,
    patch,
    event: { at, actor, action, ...(patch.state ? { fromState: alert.state, toState: patch.state } : {}), detail },
    ...(update.expectedUpdatedAt ? { expectedUpdatedAt: update.expectedUpdatedAt } : {}),
  };
  return (await applyChanges(monitor, [change]))[0];
}

/**
 * Records a decision. A false positive suppresses the pair until a side changes in a way that
 * matters; the sides as they stand now are what later changes are compared with.
 */
export async function decideAlert(
  monitor: MonitorStore,
  id: number,
  d: { decision: Decision; reason: string; note?: string; expectedUpdatedAt?: string },
  actor: string,
): Promise<Alert> {
  const alert = await mustGet(monitor, id);
  if (!d.reason.trim()) throw new AlertError('a decision needs a reason');
  if (alert.state !== d.decision && !TRANSITIONS[alert.state].includes(d.decision)) {
    throw new AlertError(`alert ${id} is ${alert.state}; it can move to ${TRANSITIONS[alert.state].join(', ')}, not ${d.decision}`, 409);
  }
  const at = new Date().toISOString();
  const change: AlertChange = {
    kind: 'update',
    id,
    patch: { state: d.decision, decision: d.decision, reason: d.reason.trim(), decidedBy: actor, decidedAt: at, basis: basisOf(alert), changes: [] },
    event: { at, actor, action: 'decided', fromState: alert.state, toState: d.decision, detail: { decision: d.decision, reason: d.reason.trim(), ...(d.note ? { note: d.note } : {}) } },
    ...(d.expectedUpdatedAt ? { expectedUpdatedAt: d.expectedUpdatedAt } : {}),
  };
  return (await applyChanges(monitor, [change]))[0];
}

async function mustGet(monitor: MonitorStore, id: number): Promise<Alert> {
  const alert = await monitor.alert(id);
  if (!alert) throw new AlertError(`no alert ${id}`, 404);
  return alert;
}

/** Deletes a customer; its active alerts close ("customer deleted"), decided ones stay as they are. */
export async function deleteCustomer(monitor: MonitorStore, id: string, actor: string): Promise<boolean> {
  const customer = await monitor.customer(id);
  if (!customer) return false;
  const at = new Date().toISOString();
  const changes: AlertChange[] = (await monitor.alertsForCustomers([id]))
    .filter((a) => ACTIVE.includes(a.state))
    .map((a) => ({
      kind: 'update',
      id: a.id,
      patch: { state: 'closed', reason: 'customer deleted', basis: basisOf(a) },
      event: { at, actor, action: 'customer_deleted', fromState: a.state, toState: 'closed' },
    }));
  await applyChanges(monitor, changes);
  return monitor.deleteCustomer(id, at, { audit: [{ actor, action: 'customer.delete', subject: `customer:${id}`, at, payload: { customer: id, name: customerName(customer.query), closed_alerts: changes.map((c) => (c as { id: number }).id) } }] });
}
