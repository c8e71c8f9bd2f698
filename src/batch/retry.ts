/**
 * Riding out a database that goes away for a while (restart, failover, network blip): work that
 * is safe to repeat is retried with growing pauses until it succeeds or a deadline passes.
 * Errors that are not about the connection are thrown at once.
 */

/** SQLSTATE classes and codes that mean "try again later", not "this is wrong". */
const TRANSIENT_CODES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const TRANSIENT_MESSAGES = /Connection terminated|connection error|Client was closed|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down)|Connection ended unexpectedly/i;

export function isTransient(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && (TRANSIENT_CODES.has(e.code) || e.code.startsWith('08') || TRANSIENT_NODE_CODES.has(e.code))) return true;
  return TRANSIENT_MESSAGES.test(e.message ?? '');
}

export interface RetryOptions {
  /** Give up after this long (default two minutes). */
  deadlineMs?: number;
  /** Told about each failed attempt that will be retried. */
  onRetry?: (err: unknown, attempt: number) => void;
}

export async function retrying<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (opts.deadlineMs ?? 120_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransient(err) || Date.now() >= deadline) throw err;
      opts.onRetry?.(err, attempt);
      await sleep(Math.min(200 * 2 ** Math.min(attempt - 1, 4), 3000));
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
