/** Where the evaluation reads and writes, wherever it runs from (src/ under vitest, dist/ in npm scripts). */
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** The repository root: three levels above src/match/eval/ or dist/match/eval/. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The committed labelled pair files. */
export const PAIRS_DIR = join(PROJECT_ROOT, 'eval');
export const POSITIVES_FILE = join(PAIRS_DIR, 'variants.csv');
export const NEGATIVES_FILE = join(PAIRS_DIR, 'hard_negatives.csv');

/** Real list data and public test sets beside the project (see ../shared/data/README.md). */
export function sharedData(override?: string): string {
  return resolve(override ?? process.env.CLEARANCE_SHARED_DATA ?? join(PROJECT_ROOT, '../shared/data'));
}
