import { beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { recordHash, seal, type AuditRecord, type ChainHead } from '../../src/audit/chain.js';
import { exportAudit, verifyAudit } from '../../src/audit/log.js';
import { hitSummary, recordScreening } from '../../src/audit/record.js';
import { updateSources } from '../../src/ingest/update.js';
import { ScreeningContext, screenQuery } from '../../src/screen/screener.js';
import { toMatchQuery } from '../../src/screen/input.js';
import { SqliteMonitorStore } from '../../src/store/monitor_sqlite.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { xmlPublication } from './lists.js';

/**
 * The audit trail's tamper evidence on a real trail: screenings of real names against the
 * 2025-03-28 consolidated list, recorded as the CLI and API record them; then copies of the
 * database are tampered with the way someone with write access to the file could.
 */

let original: string;
let head: ChainHead;
const NAMES = ['SenseTime Group Limited', 'LUKOIL OAO', 'Evren Kayakiran', 'Hangzhou Hikvision Digital Technology', 'Patricia Lucas Wheeler'];

beforeAll(async () => {
  const home = await mkdtemp(join(tmpdir(), 'clearance-audit-'));
  original = join(home, 'clearance.sqlite');
  const store = new SqliteStore(original);
  await updateSources(store, { from: await xmlPublication(), sources: ['us_ofac_cons'], workDir: join(home, 'downloads') });
  const ctx = await ScreeningContext.load(store);
  const monitor = new SqliteMonitorStore(original);
  for (let round = 0; round < 4; round++) {
    for (const name of NAMES) {
      const { query, match } = toMatchQuery({ name, id: `q-${round}-${name.length}` });
      const hits = screenQuery(ctx, match);
      await recordScreening(monitor, { actor: `cli:analyst${round}`, channel: 'cli', subject: `query:${query.id}`, inputs: query, results: hitSummary(hits), versions: ctx.versionRefs() });
    }
  }
  head = (await monitor.auditHead())!;
  await monitor.close();
  await store.close();
});

/** A copy of the trail, opened raw: the append-only triggers dropped, as an attacker would. */
async function tamperedCopy(tamper: (db: Database.Database) => void): Promise<SqliteMonitorStore> {
  const dir = await mkdtemp(join(tmpdir(), 'clearance-tamper-'));
  const path = join(dir, 'clearance.sqlite');
  await copyFile(original, path);
  const db = new Database(path);
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  tamper(db);
  db.close();
  return new SqliteMonitorStore(path);
}

const rows = (db: Database.Database) =>
  (db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Array<Record<string, string | number>>).map(
    (r): AuditRecord => ({ seq: Number(r.seq), at: String(r.at), actor: String(r.actor), action: String(r.action), subject: String(r.subject), payload: JSON.parse(String(r.payload)), prevHash: String(r.prev_hash), hash: String(r.hash) }),
  );

describe('audit trail', () => {
  it('verifies intact, and every record links to the one before', async () => {
    const monitor = new SqliteMonitorStore(original);
    const r = await verifyAudit(monitor);
    expect(r).toMatchObject({ ok: true, records: 20, head });
    const records: AuditRecord[] = [];
    for await (const rec of monitor.auditRecords()) records.push(rec);
    expect(records[0].prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < records.length; i++) expect(records[i].prevHash).toBe(records[i - 1].hash);
    expect(records[0]).toMatchObject({ action: 'screen.cli', actor: 'cli:analyst0' });
    expect((records[0].payload as { versions: Array<{ source: string }> }).versions[0].source).toBe('us_ofac_cons');
    await monitor.close();
  });

  it('refuses updates and deletes through SQL while its triggers stand', async () => {
    const db = new Database(original);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
    db.close();
  });

  it('finds an edited record', async () => {
    const monitor = await tamperedCopy((db) => {
      const r = rows(db)[6];
      const payload = r.payload as { results: unknown[] };
      payload.results = []; // "no hits": hide a match
      db.prepare('UPDATE audit_log SET payload = ? WHERE seq = ?').run(JSON.stringify(payload), r.seq);
    });
    const r = await verifyAudit(monitor);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatchObject({ kind: 'edited', seq: 7 });
    await monitor.close();
  });

  it('finds a deleted record', async () => {
    const monitor = await tamperedCopy((db) => db.prepare('DELETE FROM audit_log WHERE seq = 12').run());
    const r = await verifyAudit(monitor);
    expect(r.problem).toMatchObject({ kind: 'deleted', seq: 12 });
    expect(r.problem!.message).toMatch(/record 12 is missing/);
    await monitor.close();
  });

  it('finds a deleted record when the later ones were renumbered to hide the gap', async () => {
    const monitor = await tamperedCopy((db) => {
      db.prepare('DELETE FROM audit_log WHERE seq = 12').run();
      for (let s = 13; s <= 20; s++) db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(s - 1, s);
    });
    const r = await verifyAudit(monitor);
    expect(r.problem).toMatchObject({ kind: 'deleted', seq: 12 });
    await monitor.close();
  });

  it('finds an inserted record, forged with a valid-looking hash', async () => {
    const monitor = await tamperedCopy((db) => {
      const all = rows(db);
      for (let s = 20; s >= 10; s--) db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(s + 1, s);
      const [forged] = seal({ seq: 9, hash: all[8].hash }, [{ actor: 'cli:analyst1', action: 'screen.cli', subject: 'query:backdated', payload: { inputs: { name: 'Backdated' }, results: [], versions: [] }, at: all[8].at }]);
      db.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        forged.seq,
        forged.at,
        forged.actor,
        forged.action,
        forged.subject,
        JSON.stringify(forged.payload),
        forged.prevHash,
        forged.hash,
      );
    });
    const r = await verifyAudit(monitor);
    expect(r.problem).toMatchObject({ kind: 'inserted', seq: 10 });
    await monitor.close();
  });

  it('catches removal of the newest records and a full rewrite only against a head kept elsewhere', async () => {
    const truncated = await tamperedCopy((db) => db.prepare('DELETE FROM audit_log WHERE seq > 17').run());
    expect((await verifyAudit(truncated)).ok).toBe(true); // the chain alone cannot tell
    expect((await verifyAudit(truncated, { anchors: [head] })).problem).toMatchObject({ kind: 'truncated', seq: 18 });
    await truncated.close();

    const rewritten = await tamperedCopy((db) => {
      const all = rows(db);
      all[4] = { ...all[4], payload: { inputs: { name: 'someone else' }, results: [], versions: [] } };
      let prev = all[3].hash;
      for (const r of all.slice(4)) {
        r.prevHash = prev;
        r.hash = recordHash(r);
        prev = r.hash;
        db.prepare('UPDATE audit_log SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(JSON.stringify(r.payload), r.prevHash, r.hash, r.seq);
      }
    });
    expect((await verifyAudit(rewritten)).ok).toBe(true);
    expect((await verifyAudit(rewritten, { anchors: [head] })).problem).toMatchObject({ kind: 'anchor_mismatch', seq: 20 });
    await rewritten.close();
  });

  it('keeps checkpoints that catch a later truncation without any outside anchor', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clearance-checkpoint-'));
    const path = join(dir, 'clearance.sqlite');
    await copyFile(original, path);
    const monitor = new SqliteMonitorStore(path);
    expect((await verifyAudit(monitor, { checkpoint: true })).ok).toBe(true);
    await monitor.close();
    const db = new Database(path);
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 20;');
    db.close();
    const reopened = new SqliteMonitorStore(path);
    expect((await verifyAudit(reopened)).problem).toMatchObject({ kind: 'truncated' });
    await reopened.close();
  });

  it('exports a time range as JSON lines that re-verify on their own', async () => {
    const monitor = new SqliteMonitorStore(original);
    const all: AuditRecord[] = [];
    for await (const r of monitor.auditRecords()) all.push(r);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const r = await exportAudit(monitor, { from: all[5].at, to: all[14].at }, out);
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(r.records).toBe(lines.length);
    expect(lines[0].at >= all[5].at && lines.at(-1).at <= all[14].at).toBe(true);
    for (const l of lines) expect(recordHash({ seq: l.seq, at: l.at, actor: l.actor, action: l.action, subject: l.subject, payload: l.payload, prevHash: l.prev_hash })).toBe(l.hash);
    for (let i = 1; i < lines.length; i++) expect(lines[i].prev_hash).toBe(lines[i - 1].hash);
    await monitor.close();
  });
});
