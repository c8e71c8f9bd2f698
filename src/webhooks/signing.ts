import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures. Each delivery carries
 *   Clearance-Timestamp: <unix seconds>
 *   Clearance-Signature: v1=<hex HMAC-SHA256 over `${timestamp}.${body}` with the subscription's secret>
 *   Idempotency-Key:     <event id> (the same on every retry of the event)
 * The timestamp is inside the signed text, so a captured request cannot be replayed later
 * with a fresh timestamp; receivers refuse timestamps outside a tolerance (5 minutes here).
 */

export const SIGNATURE_HEADER = 'clearance-signature';
export const TIMESTAMP_HEADER = 'clearance-timestamp';
export const EVENT_HEADER = 'clearance-event';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): true when the signature is valid and the timestamp recent. */
export function verifySignature(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: string,
  opts: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts)) return false;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(sign(secret, ts, body));
  // Several signatures may be sent while a secret is rotated: any valid one will do.
  return headers.signature.split(/\s*,\s*/).some((s) => {
    const given = Buffer.from(s);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
