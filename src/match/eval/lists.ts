/** Loads every listed entity the evaluation and the benchmark run against. */
import { join } from 'node:path';
import type { Entity } from '../../model/entity.js';
import { loadListsFrom } from '../../sources/index.js';

export async function loadAllLists(sharedDataDir: string): Promise<Entity[]> {
  return loadListsFrom(join(sharedDataDir, 'lists'));
}
