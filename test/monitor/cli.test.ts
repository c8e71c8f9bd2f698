import { beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearance, LISTS_DIR } from '../helpers.js';
import { customerFile, xmlPublication } from './lists.js';

/** The monitoring commands of the real `clearance` binary, over the two real consolidated-list versions. */

let home: string;
const run = (args: string[], env: Record<string, string> = {}) => clearance(['--home', home, ...args], { env: { CLEARANCE_ACTOR: 'cli:tester', ...env } });
let lukoilAlert: number;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'clearance-monitor-cli-'));
  const first = await run(['update', '--from', await xmlPublication(), '--source', 'us_ofac_cons']);
  expect(first.code).toBe(0);
});

describe('clearance customers / alerts / audit / webhooks / monitor', () => {
  it('imports customers and screens them at once, listing the alerts raised', async () => {
    const file = await customerFile([
      { id: 'c-lukoil', name: 'LUKOIL OAO', type: 'company' },
      { id: 'c-removed', name: 'Evren Kayakiran', type: 'person' },
      { id: 'c-hikvision', name: 'Hangzhou Hikvision Digital Technology Co., Ltd.', type: 'company' },
      { id: 'c-clean', name: 'Patricia Lucas Wheeler', type: 'person', birth_date: '2002-07-14', country: 'Ethiopia' },
      { id: '', name: 'No Id At All', type: 'person' },
    ]);
    const r = await run(['customers', 'import', file]);
    expect(r.code).toBe(1); // one row refused
    expect(r.stdout).toMatch(/5 rows: 4 new, 0 changed, 0 unchanged customers, 1 refused/);
    expect(r.stderr).toMatch(/row 5: no customer id/);
    expect(r.stdout).toMatch(/us_ofac_cons:17248 LUKOIL OAO/);

    const list = JSON.parse((await run(['customers', 'list', '--json'])).stdout);
    expect(list.total).toBe(4);
    expect(list.customers.map((c: { id: string }) => c.id)).toEqual(['c-clean', 'c-hikvision', 'c-lukoil', 'c-removed']);
    const shown = await run(['customers', 'show', 'c-clean']);
    expect(shown.stdout).toMatch(/c-clean: Patricia Lucas Wheeler/);
    expect(shown.stdout).toMatch(/no match/);
  });

  it('lists, shows and decides alerts', async () => {
    const listed = JSON.parse((await run(['alerts', 'list', '--json'])).stdout);
    expect(listed.counts.open).toBe(3);
    lukoilAlert = listed.alerts.find((a: { customer_id: string }) => a.customer_id === 'c-lukoil').id;
    const decided = await run(['alerts', 'decide', String(lukoilAlert), '--decision', 'false_positive', '--reason', 'a filling station in Kaunas', '--as', 'alice']);
    expect(decided.code).toBe(0);
    expect(decided.stdout).toMatch(/is now false_positive/);
    const shown = await run(['alerts', 'show', String(lukoilAlert)]);
    expect(shown.stdout).toMatch(/decision: false_positive by alice .*: a filling station in Kaunas/);
    expect(shown.stdout).toMatch(/alice {2}decided open -> false_positive/);
    const bad = await run(['alerts', 'update', String(lukoilAlert), '--state', 'in_review']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is false_positive; it can move to/);
  });

  it('runs monitoring after `clearance update`: the delisting closes its alert; the false positive reopens on a new alias', async () => {
    const r = await run(['update', '--from', LISTS_DIR, '--source', 'us_ofac_cons']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/monitoring run #\d+: 0 added, 12 changed, 1 removed list entities checked against 4 customers/);
    expect(r.stdout).toMatch(/alerts: 0 new, 1 reopened, 0 updated, 1 delisted, 0 suppressed by decisions/);
    const reopened = JSON.parse((await run(['alerts', 'show', String(lukoilAlert), '--json'])).stdout).alert;
    expect(reopened).toMatchObject({ state: 'open', changes: expect.arrayContaining(['new name "PUBLIC JOINT-STOCK COMPANY OIL COMPANY LUKOIL"']) });
    const removed = JSON.parse((await run(['alerts', 'list', '--customer', 'c-removed', '--json'])).stdout).alerts[0];
    expect(removed).toMatchObject({ state: 'closed', reason: expect.stringMatching(/^delisted on /) });
    const runs = await run(['monitor', 'runs']);
    expect(runs.stdout).toMatch(/incremental +update/);
  });

  it('records screenings and every step in an audit trail that verifies, exports, and certifies', async () => {
    expect((await run(['screen', 'Hangzhou Hikvision Digital Technology'])).code).toBe(1);
    const verified = await run(['audit', 'verify']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/audit trail intact: \d+ records; head \d+:[0-9a-f]{64}/);
    const head = (await run(['audit', 'head'])).stdout.trim();
    expect(head).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect((await run(['audit', 'verify', '--anchor', head])).code).toBe(0);

    const exported = await run(['audit', 'export', '--from', new Date().toISOString().slice(0, 10)]);
    const records = exported.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(records.length).toBe(Number(head.split(':')[0]));
    const actions = new Set(records.map((r) => r.action));
    for (const a of ['lists.updated', 'monitor.run', 'customers.import', 'customers.screened', 'alert.created', 'alert.decided', 'alert.delisted', 'screen.cli']) expect(actions).toContain(a);
    const screening = records.find((r) => r.action === 'screen.cli');
    expect(screening).toMatchObject({ actor: 'cli:tester', payload: { inputs: { name: 'Hangzhou Hikvision Digital Technology' } } });
    expect(screening.payload.results[0].entity_id).toBe('us_ofac_cons:30946');

    const cert = await run(['audit', 'certificate', 'c-lukoil']);
    expect(cert.stdout).toMatch(/SCREENING CERTIFICATE — customer c-lukoil/);
    expect(cert.stdout).toMatch(/us_ofac_cons #1 \(published 2025-03-28\)/);
    expect(cert.stdout).toMatch(/changes: us_ofac_cons #1 -> #2/);
    expect(cert.stdout).toMatch(/alice: decided -> false_positive/);
    expect(cert.stdout).toMatch(/reopened -> open/);
    expect(cert.stdout).toMatch(/cited record\(s\) intact/);
  });

  it('finds a tampered audit record and exits 1', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'clearance-monitor-cli-tampered-'));
    await copyFile(join(home, 'clearance.sqlite'), join(copy, 'clearance.sqlite'));
    const db = new Database(join(copy, 'clearance.sqlite'));
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'cli:mallory' WHERE seq = 3;");
    db.close();
    const r = await clearance(['--home', copy, 'audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/AUDIT TRAIL BROKEN at record 3 \(edited\)/);
  });

  it('manages webhook subscriptions', async () => {
    const added = await run(['webhooks', 'add', 'https://hooks.example.org/clearance', '--event', 'alert.created', 'alert.updated', '--json']);
    const sub = JSON.parse(added.stdout);
    expect(sub).toMatchObject({ url: 'https://hooks.example.org/clearance', events: ['alert.created', 'alert.updated'], secret: expect.stringMatching(/^whsec_/) });
    const listed = JSON.parse((await run(['webhooks', 'list', '--json'])).stdout);
    expect(listed).toEqual([expect.objectContaining({ id: sub.id })]);
    expect((await run(['webhooks', 'remove', sub.id])).code).toBe(0);
    expect(JSON.parse((await run(['webhooks', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('deletes a customer and closes its open alerts', async () => {
    expect((await run(['customers', 'delete', 'c-hikvision'])).code).toBe(0);
    const alerts = JSON.parse((await run(['alerts', 'list', '--customer', 'c-hikvision', '--json'])).stdout).alerts;
    expect(alerts[0]).toMatchObject({ state: 'closed', reason: 'customer deleted' });
    expect((await run(['customers', 'show', 'c-hikvision'])).code).toBe(2);
  });
});
