import type { Writable } from 'node:stream';
import type { AuditRange, MonitorStore } from '../store/monitor_types.js';
import { ChainVerifier, type ChainHead, type VerifyResult } from './chain.js';

/**
 * Reading the audit trail back: verification of the whole chain, export of a time range as
 * JSON lines (each line a record with its hashes, so an auditor can re-check it alone), and
 * checkpoints of the head.
 */

export interface VerifyOptions {
  /** Heads kept outside the database (e.g. printed by `clearance audit head` into a ticket). */
  anchors?: ChainHead[];
  /** Also check the checkpoints stored beside the log (default true). */
  checkpoints?: boolean;
  /** Record the verified head as a new checkpoint (default false). */
  checkpoint?: boolean;
}

/**
 * Recomputes every record's hash and link, in seq order, and checks the anchors. Reports the
 * first record that was edited, inserted or deleted.
 */
export async function verifyAudit(monitor: MonitorStore, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const anchors = [...(opts.anchors ?? []), ...(opts.checkpoints === false ? [] : await monitor.checkpoints())];
  const verifier = new ChainVerifier(anchors);
  for await (const r of monitor.auditRecords()) if (!verifier.push(r)) break;
  const result = verifier.finish();
  if (result.ok && result.head && opts.checkpoint) await monitor.addCheckpoint(result.head, new Date().toISOString());
  return result;
}

/**
 * Writes records as JSON lines. A range taken from the middle of the log verifies on its own
 * from its first record's prev_hash onwards.
 */
export async function exportAudit(monitor: MonitorStore, range: AuditRange, out: Writable): Promise<{ records: number; first?: number; last?: number }> {
  let records = 0;
  let first: number | undefined;
  let last: number | undefined;
  for await (const r of monitor.auditRecords(range)) {
    const line = JSON.stringify({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, payload: r.payload, prev_hash: r.prevHash, hash: r.hash }) + '\n';
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', resolve));
    records++;
    first ??= r.seq;
    last = r.seq;
  }
  return { records, ...(first !== undefined ? { first, last } : {}) };
}
