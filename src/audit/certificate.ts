import type { Customer, MonitorRun, MonitorStore } from '../store/monitor_types.js';
import { alertView, type AlertView } from '../monitor/alerts.js';
import { customerName } from '../monitor/customers.js';
import { recordHash, type AuditRecord, type ChainHead } from './chain.js';

/**
 * A per-customer screening certificate: what was checked about the customer, against which
 * list versions, when, and with what result, each statement citing the audit record that
 * proves it (seq and hash), so the certificate can be checked against the trail later.
 */

export interface Certificate {
  generated_at: string;
  customer: { id: string; name: string; fields: Customer['query']; match_hash: string; registered_at: string; updated_at: string } | null;
  /** Screenings of the customer against all lists (at registration and after each change of the customer). */
  screenings: Array<{
    run: number;
    at: string;
    versions: Array<{ source: string; version: number; published_at: string | null }>;
    match_hash: string;
    result: string;
    hits: Array<{ entity_id: string; score: number }>;
    audit: Citation | null;
  }>;
  /** Re-screenings when the lists changed: the customer against every entity added or changed. */
  rescreenings: Array<{
    run: number;
    at: string;
    changes: Array<{ source: string; from_version: number | null; to_version: number }>;
    versions: Array<{ source: string; version: number; published_at: string | null }>;
    result: string;
    alerts: number[];
    audit: Citation | null;
  }>;
  /** Screenings through the CLI or the API with the customer's id as the query id. */
  ad_hoc: Array<{ at: string; actor: string; channel: string; versions: unknown; hits: number; audit: Citation }>;
  alerts: Array<AlertView & { history: Array<{ at: string; actor: string; action: string; from_state: string | null; to_state: string | null; detail: unknown }> }>;
  /** The trail's head when the certificate was made, and whether every cited record still hashes right. */
  trail: { head: ChainHead | null; cited: number; cited_intact: boolean };
}

export interface Citation {
  seq: number;
  hash: string;
}

export async function certificate(monitor: MonitorStore, customerId: string): Promise<Certificate> {
  const customer = await monitor.customer(customerId);
  const checks = await monitor.checksOf(customerId);
  const alerts = await monitor.alertsForCustomers([customerId]);
  if (!customer && !checks.length && !alerts.length) throw new Error(`no customer ${customerId}, and none was ever screened`);
  const runs = new Map((await monitor.runs()).map((r) => [r.id, r]));
  const cited: AuditRecord[] = [];
  const cite = (seq: number | undefined, bySeq: Map<number, AuditRecord>): Citation | null => {
    const r = seq !== undefined ? bySeq.get(seq) : undefined;
    if (!r) return null;
    cited.push(r);
    return { seq: r.seq, hash: r.hash };
  };
  const bySeq = await recordsAt(monitor, [...checks.map((c) => c.auditSeq), ...[...runs.values()].map((r) => r.auditSeq)]);

  const screenings: Certificate['screenings'] = checks.map((c) => {
    const run = runs.get(c.runId);
    return {
      run: c.runId,
      at: c.at,
      versions: versionsOf(run),
      match_hash: c.matchHash,
      result: c.hits.length ? `${c.hits.length} potential match${c.hits.length > 1 ? 'es' : ''}` : 'no match',
      hits: c.hits.map((h) => ({ entity_id: h.entityId, score: h.score })),
      audit: cite(c.auditSeq, bySeq),
    };
  });

  // After its first full screening, a customer is checked by every run that took list changes.
  const firstRun = checks[0]?.runId;
  const rescreenings: Certificate['rescreenings'] = [];
  if (firstRun !== undefined) {
    for (const run of runs.values()) {
      if (run.id <= firstRun || run.kind !== 'incremental' || !run.finishedAt || !run.changesFrom?.length) continue;
      const own = alerts.filter((a) => raisedOrTouchedIn(run, a.id, bySeq)).map((a) => a.id);
      rescreenings.push({
        run: run.id,
        at: run.finishedAt,
        changes: run.changesFrom.map((c) => ({ source: c.source, from_version: c.fromVersion, to_version: c.toVersion })),
        versions: versionsOf(run),
        result: own.length ? `alerts ${own.map((id) => `#${id}`).join(', ')}` : 'no new match',
        alerts: own,
        audit: cite(run.auditSeq, bySeq),
      });
    }
  }

  const adHocRecords = await monitor.auditBySubject([`query:${customerId}`]);
  const ad_hoc = adHocRecords.map((r) => {
    cited.push(r);
    const p = r.payload as { results?: unknown; versions?: unknown };
    return { at: r.at, actor: r.actor, channel: r.action.replace(/^screen\./, ''), versions: p.versions ?? null, hits: Array.isArray(p.results) ? p.results.length : 0, audit: { seq: r.seq, hash: r.hash } };
  });

  const withHistory = await Promise.all(
    alerts.map(async (a) => ({
      ...alertView(a),
      history: (await monitor.alertHistory(a.id)).map((e) => ({ at: e.at, actor: e.actor, action: e.action, from_state: e.fromState ?? null, to_state: e.toState ?? null, detail: e.detail ?? {} })),
    })),
  );

  return {
    generated_at: new Date().toISOString(),
    customer: customer
      ? { id: customer.id, name: customerName(customer.query), fields: customer.query, match_hash: customer.matchHash, registered_at: customer.createdAt, updated_at: customer.updatedAt }
      : null,
    screenings,
    rescreenings,
    ad_hoc,
    alerts: withHistory,
    trail: { head: (await monitor.auditHead()) ?? null, cited: cited.length, cited_intact: cited.every((r) => recordHash(r) === r.hash) },
  };
}

