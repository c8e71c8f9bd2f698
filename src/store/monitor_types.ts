import type { MatchExplanation, MatchQuery } from '../match/index.js';
import type { SourceId } from '../model/sources.js';
import type { ScreenQuery } from '../screen/input.js';
import type { AuditEntry, AuditRecord, ChainHead } from '../audit/chain.js';

/**
 * Persistence for continuous monitoring: the customer registry, monitoring runs, alerts with
 * their history, the hash-chained audit log and webhook subscriptions and deliveries. Kept
 * apart from the list `Store` so that either can change without the other; both live in the
 * same database (the SQLite file or the PostgreSQL database).
 *
 * Every write that changes alerts can carry audit entries and webhook events; the store
 * commits them in the same transaction (an outbox), so an alert never changes without its
 * audit record, and an event is never lost between the change and its delivery.
 */
export interface MonitorStore {
  // ------------------------------------------------------------------ customers
  /** Creates or replaces customers by their own id; unchanged content is left untouched. */
  upsertCustomers(customers: CustomerInput[], at: string, effects?: Effects): Promise<UpsertCounts>;
  customer(id: string): Promise<Customer | undefined>;
  /** Customers in id order, for listing (`after` is the last id of the previous page). */
  listCustomers(opts: { after?: string; limit: number; search?: string }): Promise<Customer[]>;
  countCustomers(): Promise<number>;
  /** Every customer, streamed in id order. */
  customers(): AsyncIterable<Customer>;
  /** Customers never screened against all lists, or changed since they last were. */
  pendingCustomers(): AsyncIterable<Customer>;
  countPendingCustomers(): Promise<number>;
  deleteCustomer(id: string, at: string, effects?: Effects): Promise<boolean>;
  /** Records that these customers were screened in full in run `runId` with these results. */
  recordChecks(runId: number, checks: CustomerCheck[]): Promise<void>;
  checksOf(customerId: string): Promise<Array<CustomerCheck & { runId: number }>>;

  // ------------------------------------------------------------------ monitoring runs
  /** The list version each source was last monitored at. */
  baselines(): Promise<Map<SourceId, number>>;
  /**
   * Starts a run, unless another one started less than `staleAfterMs` ago is still unfinished
   * (then RunInProgressError): two runs at once would screen the same customers twice.
   */
  startRun(run: NewMonitorRun, staleAfterMs?: number): Promise<number>;
  /** Closes a run, moves the baselines to the versions it covered, with its audit record. */
  finishRun(id: number, finish: RunFinish, effects?: Effects): Promise<void>;
  run(id: number): Promise<MonitorRun | undefined>;
  runs(opts?: { limit?: number; since?: string }): Promise<MonitorRun[]>;

  // ------------------------------------------------------------------ alerts
  alert(id: number): Promise<Alert | undefined>;
  alertByPair(customerId: string, entityId: string): Promise<Alert | undefined>;
  alertsForEntities(entityIds: string[]): Promise<Alert[]>;
  alertsForCustomers(customerIds: string[]): Promise<Alert[]>;
  listAlerts(filter: AlertFilter): Promise<Alert[]>;
  countAlerts(filter?: Omit<AlertFilter, 'limit' | 'offset'>): Promise<Record<AlertState, number>>;
  alertHistory(id: number): Promise<AlertEvent[]>;
  /** Applies alert creations and updates, with their history, audit records and events, in one transaction. */
  applyAlertChanges(changes: AlertChange[], effects?: EffectsInput): Promise<Alert[]>;

  // ------------------------------------------------------------------ audit
  appendAudit(entries: AuditEntry[]): Promise<AuditRecord[]>;
  /** Records in seq order, optionally from/to a time (inclusive, ISO strings) or a seq range. */
  auditRecords(range?: AuditRange): AsyncIterable<AuditRecord>;
  auditHead(): Promise<ChainHead | undefined>;
  /** Records whose subject is one of these (customer ids, `alert:N` ...), in seq order. */
  auditBySubject(subjects: string[]): Promise<AuditRecord[]>;
  /** Checkpoints: the head as it was at some moment, kept in a table of their own. */
  addCheckpoint(head: ChainHead, at: string): Promise<void>;
  checkpoints(): Promise<Array<ChainHead & { at: string }>>;

