import { beforeAll, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updateSources } from '../../src/ingest/update.js';
import type { Store } from '../../src/store/types.js';
import { GARBAGE, LISTS_DIR, realFiles, VERSIONS_DIR, writePublication, type PublicationFile } from '../helpers.js';
import { describeEachStore } from '../stores.js';

/** A folder laid out as <dir>/<source id>/<files>, made from real files. */
async function layout(files: Record<string, Record<string, PublicationFile>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clearance-src-'));
  for (const [source, entries] of Object.entries(files)) await writePublication(join(dir, source), entries);
  return dir;
}

/** A new empty store of the kind under test, and a downloads folder of its own. */
async function freshStore(fresh: () => Promise<Store>): Promise<{ store: Store; work: string }> {
  const home = await mkdtemp(join(tmpdir(), 'clearance-home-'));
  return { store: await fresh(), work: join(home, 'downloads') };
}

const SDN = join(LISTS_DIR, 'us_ofac_sdn');
const sdnFiles = realFiles(SDN, ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv']);

describeEachStore('us_ofac_cons: XML publication, then CSV publication', (fresh) => {
  let store: Store;
  let xmlIds: Set<string>;
  let csvIds: Set<string>;

  beforeAll(async () => {
    const s = await freshStore(fresh);
    store = s.store;
    const xml = await readFile(join(VERSIONS_DIR, 'us_ofac_cons-2025-03-28', 'consolidated.xml'), 'utf8');
    xmlIds = new Set([...xml.matchAll(/<sdnEntry>\s*<uid>(\d+)<\/uid>/g)].map((m) => `us_ofac_cons:${m[1]}`));
    const csv = await readFile(join(LISTS_DIR, 'us_ofac_cons', 'cons_prim.csv'), 'latin1');
    csvIds = new Set([...csv.matchAll(/^(\d+),/gm)].map((m) => `us_ofac_cons:${m[1]}`));
    const a = await layout({ us_ofac_cons: { 'consolidated.xml': { copy: join(VERSIONS_DIR, 'us_ofac_cons-2025-03-28', 'consolidated.xml') } } });
    const [r1] = await updateSources(store, { from: a, sources: ['us_ofac_cons'], workDir: s.work });
    expect(r1.error).toBeUndefined();
    const [r2] = await updateSources(store, { from: LISTS_DIR, sources: ['us_ofac_cons'], workDir: s.work });
    expect(r2.error).toBeUndefined();
  });

  it('keeps two versions, the XML one dated by its Publish_Date', async () => {
    const versions = await store.versions('us_ofac_cons');
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatchObject({ publishedAt: '2025-03-28', format: expect.stringMatching(/xml/), entityCount: xmlIds.size, current: false });
    expect(versions[1]).toMatchObject({ entityCount: csvIds.size, current: true });
    expect(versions[1].files.map((f) => f.name).sort()).toEqual(['cons_add.csv', 'cons_alt.csv', 'cons_comments.csv', 'cons_prim.csv']);
    expect(versions[1].files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.size > 0)).toBe(true);
  });

  it('records as additions and removals exactly the records that entered and left the list', async () => {
    const changes = await store.changes({ source: 'us_ofac_cons', versionId: (await store.versions('us_ofac_cons'))[1].id });
    const added = changes.filter((c) => c.kind === 'added').map((c) => c.entityId).sort();
    const removed = changes.filter((c) => c.kind === 'removed').map((c) => c.entityId).sort();
    expect(added).toEqual([...csvIds].filter((id) => !xmlIds.has(id)).sort());
    expect(removed).toEqual([...xmlIds].filter((id) => !csvIds.has(id)).sort());
    // A format switch must not show every entity as changed: only entries whose content moved.
    const changed = changes.filter((c) => c.kind === 'changed');
    expect(changed.length).toBeLessThan(csvIds.size * 0.1);
    for (const c of changed) expect(c.fields.length).toBeGreaterThan(0);
  });

  it('answers as of a date from the versions held', async () => {
    expect(await store.versionsAsOf('2025-01-01')).toEqual([]);
    const [old] = await store.versionsAsOf('2025-04-01');
    expect(old.publishedAt).toBe('2025-03-28');
    const [now] = await store.versionsAsOf(new Date().toISOString().slice(0, 10));
    expect(now.current).toBe(true);
    const sensetime = await store.entity('us_ofac_cons:33114', [now.id]);
    expect(sensetime?.caption).toBe('SENSETIME GROUP LIMITED');
  });

  it('makes no new version when a publication is unchanged, but records the check', async () => {
    const before = await store.versions('us_ofac_cons');
    const [r] = await updateSources(store, { from: LISTS_DIR, sources: ['us_ofac_cons'], workDir: '/nonexistent' });
    expect(r).toMatchObject({ ok: true, created: false });
    const after = await store.versions('us_ofac_cons');
    expect(after).toHaveLength(before.length);
    expect(after[1].checkedAt >= before[1].checkedAt).toBe(true);
  });
});

