import pg from 'pg';
import type { Entity } from '../model/entity.js';
import { identityKeys } from '../model/crossref.js';
import type { SourceId } from '../model/sources.js';
import { diffEntities, entityHash } from './diff.js';
import { MIGRATIONS } from './migrations.js';
import { inTransaction } from './pg_tx.js';
import type { ApiKeyInfo, ChangeRecord, NewVersion, SavedVersion, Store, VersionInfo } from './types.js';
import { StoreRefusal } from './types.js';

/** Rows per statement in bulk inserts: large enough to be fast, small enough to bound each message. */
const BULK_ROWS = 5000;
/** Entities per page when streaming a version: memory stays flat whatever the list size. */
const PAGE_ROWS = 2000;

type Queryable = pg.Pool | pg.PoolClient;
type Row = Record<string, unknown>;

export interface PgStoreOptions {
  /** Most connections this process holds (default 10). */
  maxConnections?: number;
}

/**
 * The PostgreSQL store: the same tables, migrations and behaviour as the embedded SQLite
 * store, for several processes (API replicas, workers, updaters) sharing one database.
 * Saving a version is one transaction serialised per source by an advisory lock, so two
 * updaters of the same list never both diff against the same "current" version.
 */
export class PgStore implements Store {
  private constructor(readonly pool: pg.Pool) {}