  // ------------------------------------------------------------------ webhooks
  addSubscription(sub: Subscription): Promise<void>;
  subscriptions(): Promise<Subscription[]>;
  removeSubscription(id: string): Promise<boolean>;
  /** Deliveries whose next attempt is due, claimed for `leaseMs` so another process skips them. */
  claimDueDeliveries(now: string, limit: number, leaseMs: number): Promise<Delivery[]>;
  recordAttempt(attempt: DeliveryAttempt, outcome: DeliveryOutcome): Promise<void>;
  deliveries(filter: { subscriptionId?: string; status?: DeliveryStatus; limit?: number }): Promise<Delivery[]>;
  deliveryAttempts(deliveryId: number): Promise<DeliveryAttempt[]>;
  /** Queues events outside any other change (e.g. list.updated). */
  enqueueEvents(events: OutgoingEvent[]): Promise<number>;

  close(): Promise<void>;
}

/** Side effects committed together with a change. */
export interface Effects {
  audit?: AuditEntry[];
  events?: OutgoingEvent[];
}

/** Effects, or a function making them from the alerts as applied (a new alert's id is known only then). */
export type EffectsInput = Effects | ((applied: Alert[]) => Effects);

// ---------------------------------------------------------------------- customers

export interface CustomerInput {
  id: string;
  /** The customer's fields, as for a screening query (without the id). */
  query: ScreenQuery;
  /** The same, parsed for matching (kept so a run over a million customers parses nothing). */
  match: MatchQuery;
  /** Hash of the fields matching reads; a change of it makes the customer pending. */
  matchHash: string;
}

export interface Customer extends CustomerInput {
  createdAt: string;
  updatedAt: string;
  /** matchHash as it was when the customer was last screened against all lists. */
  screenedHash?: string;
  screenedAt?: string;
}

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** What happened to each customer given, in the order given. */
  outcomes: Array<'created' | 'updated' | 'unchanged'>;
}

export interface CustomerCheck {
  customerId: string;
  matchHash: string;
  at: string;
  /** Entities the customer matched, with scores. */
  hits: Array<{ entityId: string; score: number }>;
  /** The audit record that holds this check. */
  auditSeq?: number;
}

// ---------------------------------------------------------------------- runs

export type RunKind = 'incremental' | 'full';

export interface NewMonitorRun {
  kind: RunKind;
  trigger: string;
  actor: string;
  startedAt: string;
  /** The list versions screened against. */
  versions: Array<{ source: SourceId; versionId: number; publishedAt?: string }>;
}

export interface RunStats {
  /** List entities added, changed and removed since the baselines, and re-screened. */
  entitiesAdded: number;
  entitiesChanged: number;
  entitiesRemoved: number;
  /** Customers checked against the changed entities (every screened customer, in one pass). */
  customersChecked: number;
  /** Of those, customers sharing a name key with a changed entity: indexed and scored properly. */
  customersShortlisted: number;
  /** New or changed customers screened against all lists. */
  customersScreened: number;
  alertsCreated: number;
  alertsReopened: number;
  alertsUpdated: number;
  alertsDelisted: number;
  suppressed: number;
  ms: number;
  /** Per step timings (ms), for the benchmark and the run log. */
  timings: Record<string, number>;
  /** Set when the run failed: its baselines were not moved. */
  error?: string;
}

export interface RunFinish {
  finishedAt: string;
  stats: RunStats;
  /** Baselines to record: the versions covered. */
  baselines: Array<{ source: SourceId; versionId: number }>;
  /** Per source: from which version to which the changes were taken. */
  changesFrom: Array<{ source: SourceId; fromVersion: number | null; toVersion: number }>;
}

export interface MonitorRun extends NewMonitorRun {
  id: number;
  /** The run's audit record. */
  auditSeq?: number;
  finishedAt?: string;
  stats?: RunStats;
  changesFrom?: RunFinish['changesFrom'];
}

