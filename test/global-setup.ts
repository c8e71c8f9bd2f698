import type { TestProject } from 'vitest/node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updateSources } from '../src/ingest/update.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { LISTS_DIR } from './helpers.js';

/**
 * Loads every list from ../shared/data/lists once into a store that screening and API tests
 * copy from (they never write to it), so the suite parses the lists once, not per file.
 */
export default async function setup(project: TestProject) {
  const home = await mkdtemp(join(tmpdir(), 'clearance-test-home-'));
  const store = new SqliteStore(join(home, 'clearance.sqlite'));
  const results = await updateSources(store, { from: LISTS_DIR, workDir: join(home, 'downloads') });
  await store.close();
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`global setup could not load the lists: ${failed.map((f) => `${f.source}: ${f.error}`).join('; ')}`);
  project.provide('loadedHome', home);
  return async () => rm(home, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    loadedHome: string;
  }
}
