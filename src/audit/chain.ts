import { createHash } from 'node:crypto';
import { stableStringify } from '../store/diff.js';

/**
 * The audit trail's hash chain. Each record carries the hash of the record before it, and
 * its own hash covers that link and every field of the record, so changing, inserting or
 * removing one record breaks the chain from that point on. The functions here are pure: the
 * stores call `seal` inside the transaction that appends, verification recomputes with
 * `recordHash`.
 */

/** What a caller asks to record. `at` defaults to the time of appending. */
export interface AuditEntry {
  actor: string;
  action: string;
  /** What the record is about: a customer id, an alert id, a file ... */
  subject: string;
  payload: unknown;
  at?: string;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

/** The link the first record points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * sha256(prev_hash + canonical JSON of the record). Canonical JSON sorts object keys and drops
 * undefined values, so the hash does not depend on how a store round-trips the payload.
 */
export function recordHash(r: Omit<AuditRecord, 'hash'>): string {
  const body = stableStringify({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, payload: r.payload, prev_hash: r.prevHash });
  return createHash('sha256').update(r.prevHash).update(body).digest('hex');
}

/** Chains new entries after `head` (undefined for an empty log). */
export function seal(head: ChainHead | undefined, entries: AuditEntry[], now = new Date().toISOString()): AuditRecord[] {
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  return entries.map((e) => {
    const unsealed = { seq: ++seq, at: e.at ?? now, actor: e.actor, action: e.action, subject: e.subject, payload: normalisePayload(e.payload), prevHash: prev };
    const record: AuditRecord = { ...unsealed, hash: recordHash(unsealed) };
    prev = record.hash;
    return record;
  });
}

/**
 * The payload as it will read back from storage (JSON has no undefined, no Date, no NaN), so
 * the hash computed now equals the hash recomputed from the stored row.
 */
function normalisePayload(payload: unknown): unknown {
  return payload === undefined ? null : JSON.parse(JSON.stringify(payload));
}

export type ChainProblemKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'anchor_mismatch';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The sequence number at which the chain first goes wrong. */
  seq: number;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  records: number;
  head?: ChainHead;
  problem?: ChainProblem;
  /** Checkpoints and anchors the chain was checked against. */
  checkedAnchors: number;
}

/**
 * Walks records in seq order and reports the first break. A record whose own hash does not
 * recompute was edited; a gap in seq, or a record whose prev_hash is not its predecessor's
 * hash, means records were deleted or inserted there. Anchors (checkpoints kept apart from
 * the log, or a head hash the user exported) catch what the chain alone cannot: removal of
 * the newest records, or a wholesale rewrite with recomputed hashes.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private count = 0;
  private problem?: ChainProblem;
  private readonly hashes = new Map<number, string>();

  constructor(private readonly anchors: ChainHead[] = []) {
    for (const a of anchors) this.hashes.set(a.seq, '');
  }

  /** Feeds the next record; returns false once a problem is found (no need to read further). */
  push(r: AuditRecord): boolean {
    if (this.problem) return false;
    this.count++;
    if (r.seq < this.expectedSeq) return this.fail('reordered', r.seq, `record ${r.seq} appears after record ${this.expectedSeq - 1}: records were reordered or duplicated`);
    const recomputed = recordHash(r);
    if (r.seq > this.expectedSeq) {
      const missing = r.seq - this.expectedSeq === 1 ? `record ${this.expectedSeq} is missing` : `records ${this.expectedSeq}..${r.seq - 1} are missing`;
      return this.fail('deleted', this.expectedSeq, `${missing}: deleted from the log (seq jumps from ${this.expectedSeq - 1} to ${r.seq})`);
    }
    if (recomputed !== r.hash) {
      const shift = renumbering(r);
      if (shift > 0) {
        return this.fail('inserted', r.seq - shift, `record ${r.seq} is the former record ${r.seq - shift}: ${shift} record(s) were inserted at seq ${r.seq - shift} and the rest renumbered`);
      }
      if (shift < 0) {
        return this.fail('deleted', r.seq, `record ${r.seq} is the former record ${r.seq - shift}: ${-shift} record(s) were deleted at seq ${r.seq} and the rest renumbered`);
      }
      return this.fail('edited', r.seq, `record ${r.seq} was edited: its content no longer hashes to its stored hash`);
    }
    if (r.prevHash !== this.prevHash) {
      // The record is self-consistent but points elsewhere: it was forged and slipped in (or put
      // in place of the real record), with a hash computed over the wrong predecessor.
      return this.fail('inserted', r.seq, `record ${r.seq} does not link to record ${r.seq - 1}: it was inserted or substituted (its prev_hash is not the hash of record ${r.seq - 1})`);
    }
    if (this.hashes.has(r.seq)) this.hashes.set(r.seq, r.hash);
    this.prevHash = r.hash;
    this.expectedSeq = r.seq + 1;
    return true;
  }

  finish(): VerifyResult {
    const head = this.expectedSeq > 1 ? { seq: this.expectedSeq - 1, hash: this.prevHash } : undefined;
    if (!this.problem) this.checkAnchors(head);
    return { ok: !this.problem, records: this.count, ...(head ? { head } : {}), ...(this.problem ? { problem: this.problem } : {}), checkedAnchors: this.anchors.length };
  }

  private checkAnchors(head: ChainHead | undefined): void {
    for (const a of [...this.anchors].sort((x, y) => x.seq - y.seq)) {
      const seen = this.hashes.get(a.seq);
      if (!head || a.seq > head.seq) {
        this.fail('truncated', (head?.seq ?? 0) + 1, `the log ends at record ${head?.seq ?? 0} but an anchor records record ${a.seq}: the newest records were deleted`);
        return;
      }
      if (seen !== a.hash) {
        this.fail('anchor_mismatch', a.seq, `record ${a.seq} hashes to ${seen?.slice(0, 16)}… but the anchor says ${a.hash.slice(0, 16)}…: the log was rewritten`);
        return;
      }
    }
  }

  private fail(kind: ChainProblemKind, seq: number, message: string): false {
    this.problem = { kind, seq, message };
    return false;
  }
}

/**
 * How far a record was moved, if its hash recomputes under another seq: records inserted
 * before it push it up (positive), deleted ones with the rest renumbered pull it down.
 */
function renumbering(r: AuditRecord): number {
  for (let k = 1; k <= 10; k++) {
    if (r.seq - k >= 1 && recordHash({ ...r, seq: r.seq - k }) === r.hash) return k;
    if (recordHash({ ...r, seq: r.seq + k }) === r.hash) return -k;
  }
  return 0;
}

/** `SEQ:HASH`, the form heads are printed and passed back in. */
export function formatHead(h: ChainHead): string {
  return `${h.seq}:${h.hash}`;
}

export function parseHead(text: string): ChainHead {
  const m = text.trim().match(/^(\d+):([0-9a-f]{64})$/i);
  if (!m) throw new Error(`"${text}" is not an audit head (expected SEQ:SHA256HEX as printed by \`clearance audit head\`)`);
  return { seq: Number(m[1]), hash: m[2].toLowerCase() };
}
