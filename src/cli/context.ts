import type { Command } from 'commander';
import { join } from 'node:path';
import { openStore, resolveHome } from '../store/index.js';
import type { Store } from '../store/index.js';

/** The data folder chosen by the global --home option or the environment. */
export function homeOf(cmd: Command): string {
  const root = cmd.optsWithGlobals() as { home?: string };
  return resolveHome(root.home);
}

/** Runs `fn` with the store open, closing it however `fn` ends. */
export async function withStore<T>(cmd: Command, fn: (store: Store, home: string) => Promise<T>): Promise<T> {
  const home = homeOf(cmd);
  const store = await openStore(home);
  try {
    return await fn(store, home);
  } finally {
    await store.close();
  }
}

export const downloadsDir = (home: string) => join(home, 'downloads');