/** The audit records at these sequence numbers (only those: a full run's records are large). */
async function recordsAt(monitor: MonitorStore, seqs: Array<number | undefined>): Promise<Map<number, AuditRecord>> {
  const out = new Map<number, AuditRecord>();
  for (const seq of new Set(seqs.filter((s): s is number => s !== undefined))) {
    for await (const r of monitor.auditRecords({ fromSeq: seq, toSeq: seq })) out.set(r.seq, r);
  }
  return out;
}

function versionsOf(run: MonitorRun | undefined): Certificate['screenings'][number]['versions'] {
  return (run?.versions ?? []).map((v) => ({ source: v.source, version: v.versionId, published_at: v.publishedAt ?? null }));
}

function raisedOrTouchedIn(run: MonitorRun, alertId: number, bySeq: Map<number, AuditRecord>): boolean {
  const record = run.auditSeq !== undefined ? bySeq.get(run.auditSeq) : undefined;
  const touched = (record?.payload as { alerts?: Array<{ id: number }> } | undefined)?.alerts ?? [];
  return touched.some((a) => a.id === alertId);
}

/** The certificate as a page of text an auditor can read. */
export function certificateText(c: Certificate, customerId: string): string {
  const lines: string[] = [];
  const versions = (vs: Certificate['screenings'][number]['versions']) =>
    vs.map((v) => `${v.source} #${v.version}${v.published_at ? ` (published ${v.published_at})` : ''}`).join(', ') || '(no lists)';
  lines.push(`SCREENING CERTIFICATE — customer ${customerId}`);
  lines.push(`generated ${c.generated_at} by Clearance`);
  lines.push('');
  if (c.customer) {
    lines.push(`Customer: ${c.customer.name}`);
    const f = c.customer.fields;
    const facts = [
      f.schema ? `type ${f.schema}` : '',
      f.birth_date ? `born ${f.birth_date}` : '',
      f.countries?.length ? `countries ${f.countries.join(', ')}` : '',
      f.identifiers?.length ? `identifiers ${f.identifiers.map((i) => i.value).join(', ')}` : '',
      f.aliases?.length ? `also known as ${f.aliases.join('; ')}` : '',
    ].filter(Boolean);
    if (facts.length) lines.push(`  ${facts.join('; ')}`);
    lines.push(`  registered ${c.customer.registered_at}, last changed ${c.customer.updated_at}`);
  } else lines.push('Customer: no longer in the registry (deleted); its history follows.');
  lines.push('');
  lines.push('Screened against all lists:');
  if (!c.screenings.length) lines.push('  never');
  for (const s of c.screenings) {
    lines.push(`  ${s.at}  run #${s.run}: ${s.result}${s.hits.length ? ` (${s.hits.map((h) => `${h.entity_id} ${h.score.toFixed(2)}`).join(', ')})` : ''}`);
    lines.push(`    lists: ${versions(s.versions)}`);
    if (s.audit) lines.push(`    audit record #${s.audit.seq} ${s.audit.hash.slice(0, 16)}…`);
  }
  lines.push('');
  lines.push('Re-screened when the lists changed:');
  if (!c.rescreenings.length) lines.push('  no list change since the customer was screened');
  for (const r of c.rescreenings) {
    lines.push(`  ${r.at}  run #${r.run}: ${r.result}`);
    lines.push(`    changes: ${r.changes.map((x) => `${x.source} #${x.from_version ?? 'none'} -> #${x.to_version}`).join(', ')}`);
    if (r.audit) lines.push(`    audit record #${r.audit.seq} ${r.audit.hash.slice(0, 16)}…`);
  }
  if (c.ad_hoc.length) {
    lines.push('');
    lines.push('Screened on request (CLI, API) under this id:');
    for (const a of c.ad_hoc) lines.push(`  ${a.at}  ${a.channel} by ${a.actor}: ${a.hits} hit(s)  audit record #${a.audit.seq}`);
  }
  lines.push('');
  lines.push('Alerts:');
  if (!c.alerts.length) lines.push('  none');
  for (const a of c.alerts) {
    lines.push(`  #${a.id} ${a.entity_caption} (${a.entity_id}, ${a.source} version #${a.list_version}) score ${a.score.toFixed(2)}: ${a.state}`);
    if (a.decision) lines.push(`    decision: ${a.decision} by ${a.decided_by} on ${a.decided_at}: ${a.reason}`);
    if (a.delisted_on) lines.push(`    delisted on ${a.delisted_on}`);
    for (const h of a.history) lines.push(`    ${h.at} ${h.actor}: ${h.action}${h.to_state ? ` -> ${h.to_state}` : ''}`);
  }
  lines.push('');
  lines.push(
    `Audit trail head: ${c.trail.head ? `#${c.trail.head.seq} ${c.trail.head.hash}` : '(empty)'}; ${c.trail.cited} cited record(s) ${c.trail.cited_intact ? 'intact' : 'NOT INTACT: run `clearance audit verify`'}.`,
  );
  return lines.join('\n') + '\n';
}
