import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { userInfo } from 'node:os';
import type { ScreenHit, VersionRef } from '../screen/screener.js';
import type { MonitorStore } from '../store/monitor_types.js';
import type { AuditEntry, AuditRecord } from './chain.js';

/**
 * Screenings in the audit trail. Every screening, from the CLI or the API, is recorded with
 * who asked, when, the inputs, the results (entity, score, matched name per hit) and the
 * list versions screened against, so it can be shown later what was checked and found.
 */

export type Channel = 'cli' | 'api' | 'monitor';

export interface ScreeningRecord {
  actor: string;
  channel: Channel;
  /** One query (or, for a batch, the batch's description). */
  inputs: unknown;
  results: unknown;
  versions: VersionRef[];
  /** What the screening is about, e.g. the query id; default "screening". */
  subject?: string;
}

/** The compact form of hits kept in the trail: enough to show what was found, not the whole explanation. */
export function hitSummary(hits: ScreenHit[]) {
  return hits.map((h) => ({
    entity_id: h.entity_id,
    caption: h.caption,
    score: h.score,
    matched_name: h.matched_name,
    ...(h.via ? { via: h.via.entity_id } : {}),
  }));
}

export function screeningEntry(s: ScreeningRecord): AuditEntry {
  return {
    actor: s.actor,
    action: `screen.${s.channel}`,
    subject: s.subject ?? 'screening',
    payload: { inputs: s.inputs, results: s.results, versions: s.versions },
  };
}

export async function recordScreening(monitor: MonitorStore, s: ScreeningRecord): Promise<AuditRecord> {
  return (await monitor.appendAudit([screeningEntry(s)]))[0];
}

/** The subject of a screening of one query: its id when it has one (a customer id, a reference). */
export function screeningSubject(query: { id?: string | null }): string {
  return query.id ? `query:${query.id}` : 'screening';
}

/** Who is at the keyboard: CLEARANCE_ACTOR, else the operating-system user. */
export function cliActor(explicit?: string): string {
  if (explicit) return explicit;
  if (process.env.CLEARANCE_ACTOR) return process.env.CLEARANCE_ACTOR;
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

/**
 * A batch screening in one audit record: the file (name and SHA-256), the number of rows,
 * and for each row with hits its row number, id and hits. Rows without hits are counted.
 */
export class BatchAudit {
  private rows = 0;
  private errors = 0;
  private readonly withHits: Array<{ row: number; id: string | null; hits: ReturnType<typeof hitSummary> }> = [];

  constructor(
    private readonly file: string,
    private readonly versions: VersionRef[],
  ) {}

  add(row: { row: number; id?: string; error?: string }, hits: ScreenHit[] = []): void {
    this.rows++;
    if (row.error) this.errors++;
    else if (hits.length) this.withHits.push({ row: row.row, id: row.id ?? null, hits: hitSummary(hits) });
  }

  async entry(actor: string, channel: Channel): Promise<AuditEntry> {
    return screeningEntry({
      actor,
      channel,
      subject: `file:${this.file.split(/[\\/]/).pop()}`,
      inputs: { file: this.file, sha256: await sha256File(this.file), rows: this.rows, errors: this.errors },
      results: { rows_with_hits: this.withHits.length, hits: this.withHits },
      versions: this.versions,
    });
  }
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Appends one entry through a monitoring store opened for the purpose (the CLI, which has
 * no long-lived store): the list store's data folder, or DATABASE_URL.
 */
export async function recordAt(home: string, entry: AuditEntry): Promise<AuditRecord> {
  const { withMonitorStore } = await import('../monitor/open.js');
  return withMonitorStore(home, async (monitor) => (await monitor.appendAudit([entry]))[0]);
}
