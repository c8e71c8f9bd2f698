import type { TestProject } from 'vitest/node';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updateSources } from '../src/ingest/update.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { LISTS_DIR } from './helpers.js';

/**
 * Gives the run one temporary folder, which every test and every process it starts uses
 * (TMPDIR, read by os.tmpdir() on each call), and which is removed when the run ends: test
 * files make a store or a download folder each, about 100 MB with all the lists, and left
 * behind they had filled the disk after a few hundred runs.
 *
 * Then loads every list from ../shared/data/lists once into a store that screening and API
 * tests copy from (they never write to it), so the suite parses the lists once, not per file.
 */
export default async function setup(project: TestProject) {
  const run = await mkdtemp(join(tmpdir(), 'clearance-test-'));
  // Others may pass through (not list it): a test's PostgreSQL server runs as the postgres user
  // from a folder of its own in here.
  await chmod(run, 0o711);
  process.env.TMPDIR = run;
  const home = await mkdtemp(join(run, 'home-'));
  const store = new SqliteStore(join(home, 'clearance.sqlite'));
  const results = await updateSources(store, { from: LISTS_DIR, workDir: join(home, 'downloads') });
  await store.close();
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`global setup could not load the lists: ${failed.map((f) => `${f.source}: ${f.error}`).join('; ')}`);
  project.provide('loadedHome', home);
  return async () => rm(run, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    loadedHome: string;
  }
}
