import type { BatchRow } from '../screen/batch.js';
import type { ScreenHit } from '../screen/screener.js';
import { CSV_HEADER, csvError, csvHits } from '../cli/commands/screen.js';

/**
 * A batch job's results in the two formats `clearance screen --input` writes: JSON lines exactly
 * as stored, or the same CSV (one line per hit, or one for a row without hits).
 */
export type ResultFormat = 'jsonl' | 'csv';

export const csvHeaderLine = () => CSV_HEADER.join(',') + '\n';

export function formatResult(stored: string, format: ResultFormat): string {
  if (format === 'jsonl') return stored + '\n';
  const r = JSON.parse(stored) as { row: number; id: string | null; query?: BatchRow['query']; hits?: ScreenHit[]; error?: string };
  const row: BatchRow = { row: r.row, ...(r.id !== null ? { id: r.id } : {}), ...(r.query ? { query: r.query } : {}), ...(r.error ? { error: r.error } : {}) };
  return r.error !== undefined ? csvError(row) : csvHits(row, r.hits ?? []);
}
