/**
 * Schema migrations, applied in order and recorded in `schema_migrations`. Each migration
 * carries its SQLite text; the PostgreSQL store will carry its own dialect beside it, so
 * both stores move through the same numbered steps.
 */
export interface Migration {
  version: number;
  description: string;
  sqlite: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'list versions, entity content by hash, version membership, changes, identity keys, failures',
    sqlite: `
      CREATE TABLE versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        published_at TEXT,
        retrieved_at TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        format TEXT NOT NULL,
        origin TEXT NOT NULL,
        files TEXT NOT NULL,
        entity_count INTEGER NOT NULL,
        added INTEGER NOT NULL,
        removed INTEGER NOT NULL,
        changed INTEGER NOT NULL,
        warnings TEXT NOT NULL
      );
      CREATE INDEX versions_source ON versions (source, id);
      CREATE TABLE current_versions (
        source TEXT PRIMARY KEY,
        version_id INTEGER NOT NULL REFERENCES versions (id)
      );
      CREATE TABLE entity_blobs (
        hash TEXT PRIMARY KEY,
        data TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE version_entities (
        version_id INTEGER NOT NULL REFERENCES versions (id),
        entity_id TEXT NOT NULL,
        hash TEXT NOT NULL REFERENCES entity_blobs (hash),
        caption TEXT NOT NULL,
        PRIMARY KEY (version_id, entity_id)
      ) WITHOUT ROWID;
      CREATE INDEX version_entities_entity ON version_entities (entity_id);
      CREATE TABLE changes (
        version_id INTEGER NOT NULL REFERENCES versions (id),
        entity_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('added', 'removed', 'changed')),
        caption TEXT NOT NULL,
        fields TEXT NOT NULL,
        PRIMARY KEY (version_id, entity_id)
      ) WITHOUT ROWID;
      CREATE TABLE identity_keys (
        version_id INTEGER NOT NULL REFERENCES versions (id),
        key TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        PRIMARY KEY (version_id, key, entity_id)
      ) WITHOUT ROWID;
      CREATE INDEX identity_keys_key ON identity_keys (key);
      CREATE INDEX identity_keys_entity ON identity_keys (entity_id);
      CREATE TABLE update_failures (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        at TEXT NOT NULL,
        error TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'API keys, stored as hashes',
    sqlite: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
    `,
  },
];
