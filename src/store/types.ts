import type { Entity } from '../model/entity.js';
import type { SourceId } from '../model/sources.js';
import type { FieldChange } from './diff.js';

/**
 * The store behind Clearance. Parsers and matching never see SQL: they hand entities to
 * `saveVersion` and read them back through this interface, so the embedded SQLite store and
 * a PostgreSQL store are interchangeable. Methods are async because a network database is.
 */
export interface Store {
  /** Saves a parsed publication as the source's new current version, atomically. */
  saveVersion(input: NewVersion): Promise<SavedVersion>;
  /** Records that a source was fetched and found unchanged (keeps list age honest). */
  markChecked(versionId: number, at: string): Promise<void>;
  /** Records a failed update attempt; the current version stays as it was. */
  logFailure(source: SourceId, at: string, error: string): Promise<void>;
  currentVersions(): Promise<VersionInfo[]>;
  versions(source?: SourceId): Promise<VersionInfo[]>;
  /** The version of each source in force on a date (YYYY-MM-DD): the latest one effective by then. */
  versionsAsOf(date: string): Promise<VersionInfo[]>;
  version(id: number): Promise<VersionInfo | undefined>;
  /** Entities of the given versions (default: the current ones). */
  entities(versionIds?: number[]): AsyncIterable<Entity>;
  entity(id: string, versionIds?: number[]): Promise<Entity | undefined>;
  /** Entities in the given versions that share an unambiguous identifier key with `id`. */
  sameAs(id: string, versionIds?: number[]): Promise<Array<{ entityId: string; key: string }>>;
  changes(filter: { source?: SourceId; since?: string; versionId?: number }): Promise<ChangeRecord[]>;
  lastFailures(): Promise<Array<{ source: SourceId; at: string; error: string }>>;
  /** API keys: only a hash of each key is stored; the key itself is shown once, at creation. */
  createApiKey(key: { id: string; name: string; hash: string; createdAt: string }): Promise<void>;
  listApiKeys(): Promise<ApiKeyInfo[]>;
  revokeApiKey(id: string, at: string): Promise<boolean>;
  /** Hashes of the keys not revoked. */
  activeApiKeyHashes(): Promise<string[]>;
  close(): Promise<void>;
}

export interface FileInfo {
  name: string;
  size: number;
  sha256: string;
}

export interface NewVersion {
  source: SourceId;
  publishedAt?: string;
  retrievedAt: string;
  format: string;
  origin: string;
  files: FileInfo[];
  entities: Entity[];
  warnings: string[];
  /** Accept a publication that shrinks the list by more than half (normally a sign of a broken file). */
  force?: boolean;
}

export interface VersionInfo {
  id: number;
  source: SourceId;
  publishedAt?: string;
  retrievedAt: string;
  checkedAt: string;
  format: string;
  origin: string;
  files: FileInfo[];
  entityCount: number;
  added: number;
  removed: number;
  changed: number;
  warnings: string[];
  current: boolean;
}

export interface SavedVersion {
  version: VersionInfo;
  /** False when the publication's content equals the current version's: no new version was made. */
  created: boolean;
}

export interface ChangeRecord {
  versionId: number;
  source: SourceId;
  /** Effective date of the version that made the change. */
  date: string;
  entityId: string;
  caption: string;
  kind: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  createdAt: string;
  revokedAt?: string;
}

/** A refused update: the store is untouched. */
export class StoreRefusal extends Error {
  override name = 'StoreRefusal';
}