// ---------------------------------------------------------------------- alerts

export const ALERT_STATES = ['open', 'in_review', 'escalated', 'true_match', 'false_positive', 'closed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export type Decision = 'true_match' | 'false_positive';

/** The facts of one side of a pair that matching reads, as they were at a moment. */
export interface EntitySnapshot {
  schema: string;
  names: string[];
  birthDates: string[];
  countries: string[];
  identifiers: string[];
}

export interface CustomerSnapshot {
  schema?: string;
  names: string[];
  birthDate?: string;
  countries: string[];
  identifiers: string[];
}

/** The two sides of a pair, fingerprinted, at decision time: what a suppression rests on. */
export interface DecisionBasis {
  entityFingerprint: string;
  customerHash: string;
  entity: EntitySnapshot;
  customer: CustomerSnapshot;
}

export interface Alert {
  id: number;
  customerId: string;
  customerName: string;
  entityId: string;
  entityCaption: string;
  entitySchema: string;
  source: SourceId;
  /** The list version the alert was raised (or last re-evaluated) against. */
  versionId: number;
  score: number;
  explanation: MatchExplanation;
  programs: string[];
  state: AlertState;
  assignee?: string;
  decision?: Decision;
  reason?: string;
  decidedBy?: string;
  decidedAt?: string;
  /** Set when the entity left its list; the date of the version that removed it. */
  delistedOn?: string;
  /** Both sides, as matching saw them at the last evaluation, and their fingerprints. */
  entity: EntitySnapshot;
  customer: CustomerSnapshot;
  entityFingerprint: string;
  customerHash: string;
  /** Both sides as they stood when the alert was decided or closed; a later change is compared with this. */
  basis?: DecisionBasis;
  /** What changed when the alert was last reopened or re-scored, in words. */
  changes?: string[];
  createdAt: string;
  updatedAt: string;
}

export type NewAlert = Omit<Alert, 'id' | 'createdAt' | 'updatedAt'>;

export interface AlertEventInput {
  at: string;
  actor: string;
  action: string;
  fromState?: AlertState;
  toState?: AlertState;
  detail?: Record<string, unknown>;
}

export interface AlertEvent extends AlertEventInput {
  alertId: number;
  seq: number;
}

export type AlertChange =
  | { kind: 'create'; alert: NewAlert; event: AlertEventInput }
  | { kind: 'update'; id: number; patch: Partial<NewAlert>; event: AlertEventInput; expectedUpdatedAt?: string };

export interface AlertFilter {
  state?: AlertState[];
  customerId?: string;
  entityId?: string;
  assignee?: string;
  limit?: number;
  offset?: number;
}

// ---------------------------------------------------------------------- audit

export interface AuditRange {
  fromSeq?: number;
  toSeq?: number;
  /** ISO timestamps; a bare date means the whole day. */
  from?: string;
  to?: string;
}

// ---------------------------------------------------------------------- webhooks

export const WEBHOOK_EVENTS = ['alert.created', 'alert.updated', 'list.updated'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export interface Subscription {
  id: string;
  url: string;
  events: WebhookEventType[];
  /** The HMAC key; shown once when the subscription is made. */
  secret: string;
  createdAt: string;
  description?: string;
}

/** An event to deliver to every subscription that wants its type. */
export interface OutgoingEvent {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: unknown;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  id: number;
  subscriptionId: string;
  eventId: string;
  eventType: WebhookEventType;
  /** The exact body sent (and signed) on every attempt. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  deliveredAt?: string;
  lastError?: string;
  lastStatus?: number;
}

export interface DeliveryAttempt {
  deliveryId: number;
  attempt: number;
  at: string;
  /** HTTP status when the receiver answered. */
  status?: number;
  error?: string;
  ms: number;
}

export type DeliveryOutcome =
  | { status: 'delivered'; at: string }
  | { status: 'pending'; nextAttemptAt: string }
  | { status: 'failed' };
