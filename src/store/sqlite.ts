import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Entity } from '../model/entity.js';
import { identityKeys } from '../model/crossref.js';
import type { SourceId } from '../model/sources.js';
import { diffEntities, entityHash, type FieldChange } from './diff.js';
import { MIGRATIONS } from './migrations.js';
import type { ApiKeyInfo, ChangeRecord, NewVersion, SavedVersion, Store, VersionInfo } from './types.js';
import { StoreRefusal } from './types.js';
import { statementCache } from './statements.js';

/**
 * The embedded store: one SQLite file. Entity content is stored once per distinct content
 * (by hash) and each version lists which content each entity had, so keeping every version
 * costs a row per entity per version, not a copy of the list.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly statement: (sql: string) => Database.Statement;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.statement = statementCache(this.db);
    this.migrate();
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const done = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sqlite);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
      })();
    }
  }

  async saveVersion(input: NewVersion): Promise<SavedVersion> {
    const current = this.currentVersionOf(input.source);
    const hashes = new Map<string, string>();
    for (const e of input.entities) hashes.set(e.id, entityHash(e));
    const previous = current ? this.hashesOf(current.id) : new Map<string, string>();

    if (current && !input.force && input.entities.length < current.entityCount * 0.5) {
      throw new StoreRefusal(
        `${input.source}: the new publication has ${input.entities.length} records, less than half of the current ${current.entityCount}; ` +
          'refusing it as a probably broken file (use --force if the list really shrank)',
      );
    }
    if (current && sameContent(previous, hashes)) {
      await this.markChecked(current.id, input.retrievedAt);
      return { version: (await this.version(current.id))!, created: false };
    }

    const byId = new Map(input.entities.map((e) => [e.id, e]));
    const added = [...hashes.keys()].filter((id) => !previous.has(id));
    const removed = [...previous.keys()].filter((id) => !hashes.has(id));
    const changed = [...hashes.keys()].filter((id) => previous.has(id) && previous.get(id) !== hashes.get(id));

    const write = this.db.transaction((): number => {
      const info = this.db
        .prepare(
          `INSERT INTO versions (source, published_at, retrieved_at, checked_at, format, origin, files, entity_count, added, removed, changed, warnings)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.source,
          input.publishedAt ?? null,
          input.retrievedAt,
          input.retrievedAt,
          input.format,
          input.origin,
          JSON.stringify(input.files),
          input.entities.length,
          added.length,
          removed.length,
          changed.length,
          JSON.stringify(input.warnings),
        );
      const versionId = Number(info.lastInsertRowid);
      const putBlob = this.db.prepare('INSERT OR IGNORE INTO entity_blobs (hash, data) VALUES (?, ?)');
      const putMember = this.db.prepare('INSERT INTO version_entities (version_id, entity_id, hash, caption) VALUES (?, ?, ?, ?)');
      const putKey = this.db.prepare('INSERT OR IGNORE INTO identity_keys (version_id, key, entity_id) VALUES (?, ?, ?)');
      for (const e of input.entities) {
        const h = hashes.get(e.id)!;
        putBlob.run(h, JSON.stringify(e));
        putMember.run(versionId, e.id, h, e.caption);
        for (const key of identityKeys(e)) putKey.run(versionId, key, e.id);
      }
      const putChange = this.db.prepare(
        'INSERT INTO changes (version_id, entity_id, kind, caption, fields) VALUES (?, ?, ?, ?, ?)',
      );
      for (const id of added) putChange.run(versionId, id, 'added', byId.get(id)!.caption, '[]');
      for (const id of removed) {
        const old = this.blob(previous.get(id)!);
        putChange.run(versionId, id, 'removed', old.caption, '[]');
      }
      for (const id of changed) {
        const fields: FieldChange[] = diffEntities(this.blob(previous.get(id)!), byId.get(id)!);
        putChange.run(versionId, id, 'changed', byId.get(id)!.caption, JSON.stringify(fields));
      }
      this.db
        .prepare('INSERT INTO current_versions (source, version_id) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET version_id = excluded.version_id')
        .run(input.source, versionId);
      return versionId;
    });
    const id = write.immediate();
    return { version: (await this.version(id))!, created: true };
  }

  async markChecked(versionId: number, at: string): Promise<void> {
    this.db.prepare('UPDATE versions SET checked_at = ? WHERE id = ?').run(at, versionId);
  }

  async logFailure(source: SourceId, at: string, error: string): Promise<void> {
    this.db.prepare('INSERT INTO update_failures (source, at, error) VALUES (?, ?, ?)').run(source, at, error);
  }

  async lastFailures(): Promise<Array<{ source: SourceId; at: string; error: string }>> {
    // A failure matters only while no later version succeeded.
    return this.db
      .prepare(
        `SELECT f.source, f.at, f.error FROM update_failures f
         WHERE f.id = (SELECT MAX(id) FROM update_failures g WHERE g.source = f.source)
           AND f.at > COALESCE((SELECT MAX(v.checked_at) FROM versions v WHERE v.source = f.source), '')
         ORDER BY f.source`,
      )
      .all() as Array<{ source: SourceId; at: string; error: string }>;
  }

  async currentVersions(): Promise<VersionInfo[]> {
    return this.versionRows('WHERE v.id IN (SELECT version_id FROM current_versions) ORDER BY v.source');
  }

  async versions(source?: SourceId): Promise<VersionInfo[]> {
    return source
      ? this.versionRows('WHERE v.source = ? ORDER BY v.id', source)
      : this.versionRows('ORDER BY v.source, v.id');
  }

  async versionsAsOf(date: string): Promise<VersionInfo[]> {
    const end = `${date}\uffff`; // the whole day counts: timestamps on that date sort below this
    return this.versionRows(
      `WHERE v.id IN (
         SELECT (SELECT w.id FROM versions w WHERE w.source = s.source AND ${EFFECTIVE('w')} <= ?
                 ORDER BY ${EFFECTIVE('w')} DESC, w.id DESC LIMIT 1)
         FROM (SELECT DISTINCT source FROM versions) s)
       ORDER BY v.source`,
      end,
    );
  }

  async version(id: number): Promise<VersionInfo | undefined> {
    return this.versionRows('WHERE v.id = ?', id)[0];
  }

  async *entities(versionIds?: number[]): AsyncIterable<Entity> {
    const ids = versionIds ?? (await this.currentVersions()).map((v) => v.id);
    const stmt = this.db.prepare(
      'SELECT b.data FROM version_entities m JOIN entity_blobs b ON b.hash = m.hash WHERE m.version_id = ? ORDER BY m.entity_id',
    );
    for (const vid of ids) {
      for (const row of stmt.iterate(vid) as IterableIterator<{ data: string }>) yield JSON.parse(row.data) as Entity;
    }
  }

  async entity(id: string, versionIds?: number[]): Promise<Entity | undefined> {
    const ids = versionIds ?? (await this.currentVersions()).map((v) => v.id);
    if (!ids.length) return undefined;
    const row = this.db
      .prepare(
        `SELECT b.data FROM version_entities m JOIN entity_blobs b ON b.hash = m.hash
         WHERE m.entity_id = ? AND m.version_id IN (${ids.map(() => '?').join(',')})`,
      )
      .get(id, ...ids) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Entity) : undefined;
  }

  async sameAs(id: string, versionIds?: number[]): Promise<Array<{ entityId: string; key: string }>> {
    const ids = versionIds ?? (await this.currentVersions()).map((v) => v.id);
    if (!ids.length) return [];
    const inList = ids.map(() => '?').join(',');
    return this.db
      .prepare(
        `SELECT DISTINCT o.entity_id AS entityId, o.key AS key FROM identity_keys k
         JOIN identity_keys o ON o.key = k.key AND o.entity_id <> k.entity_id
         WHERE k.entity_id = ? AND k.version_id IN (${inList}) AND o.version_id IN (${inList})
         ORDER BY o.entity_id`,
      )
      .all(id, ...ids, ...ids) as Array<{ entityId: string; key: string }>;
  }

  async changes(filter: { source?: SourceId; since?: string; versionId?: number }): Promise<ChangeRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.source) (where.push('v.source = ?'), args.push(filter.source));
    if (filter.since) (where.push(`${EFFECTIVE('v')} >= ?`), args.push(filter.since));
    if (filter.versionId !== undefined) (where.push('v.id = ?'), args.push(filter.versionId));
    const rows = this.db
      .prepare(
        `SELECT c.version_id, v.source, ${EFFECTIVE('v')} AS date, c.entity_id, c.caption, c.kind, c.fields
         FROM changes c JOIN versions v ON v.id = c.version_id
         ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
         ORDER BY c.version_id, c.kind, c.entity_id`,
      )
      .all(...args) as Array<Record<string, string | number>>;
    return rows.map((r) => ({
      versionId: Number(r.version_id),
      source: r.source as SourceId,
      date: String(r.date),
      entityId: String(r.entity_id),
      caption: String(r.caption),
      kind: r.kind as ChangeRecord['kind'],
      fields: JSON.parse(String(r.fields)) as FieldChange[],
    }));
  }

  async createApiKey(key: { id: string; name: string; hash: string; createdAt: string }): Promise<void> {
    this.db.prepare('INSERT INTO api_keys (id, name, hash, created_at) VALUES (?, ?, ?, ?)').run(key.id, key.name, key.hash, key.createdAt);
  }

  async listApiKeys(): Promise<ApiKeyInfo[]> {
    const rows = this.db.prepare('SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY created_at').all() as Array<Record<string, string | null>>;
    return rows.map((r) => ({ id: r.id!, name: r.name!, createdAt: r.created_at!, ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}) }));
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    return this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0;
  }

  async activeApiKeyHashes(): Promise<string[]> {
    return (this.db.prepare('SELECT hash FROM api_keys WHERE revoked_at IS NULL').all() as Array<{ hash: string }>).map((r) => r.hash);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private currentVersionOf(source: SourceId): VersionInfo | undefined {
    return this.versionRows('WHERE v.id = (SELECT version_id FROM current_versions WHERE source = ?)', source)[0];
  }

  private hashesOf(versionId: number): Map<string, string> {
    const rows = this.db.prepare('SELECT entity_id, hash FROM version_entities WHERE version_id = ?').all(versionId) as Array<{
      entity_id: string;
      hash: string;
    }>;
    return new Map(rows.map((r) => [r.entity_id, r.hash]));
  }

  private blob(hash: string): Entity {
    const row = this.db.prepare('SELECT data FROM entity_blobs WHERE hash = ?').get(hash) as { data: string };
    return JSON.parse(row.data) as Entity;
  }

  private versionRows(tail: string, ...args: unknown[]): VersionInfo[] {
    const rows = this.statement(`SELECT v.*, (v.id IN (SELECT version_id FROM current_versions)) AS is_current FROM versions v ${tail}`)
      .all(...args) as Array<Record<string, string | number | null>>;
    return rows.map(toVersionInfo);
  }
}

/** A version takes effect on its publication date when the file states one, else when it was fetched. */
const EFFECTIVE = (t: string) => `COALESCE(${t}.published_at, ${t}.retrieved_at)`;

function sameContent(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, h] of a) if (b.get(id) !== h) return false;
  return true;
}

function toVersionInfo(r: Record<string, string | number | null>): VersionInfo {
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
    current: Number(r.is_current) === 1,
  };
  if (r.published_at) info.publishedAt = String(r.published_at);
  return info;
}
