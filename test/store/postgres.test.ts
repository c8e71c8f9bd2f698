import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import pg from 'pg';
import type { Entity } from '../../src/model/entity.js';
import { PgStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { NewVersion, Store, VersionInfo } from '../../src/store/types.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/index.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { loadedHomeCopy } from '../helpers.js';
import { freshSchema, freshStore, TEST_DATABASE_URL } from '../stores.js';

/**
 * What only a shared network database has to get right: many processes migrating and saving at
 * once, bulk saves of a whole list, streaming, and rolling back a failed save. The entities are
 * the real lists, as the global setup loaded them into SQLite.
 */
const skip = TEST_DATABASE_URL ? '' : ' (skipped: no PostgreSQL test server; set CLEARANCE_TEST_DATABASE_URL, as bash .ci/run does)';

describe.skipIf(!TEST_DATABASE_URL)(`PostgreSQL store${skip}`, () => {
  let loaded: SqliteStore;
  let sdn: { version: VersionInfo; entities: Entity[] };
  const disposers: Array<() => Promise<void>> = [];

  const newStore = async () => {
    const s = await freshStore('postgres');
    disposers.push(s.dispose);
    return s.store;
  };
  const publication = (entities: Entity[], retrievedAt: string): NewVersion => ({
    source: 'us_ofac_sdn',
    publishedAt: sdn.version.publishedAt,
    retrievedAt,
    format: sdn.version.format,
    origin: 'test',
    files: sdn.version.files,
    entities,
    warnings: [],
  });

  beforeAll(async () => {
    loaded = new SqliteStore(join(await loadedHomeCopy(), 'clearance.sqlite'));
    const version = (await loaded.currentVersions()).find((v) => v.source === 'us_ofac_sdn')!;
    const entities: Entity[] = [];
    for await (const e of loaded.entities([version.id])) entities.push(e);
    sdn = { version, entities };
  });

  afterAll(async () => {
    await loaded?.close();
    for (const dispose of disposers) await dispose();
  });

  it('saves the whole SDN list (13,821 entities) as one version in a few seconds', async () => {
    const store = await newStore();
    const started = Date.now();
    const { version, created } = await store.saveVersion(publication(sdn.entities, '2025-01-01T00:00:00.000Z'));
    const ms = Date.now() - started;
    expect(created).toBe(true);
    expect(version).toMatchObject({ entityCount: 13821, added: 13821, removed: 0, changed: 0, current: true });
    expect(ms).toBeLessThan(15_000);
    expect(await store.entity('us_ofac_sdn:34119')).toEqual(sdn.entities.find((e) => e.id === 'us_ofac_sdn:34119'));
  });

  it('streams every list in the same order and content as the SQLite store', async () => {
    const store = await newStore();
    const versions = await loaded.currentVersions();
    for (const v of versions) {
      const entities: Entity[] = [];
      for await (const e of loaded.entities([v.id])) entities.push(e);
      await store.saveVersion({ ...publication(entities, v.retrievedAt), source: v.source, publishedAt: v.publishedAt });
    }
    const mine = (await store.currentVersions()).map((v) => [v.source, v.entityCount]);
    expect(mine).toEqual(versions.map((v) => [v.source, v.entityCount]));
    const ids = (s: Store) => collectIds(s.entities());
    expect(await ids(store)).toEqual(await ids(loaded));
    // Records of one target on several lists are joined the same way in both stores.
    const joined = sdn.entities.find((e) => e.identifiers.some((i) => i.type === 'imo'))!;
    expect(await store.sameAs(joined.id)).toEqual(await loaded.sameAs(joined.id));
  });

  it('two processes saving the same publication at once make one version; the other finds it unchanged', async () => {
    const { url, drop } = await freshSchema();
    disposers.push(drop);
    const [a, b] = await Promise.all([PgStore.open(url), PgStore.open(url)]);
    try {
      const results = await Promise.all([
        a.saveVersion(publication(sdn.entities, '2025-01-01T00:00:00.000Z')),
        b.saveVersion(publication(sdn.entities, '2025-01-01T00:00:01.000Z')),
      ]);
      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      expect(await a.versions('us_ofac_sdn')).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('two processes saving different publications at once: the second diffs against the first', async () => {
    const { url, drop } = await freshSchema();
    disposers.push(drop);
    const [a, b] = await Promise.all([PgStore.open(url), PgStore.open(url)]);
    const smaller = sdn.entities.slice(0, 10_000);
    try {
      await Promise.all([
        a.saveVersion(publication(sdn.entities, '2025-01-01T00:00:00.000Z')),
        b.saveVersion(publication(smaller, '2025-01-02T00:00:00.000Z')),
      ]);
      const [first, second] = await a.versions('us_ofac_sdn');
      // Whichever committed first started from nothing; the other saw it as current.
      expect(first.added).toBe(first.entityCount);
      expect(second.added + second.removed).toBe(13821 - 10_000);
      expect(second.current).toBe(true);
      expect(await a.changes({ versionId: second.id })).toHaveLength(13821 - 10_000);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('concurrent starters on an empty database apply each migration once', async () => {
    const { url, drop } = await freshSchema();
    disposers.push(drop);
    const stores = await Promise.all(Array.from({ length: 5 }, () => PgStore.open(url)));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await client.end();
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('a save that fails half-way leaves no trace: no version, no members, current version untouched', async () => {
    const store = (await newStore()) as PgStore;
    const good = await store.saveVersion(publication(sdn.entities, '2025-01-01T00:00:00.000Z'));
    // PostgreSQL text cannot hold NUL: this caption fails when members are inserted, after the version row.
    const broken = sdn.entities.map((e, i) => (i === 5000 ? { ...e, caption: `${e.caption}\u0000` } : e));
    await expect(store.saveVersion(publication(broken, '2025-01-02T00:00:00.000Z'))).rejects.toThrow();
    expect(await store.versions('us_ofac_sdn')).toEqual([good.version]);
    const { rows } = await store.pool.query<{ n: string }>('SELECT count(*) AS n FROM version_entities');
    expect(Number(rows[0].n)).toBe(13821);
  });
});

async function collectIds(entities: AsyncIterable<Entity>): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of entities) ids.push(e.id);
  return ids;
}

describe('openStore chooses the store', () => {
  it('the embedded SQLite file in the data folder when no database URL is given', async () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const store = await openStore(await mkdtemp(join(tmpdir(), 'clearance-home-')));
      expect(store).toBeInstanceOf(SqliteStore);
      await store.close();
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });

  it.skipIf(!TEST_DATABASE_URL)(`PostgreSQL when a database URL is given${skip}`, async () => {
    const { url, drop } = await freshSchema();
    const store = await openStore('/nonexistent', { databaseUrl: url });
    expect(store).toBeInstanceOf(PgStore);
    expect(await store.currentVersions()).toEqual([]);
    await store.close();
    await drop();
  });
});
