import type { MonitorStore } from '../store/monitor_types.js';
import type { AuditEntry, AuditRecord } from './chain.js';

/**
 * Group commit for the audit trail under load: entries arriving while a write is in flight
 * are appended together in the next one, so an API answering thousands of screenings a
 * second pays one transaction per batch rather than one per request. Every caller still
 * waits until its own record is committed before answering.
 */
export class AuditWriter {
  private queue: Array<{ entry: AuditEntry; resolve: (r: AuditRecord) => void; reject: (e: unknown) => void }> = [];
  private flushing?: Promise<void>;

  constructor(
    private readonly monitor: MonitorStore,
    private readonly maxBatch = 500,
  ) {}

  append(entry: AuditEntry): Promise<AuditRecord> {
    const at = entry.at ?? new Date().toISOString();
    return new Promise((resolve, reject) => {
      this.queue.push({ entry: { ...entry, at }, resolve, reject });
      this.flushing ??= new Promise<void>((r) => setImmediate(r)).then(() => this.flush());
    });
  }

  /** Resolves once everything queued so far is written. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const records = await this.monitor.appendAudit(batch.map((b) => b.entry));
        batch.forEach((b, i) => b.resolve(records[i]));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.flushing = undefined;
  }
}
