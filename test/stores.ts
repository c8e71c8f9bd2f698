import { afterAll, describe } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PgStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';
import { loadedHomeCopy } from './helpers.js';

/**
 * The stores every store test runs against: the embedded SQLite store always, PostgreSQL when
 * a test server is given by CLEARANCE_TEST_DATABASE_URL (set by .ci/run) or DATABASE_URL.
 * Without one, the PostgreSQL variants are reported as skipped, not left out.
 */
export const TEST_DATABASE_URL = process.env.CLEARANCE_TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

export type StoreKind = 'sqlite' | 'postgres';

export interface StoreFactory {
  kind: StoreKind;
  /** Why this kind is not tested in this run, when it is not. */
  skip?: string;
}

export const STORE_FACTORIES: StoreFactory[] = [
  { kind: 'sqlite' },
  { kind: 'postgres', ...(TEST_DATABASE_URL ? {} : { skip: 'no PostgreSQL test server: set CLEARANCE_TEST_DATABASE_URL (bash .ci/run does)' }) },
];

/**
 * Declares the same tests once per store kind. `fresh` makes a new empty store private to the
 * caller (a new SQLite file, or a new PostgreSQL schema so that test files run in parallel on
 * one server); every store made is closed, and its schema dropped, after the block.
 */
export function describeEachStore(title: string, body: (fresh: () => Promise<Store>, kind: StoreKind) => void): void {
  for (const factory of STORE_FACTORIES) {
    const name = `${title} [${factory.kind}]${factory.skip ? ` (skipped: ${factory.skip})` : ''}`;
    describe.skipIf(!!factory.skip)(name, () => {
      const made: Array<() => Promise<void>> = [];
      afterAll(async () => {
        for (const dispose of made) await dispose();
      });
      body(async () => {
        const { store, dispose } = await freshStore(factory.kind);
        made.push(dispose);
        return store;
      }, factory.kind);
    });
  }
}

export async function freshStore(kind: StoreKind): Promise<{ store: Store; dispose: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const home = await mkdtemp(join(tmpdir(), 'clearance-home-'));
    const store = new SqliteStore(join(home, 'clearance.sqlite'));
    return { store, dispose: () => store.close().catch(() => undefined) };
  }
  const { url, drop } = await freshSchema();
  const store = await PgStore.open(url);
  return {
    store,
    dispose: async () => {
      await store.close().catch(() => undefined);
      await drop();
    },
  };
}

let schemas = 0;

/**
 * A new, empty schema on the test server and a connection string whose search_path points at
 * it, so that everything made through that string (store tables, queue tables) lands there.
 */
export async function freshSchema(): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('no PostgreSQL test server: set CLEARANCE_TEST_DATABASE_URL');
  const schema = `clearance_test_${process.pid}_${Date.now().toString(36)}_${++schemas}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  // The batch queue keeps its tables beside the schema, in <schema>_pgboss (src/batch/queue.ts).
  return { url: url.toString(), schema, drop: () => adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE`) };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh PostgreSQL schema holding every list, copied version by version from the store the
 * global setup loaded from the real files (so the lists are parsed once per run, not per file).
 */
export async function pgWithLists(url?: string): Promise<{ url: string; store: PgStore; dispose: () => Promise<void> }> {
  const schema = url ? { url, drop: async () => undefined } : await freshSchema();
  const store = await PgStore.open(schema.url);
  await copyLoadedLists(store);
  return {
    url: schema.url,
    store,
    dispose: async () => {
      await store.close().catch(() => undefined);
      await schema.drop();
    },
  };
}

export async function copyLoadedLists(to: Store): Promise<void> {
  const from = new SqliteStore(join(await loadedHomeCopy(), 'clearance.sqlite'));
  try {
    for (const v of await from.currentVersions()) {
      const entities = [];
      for await (const e of from.entities([v.id])) entities.push(e);
      await to.saveVersion({ source: v.source, publishedAt: v.publishedAt, retrievedAt: v.retrievedAt, format: v.format, origin: v.origin, files: v.files, entities, warnings: v.warnings });
    }
  } finally {
    await from.close();
  }
}
