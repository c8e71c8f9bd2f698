import { join } from 'node:path';
import { databaseUrl, type OpenStoreOptions } from '../store/index.js';
import type { MonitorStore } from '../store/monitor_types.js';
import { SqliteMonitorStore } from '../store/monitor_sqlite.js';

/**
 * Opens the monitoring store beside the list store: the same PostgreSQL database when one is
 * configured (DATABASE_URL), else the same SQLite file in the data folder.
 */
export async function openMonitorStore(home: string, opts: OpenStoreOptions = {}): Promise<MonitorStore> {
  const url = databaseUrl(opts);
  if (url) {
    const { PgMonitorStore } = await import('../store/monitor_postgres.js');
    return PgMonitorStore.open(url);
  }
  return new SqliteMonitorStore(join(home, 'clearance.sqlite'));
}

/** Runs `fn` with the monitoring store open, closing it however `fn` ends. */
export async function withMonitorStore<T>(home: string, fn: (monitor: MonitorStore) => Promise<T>): Promise<T> {
  const monitor = await openMonitorStore(home);
  try {
    return await fn(monitor);
  } finally {
    await monitor.close();
  }
}