  static async open(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process:
    // the pool discards it and the next query opens a new one.
    pool.on('error', () => undefined);
    const store = new PgStore(pool);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end();
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    await this.transaction(async (c) => {
      // Concurrent starters wait here, so only the first applies each migration.
      await c.query(`SELECT pg_advisory_xact_lock(hashtext(COALESCE(current_schema(), '') || ':clearance:migrations'))`);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await c.query(m.postgres);
        await c.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [m.version, new Date().toISOString()]);
      }
    });
  }

  async saveVersion(input: NewVersion): Promise<SavedVersion> {
    const hashes = new Map<string, string>();
    for (const e of input.entities) hashes.set(e.id, entityHash(e));
    const saved = await this.transaction(async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':clearance:save:' || $1))`, [input.source]);
      const current = await this.currentVersionOf(c, input.source);
      const previous = current ? await this.hashesOf(c, current.id) : new Map<string, string>();
      if (current && !input.force && input.entities.length < current.entityCount * 0.5) {
        throw new StoreRefusal(
          `${input.source}: the new publication has ${input.entities.length} records, less than half of the current ${current.entityCount}; ` +
            'refusing it as a probably broken file (use --force if the list really shrank)',
        );
      }
      if (current && sameContent(previous, hashes)) {
        await c.query('UPDATE versions SET checked_at = $1 WHERE id = $2', [input.retrievedAt, current.id]);
        return { id: current.id, created: false };
      }
      return { id: await this.writeVersion(c, input, hashes, previous), created: true };
    });
    return { version: (await this.version(saved.id))!, created: saved.created };
  }

  private async writeVersion(c: pg.PoolClient, input: NewVersion, hashes: Map<string, string>, previous: Map<string, string>): Promise<number> {
    const byId = new Map(input.entities.map((e) => [e.id, e]));
    const added = [...hashes.keys()].filter((id) => !previous.has(id));
    const removed = [...previous.keys()].filter((id) => !hashes.has(id));
    const changed = [...hashes.keys()].filter((id) => previous.has(id) && previous.get(id) !== hashes.get(id));

    const { rows } = await c.query<{ id: number }>(
      `INSERT INTO versions (source, published_at, retrieved_at, checked_at, format, origin, files, entity_count, added, removed, changed, warnings)
       VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        input.source,
        input.publishedAt ?? null,
        input.retrievedAt,
        input.format,
        input.origin,
        JSON.stringify(input.files),
        input.entities.length,
        added.length,
        removed.length,
        changed.length,
        JSON.stringify(input.warnings),
      ],
    );
    const versionId = rows[0].id;

    const blobs = new Map<string, string>();
    const keys = new Map<string, [string, string]>();
    for (const e of input.entities) {
      blobs.set(hashes.get(e.id)!, JSON.stringify(e));
      for (const key of identityKeys(e)) keys.set(`${key}\u0000${e.id}`, [key, e.id]);
    }
    await bulkInsert(c, 'INSERT INTO entity_blobs (hash, data) SELECT r->>0, r->>1 FROM json_array_elements($1::json) r ON CONFLICT DO NOTHING', [...blobs]);
    await bulkInsert(
      c,
      'INSERT INTO version_entities (version_id, entity_id, hash, caption) SELECT $2::int, r->>0, r->>1, r->>2 FROM json_array_elements($1::json) r',
      input.entities.map((e) => [e.id, hashes.get(e.id)!, e.caption]),
      [versionId],
    );
    await bulkInsert(
      c,
      'INSERT INTO identity_keys (version_id, key, entity_id) SELECT $2::int, r->>0, r->>1 FROM json_array_elements($1::json) r ON CONFLICT DO NOTHING',
      [...keys.values()],
      [versionId],
    );

    const old = await this.blobs(c, [...removed, ...changed].map((id) => previous.get(id)!));
    const changeRows: Array<[string, string, string, string]> = [
      ...added.map((id): [string, string, string, string] => [id, 'added', byId.get(id)!.caption, '[]']),
      ...removed.map((id): [string, string, string, string] => [id, 'removed', old.get(previous.get(id)!)!.caption, '[]']),
      ...changed.map((id): [string, string, string, string] => [
        id,
        'changed',
        byId.get(id)!.caption,
        JSON.stringify(diffEntities(old.get(previous.get(id)!)!, byId.get(id)!)),
      ]),
    ];
    await bulkInsert(
      c,
      'INSERT INTO changes (version_id, entity_id, kind, caption, fields) SELECT $2::int, r->>0, r->>1, r->>2, r->>3 FROM json_array_elements($1::json) r',
      changeRows,
      [versionId],
    );
    await c.query(
      'INSERT INTO current_versions (source, version_id) VALUES ($1, $2) ON CONFLICT (source) DO UPDATE SET version_id = excluded.version_id',
      [input.source, versionId],
    );
    return versionId;
  }

  async markChecked(versionId: number, at: string): Promise<void> {
    await this.pool.query('UPDATE versions SET checked_at = $1 WHERE id = $2', [at, versionId]);
  }

  async logFailure(source: SourceId, at: string, error: string): Promise<void> {
    await this.pool.query('INSERT INTO update_failures (source, at, error) VALUES ($1, $2, $3)', [source, at, error]);
  }

  async lastFailures(): Promise<Array<{ source: SourceId; at: string; error: string }>> {
    // A failure matters only while no later version succeeded.
    const { rows } = await this.pool.query<{ source: SourceId; at: string; error: string }>(
      `SELECT f.source, f.at, f.error FROM update_failures f
       WHERE f.id = (SELECT MAX(id) FROM update_failures g WHERE g.source = f.source)
         AND f.at > COALESCE((SELECT MAX(v.checked_at) FROM versions v WHERE v.source = f.source), '')
       ORDER BY f.source`,
    );
    return rows;
  }

  async currentVersions(): Promise<VersionInfo[]> {
    return this.versionRows(this.pool, 'WHERE v.id IN (SELECT version_id FROM current_versions) ORDER BY v.source');
  }

  async versions(source?: SourceId): Promise<VersionInfo[]> {
    return source
      ? this.versionRows(this.pool, 'WHERE v.source = $1 ORDER BY v.id', source)
      : this.versionRows(this.pool, 'ORDER BY v.source, v.id');
  }

  async versionsAsOf(date: string): Promise<VersionInfo[]> {
    const end = `${date}\uffff`; // the whole day counts: timestamps on that date sort below this
    return this.versionRows(
      this.pool,
      `WHERE v.id IN (
         SELECT (SELECT w.id FROM versions w WHERE w.source = s.source AND ${EFFECTIVE('w')} <= $1
                 ORDER BY ${EFFECTIVE('w')} DESC, w.id DESC LIMIT 1)
         FROM (SELECT DISTINCT source FROM versions) s)
       ORDER BY v.source`,
      end,
    );
  }

  async version(id: number): Promise<VersionInfo | undefined> {
    return (await this.versionRows(this.pool, 'WHERE v.id = $1', id))[0];
  }

  /** Streams page by page (keyset on entity id), holding no connection between pages. */
  async *entities(versionIds?: number[]): AsyncIterable<Entity> {
    const ids = versionIds ?? (await this.currentVersions()).map((v) => v.id);
    for (const vid of ids) {
      let after = '';
      for (;;) {
        const { rows } = await this.pool.query<{ entity_id: string; data: string }>(
          `SELECT m.entity_id, b.data FROM version_entities m JOIN entity_blobs b ON b.hash = m.hash
           WHERE m.version_id = $1 AND m.entity_id > $2 ORDER BY m.entity_id LIMIT ${PAGE_ROWS}`,
          [vid, after],
        );
        for (const row of rows) yield JSON.parse(row.data) as Entity;
        if (rows.length < PAGE_ROWS) break;
        after = rows[rows.length - 1].entity_id;
      }
    }
  }

  async entity(id: string, versionIds?: number[]): Promise<Entity | undefined> {
    const ids = versionIds ?? (await this.currentVersions()).map((v) => v.id);
    if (!ids.length) return undefined;
    const { rows } = await this.pool.query<{ data: string }>(
      `SELECT b.data FROM version_entities m JOIN entity_blobs b ON b.hash = m.hash
       WHERE m.entity_id = $1 AND m.version_id = ANY($2::int[]) ORDER BY m.version_id LIMIT 1`,
      [id, ids],
    );
    return rows[0] ? (JSON.parse(rows[0].data) as Entity) : undefined;
  }

  async sameAs(id: string, versionIds?: number[]): Promise<Array<{ entityId: string; key: string }>> {
    const ids = versionIds ?? (await this.currentVersions()).map((v) => v.id);
    if (!ids.length) return [];
    const { rows } = await this.pool.query<{ entityId: string; key: string }>(
      `SELECT DISTINCT o.entity_id AS "entityId", o.key AS key FROM identity_keys k
       JOIN identity_keys o ON o.key = k.key AND o.entity_id <> k.entity_id
       WHERE k.entity_id = $1 AND k.version_id = ANY($2::int[]) AND o.version_id = ANY($2::int[])
       ORDER BY o.entity_id`,
      [id, ids],
    );
    return rows;
  }

  async changes(filter: { source?: SourceId; since?: string; versionId?: number }): Promise<ChangeRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown) => (args.push(v), `$${args.length}`);
    if (filter.source) where.push(`v.source = ${arg(filter.source)}`);
    if (filter.since) where.push(`${EFFECTIVE('v')} >= ${arg(filter.since)}`);
    if (filter.versionId !== undefined) where.push(`v.id = ${arg(filter.versionId)}`);
    const { rows } = await this.pool.query<Row>(
      `SELECT c.version_id, v.source, ${EFFECTIVE('v')} AS date, c.entity_id, c.caption, c.kind, c.fields
       FROM changes c JOIN versions v ON v.id = c.version_id
       ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY c.version_id, c.kind, c.entity_id`,
      args,
    );
    return rows.map((r) => ({
      versionId: Number(r.version_id),
      source: r.source as SourceId,
      date: String(r.date),
      entityId: String(r.entity_id),
      caption: String(r.caption),
      kind: r.kind as ChangeRecord['kind'],
      fields: JSON.parse(String(r.fields)),
    }));
  }

  async createApiKey(key: { id: string; name: string; hash: string; createdAt: string }): Promise<void> {
    await this.pool.query('INSERT INTO api_keys (id, name, hash, created_at) VALUES ($1, $2, $3, $4)', [key.id, key.name, key.hash, key.createdAt]);
  }

  async listApiKeys(): Promise<ApiKeyInfo[]> {
    const { rows } = await this.pool.query<Record<string, string | null>>('SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY created_at');
    return rows.map((r) => ({ id: r.id!, name: r.name!, createdAt: r.created_at!, ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}) }));
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    const r = await this.pool.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
    return (r.rowCount ?? 0) > 0;
  }

  async activeApiKeyHashes(): Promise<string[]> {
    return (await this.pool.query<{ hash: string }>('SELECT hash FROM api_keys WHERE revoked_at IS NULL')).rows.map((r) => r.hash);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Runs `fn` in one transaction on one connection: committed if it returns, rolled back if it throws. */
  transaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, fn);
  }

  private async currentVersionOf(c: Queryable, source: SourceId): Promise<VersionInfo | undefined> {
    return (await this.versionRows(c, 'WHERE v.id = (SELECT version_id FROM current_versions WHERE source = $1)', source))[0];
  }

  private async hashesOf(c: Queryable, versionId: number): Promise<Map<string, string>> {
    const { rows } = await c.query<{ entity_id: string; hash: string }>('SELECT entity_id, hash FROM version_entities WHERE version_id = $1', [versionId]);
    return new Map(rows.map((r) => [r.entity_id, r.hash]));
  }

  private async blobs(c: Queryable, hashes: string[]): Promise<Map<string, Entity>> {
    const out = new Map<string, Entity>();
    for (let i = 0; i < hashes.length; i += BULK_ROWS) {
      const { rows } = await c.query<{ hash: string; data: string }>('SELECT hash, data FROM entity_blobs WHERE hash = ANY($1::text[])', [
        hashes.slice(i, i + BULK_ROWS),
      ]);
      for (const r of rows) out.set(r.hash, JSON.parse(r.data) as Entity);
    }
    return out;
  }

  private async versionRows(c: Queryable, tail: string, ...args: unknown[]): Promise<VersionInfo[]> {
    const { rows } = await c.query<Row>(`SELECT v.*, (v.id IN (SELECT version_id FROM current_versions)) AS is_current FROM versions v ${tail}`, args);
    return rows.map(toVersionInfo);
  }
}

