/**
 * `npm run eval:generate [-- --seed N --per-category N --data DIR]`: rewrites eval/variants.csv
 * (positives) and eval/hard_negatives.csv from the lists in DIR/lists (default ../shared/data).
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatTable } from '../../cli/output.js';
import { DEFAULT_PER_CATEGORY, DEFAULT_SEED, generatePairs, isPositiveCategory } from './generate.js';
import type { PairRow } from './generate.js';
import { formatPairs } from './csv.js';
import { loadAllLists } from './lists.js';
import { NEGATIVES_FILE, PAIRS_DIR, POSITIVES_FILE, sharedData } from './paths.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    'per-category': { type: 'string', default: String(DEFAULT_PER_CATEGORY) },
    data: { type: 'string' },
  },
});
const seed = Number(values.seed);
const perCategory = Number(values['per-category']);
if (!Number.isInteger(seed) || !Number.isInteger(perCategory) || perCategory <= 0) throw new Error('--seed and --per-category must be integers');

const entities = await loadAllLists(sharedData(values.data));
const rows = generatePairs(entities, { seed, perCategory });
const positives = rows.filter((r) => isPositiveCategory(r.category));
const negatives = rows.filter((r) => !isPositiveCategory(r.category));
await mkdir(PAIRS_DIR, { recursive: true });
await writeFile(POSITIVES_FILE, formatPairs(positives));
await writeFile(NEGATIVES_FILE, formatPairs(negatives));

process.stdout.write(`${entities.length} listed entities; seed ${seed}, up to ${perCategory} pairs per category\n\n`);
process.stdout.write(countTable(rows) + '\n\n');
process.stdout.write(`wrote ${positives.length} positives to ${POSITIVES_FILE}\nwrote ${negatives.length} hard negatives to ${NEGATIVES_FILE}\n`);

/** Pairs per category and source, to see that every list contributes. */
function countTable(all: PairRow[]): string {
  const sources = [...new Set(all.map((r) => r.entity_id.split(':')[0]))].sort();
  const categories = [...new Set(all.map((r) => r.category))];
  return formatTable(
    ['category', 'label', 'pairs', 'persons', ...sources],
    categories.map((c) => {
      const rs = all.filter((r) => r.category === c);
      return [c, rs[0].label, rs.length, rs.filter((r) => r.schema === 'Person').length, ...sources.map((s) => rs.filter((r) => r.entity_id.startsWith(`${s}:`)).length)];
    }),
  );
}
