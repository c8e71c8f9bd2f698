import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** `../shared/data` beside the project: real official list files, read-only. */
export const SHARED_DATA = fileURLToPath(new URL('../../shared/data', import.meta.url));
export const LISTS_DIR = join(SHARED_DATA, 'lists');
export const VERSIONS_DIR = join(SHARED_DATA, 'versions');
export const FIXTURES_DIR = join(SHARED_DATA, 'fixtures');
export const EVAL_DIR = join(SHARED_DATA, 'eval');
