import type { Delivery, DeliveryOutcome, MonitorStore, Subscription } from '../store/monitor_types.js';
import { EVENT_HEADER, IDEMPOTENCY_HEADER, sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signing.js';

/**
 * Webhook delivery: at least once, with retries and exponential backoff, every attempt logged.
 *
 * Events are queued as delivery rows in the same transaction as the change they announce, so
 * a crash between the change and the send loses nothing. A dispatcher claims due deliveries
 * for a lease (another process skips them meanwhile; a dispatcher that dies mid-send leaves
 * the lease to run out and the delivery is sent again), POSTs the stored body signed with
 * the subscription's secret, and records the attempt. A receiver may therefore see an event
 * more than once and must de-duplicate on the Idempotency-Key header (the event id).
 */

export interface DispatcherOptions {
  /** Delay before the first retry; doubles on each further one (default 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts before a delivery is given up as failed (default 12: about a day with the defaults). */
  maxAttempts?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Deliveries claimed per round. */
  batch?: number;
  fetch?: typeof fetch;
}

export interface RoundResult {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

export class WebhookDispatcher {
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly batch: number;
  private readonly fetch: typeof fetch;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly monitor: MonitorStore,
    opts: DispatcherOptions = {},
  ) {
    this.baseDelayMs = opts.baseDelayMs ?? 30_000;
    this.maxDelayMs = opts.maxDelayMs ?? 6 * 3_600_000;
    this.maxAttempts = opts.maxAttempts ?? 12;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.batch = opts.batch ?? 50;
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  /** One round: sends every delivery due now, in parallel, and records each attempt. */
  async deliverDue(): Promise<RoundResult> {
    const result: RoundResult = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
    const now = new Date().toISOString();
    const due = await this.monitor.claimDueDeliveries(now, this.batch, this.timeoutMs + 5_000);
    if (!due.length) return result;
    const subs = new Map((await this.monitor.subscriptions()).map((s) => [s.id, s]));
    const outcomes = await Promise.all(due.map((d) => this.attempt(d, subs.get(d.subscriptionId))));
    for (const o of outcomes) {
      result.attempted++;
      result[o.status === 'pending' ? 'retrying' : o.status]++;
    }
    return result;
  }

  /**
   * Rounds until nothing is pending or `timeoutMs` passes, waiting for retries that come due
   * meanwhile (`clearance webhooks deliver --wait`, tests).
   */
  async drain(timeoutMs: number): Promise<RoundResult & { pending: number }> {
    const total: RoundResult = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
    const end = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.deliverDue();
      total.attempted += r.attempted;
      total.delivered += r.delivered;
      total.failed += r.failed;
      const pending = await this.monitor.deliveries({ status: 'pending', limit: 1_000_000 });
      total.retrying = pending.length;
      if (!pending.length || Date.now() >= end) return { ...total, pending: pending.length };
      const next = Math.min(...pending.map((p) => Date.parse(p.nextAttemptAt)));
      await sleep(Math.max(10, Math.min(next - Date.now(), end - Date.now(), 1000)));
    }
  }

  /** Delivers in the background every `intervalMs` (the API server runs one). */
  start(intervalMs = 1000): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.deliverDue()
        .catch(() => undefined)
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async attempt(d: Delivery, sub: Subscription | undefined): Promise<DeliveryOutcome> {
    const attempt = d.attempts + 1;
    const at = new Date().toISOString();
    const started = performance.now();
    if (!sub) {
      const outcome: DeliveryOutcome = { status: 'failed' };
      await this.monitor.recordAttempt({ deliveryId: d.id, attempt, at, error: 'subscription removed', ms: 0 }, outcome);
      return outcome;
    }
    let status: number | undefined;
    let error: string | undefined;
    try {
      const timestamp = Math.floor(Date.now() / 1000);
      const res = await this.fetch(sub.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Clearance-Webhooks/0.1',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: sign(sub.secret, timestamp, d.body),
          [IDEMPOTENCY_HEADER]: d.eventId,
          [EVENT_HEADER]: d.eventType,
        },
        body: d.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      // The body is not needed, but it must be consumed so the connection can be reused.
      await res.arrayBuffer().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = describeFetchError(err);
    }
    const ms = performance.now() - started;
    const outcome: DeliveryOutcome = !error
      ? { status: 'delivered', at: new Date().toISOString() }
      : attempt >= this.maxAttempts
        ? { status: 'failed' }
        : { status: 'pending', nextAttemptAt: new Date(Date.now() + this.backoff(attempt)).toISOString() };
    await this.monitor.recordAttempt({ deliveryId: d.id, attempt, at, ...(status !== undefined ? { status } : {}), ...(error ? { error } : {}), ms }, outcome);
    return outcome;
  }

  /** Exponential backoff with a little jitter, so many failed deliveries do not retry in lockstep. */
  backoff(attempt: number): number {
    const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(delay * (1 + Math.random() * 0.1));
  }
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timed out';
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${err.message}: ${cause.code}` : cause?.message ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