/** A version takes effect on its publication date when the file states one, else when it was fetched. */
const EFFECTIVE = (t: string) => `COALESCE(${t}.published_at, ${t}.retrieved_at)`;

/**
 * Inserts rows BULK_ROWS at a time, each batch sent as one JSON array of arrays (`$1`, read
 * with json_array_elements): serialising one JSON text is far cheaper than the driver's
 * escaping of large text arrays. `fixed` are further parameters ($2 ...) shared by every row.
 */
async function bulkInsert(c: pg.PoolClient, sql: string, rows: unknown[][], fixed: unknown[] = []): Promise<void> {
  for (let i = 0; i < rows.length; i += BULK_ROWS) {
    await c.query(sql, [JSON.stringify(rows.slice(i, i + BULK_ROWS)), ...fixed]);
  }
}

function sameContent(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, h] of a) if (b.get(id) !== h) return false;
  return true;
}

function toVersionInfo(r: Row): VersionInfo {
  const info: VersionInfo = {
    id: Number(r.id),
    source: r.source as SourceId,
    retrievedAt: String(r.retrieved_at),
    checkedAt: String(r.checked_at),
    format: String(r.format),
    origin: String(r.origin),
    files: JSON.parse(String(r.files)),
    entityCount: Number(r.entity_count),
    added: Number(r.added),
    removed: Number(r.removed),
    changed: Number(r.changed),
    warnings: JSON.parse(String(r.warnings)),
    current: r.is_current === true,
  };
  if (r.published_at) info.publishedAt = String(r.published_at);
  return info;
}