describeEachStore('a broken us_ofac_sdn publication never replaces the last good version', (fresh) => {
  let store: Store;
  let work: string;
  let good: { id: number; entityCount: number };
  const sdnCsv = readFile(join(SDN, 'sdn.csv'));

  beforeAll(async () => {
    ({ store, work } = await freshStore(fresh));
    const [r] = await updateSources(store, { from: await layout({ us_ofac_sdn: sdnFiles }), sources: ['us_ofac_sdn'], workDir: work });
    expect(r.error).toBeUndefined();
    good = r.version!;
    expect(good.entityCount).toBe(13821);
  });

  async function expectRefused(dir: string, message: RegExp) {
    const [r] = await updateSources(store, { from: dir, sources: ['us_ofac_sdn'], workDir: work });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(message);
    const [current] = await store.currentVersions();
    expect(current).toMatchObject({ id: good.id, entityCount: good.entityCount });
    expect(await store.entity('us_ofac_sdn:34119')).toMatchObject({ caption: 'TUNIYAZ, Erken' });
    expect((await store.lastFailures()).map((f) => f.source)).toContain('us_ofac_sdn');
  }

  it('sdn.csv alone (the 2024-05-03 publication folder) is incomplete', async () => {
    const dir = await layout({ us_ofac_sdn: { 'sdn.csv': { copy: join(VERSIONS_DIR, 'us_ofac_sdn-2024-05-03', 'sdn.csv') } } });
    await expectRefused(dir, /incomplete.*(add\.csv|alt\.csv|sdn_comments\.csv)/);
  });

  it('a file cut in half', async () => {
    const buf = await sdnCsv;
    await expectRefused(await layout({ us_ofac_sdn: { ...sdnFiles, 'sdn.csv': buf.subarray(0, Math.floor(buf.length / 2)) } }), /sdn\.csv|add\.csv|alt\.csv/);
  });

  it('an empty file', async () => {
    await expectRefused(await layout({ us_ofac_sdn: { ...sdnFiles, 'alt.csv': '' } }), /alt\.csv: file is empty/);
  });

  it('garbage bytes', async () => {
    await expectRefused(await layout({ us_ofac_sdn: { ...sdnFiles, 'sdn.csv': GARBAGE } }), /sdn\.csv/);
  });

  it("another source's file in the wrong folder", async () => {
    await expectRefused(await layout({ us_ofac_sdn: { 'consolidated.xml': { copy: join(LISTS_DIR, 'un_sc', 'consolidated.xml') } } }), /us_ofac_sdn|SDN|sdn\.csv/i);
  });

  it('other sources still update when one fails', async () => {
    const dir = await layout({
      us_ofac_sdn: { 'sdn.csv': { copy: join(SDN, 'sdn.csv') } },
      us_bis_dpl: { 'dpl.txt': { copy: join(LISTS_DIR, 'us_bis_dpl', 'dpl.txt') } },
    });
    const results = await updateSources(store, { from: dir, sources: ['us_ofac_sdn', 'us_bis_dpl'], workDir: work });
    expect(results.map((r) => r.ok)).toEqual([false, true]);
  });
});
