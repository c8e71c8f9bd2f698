import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
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

/** Opens the store in a data folder (the embedded SQLite file; PostgreSQL comes by DATABASE_URL later). */
export async function openStore(home: string): Promise<Store> {
  return new SqliteStore(join(home, 'clearance.sqlite'));
}
