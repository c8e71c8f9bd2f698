import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { PgStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export type { Store, VersionInfo, ChangeRecord, NewVersion, SavedVersion, FileInfo } from './types.js';
export { StoreRefusal } from './types.js';

/**
 * The data folder: `--home`, else CLEARANCE_HOME, else ~/.clearance. It holds the store and
 * the last downloaded publications.
 */
export function resolveHome(option?: string): string {
  return resolve(option ?? process.env.CLEARANCE_HOME ?? join(homedir(), '.clearance'));
}

export interface OpenStoreOptions {
  /** A PostgreSQL connection string; default the DATABASE_URL environment variable. */
  databaseUrl?: string;
}

/**
 * Opens the store: PostgreSQL when a database URL is given or DATABASE_URL is set (shared by
 * API replicas and workers), else the embedded SQLite file in the data folder.
 */
export async function openStore(home: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const url = databaseUrl(opts);
  if (url) return PgStore.open(url);
  return new SqliteStore(join(home, 'clearance.sqlite'));
}

/** The PostgreSQL connection string in force, if any (an empty DATABASE_URL counts as unset). */
export function databaseUrl(opts: OpenStoreOptions = {}): string | undefined {
  return opts.databaseUrl || process.env.DATABASE_URL || undefined;
}
