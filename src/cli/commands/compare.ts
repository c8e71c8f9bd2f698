import type { Command } from 'commander';
import { compareNames, DEFAULT_THRESHOLD, type MatchResult } from '../../match/index.js';
import { isSchemaName, type SchemaName } from '../../model/schema.js';
import { readCsvRows } from '../../screen/csv.js';
import { formatTable, printJson } from '../output.js';

interface CompareOpts {
  schema?: string;
  threshold?: number;
  json?: boolean;
  input?: string;
}

/** Schemas a name comparison can be asked for. */
const COMPARE_SCHEMAS: SchemaName[] = ['Person', 'Organization', 'Company', 'LegalEntity', 'Vessel', 'Aircraft'];

export function registerCompare(program: Command): void {
  program
    .command('compare [nameA] [nameB]')
    .description('compare two names as the matcher does: score, decision and why; or a CSV of pairs (--input)')
    .option('--schema <schema>', `kind of both parties: ${COMPARE_SCHEMAS.join(', ')} (default: unknown)`)
    .option('--threshold <score>', `decision threshold, 0..1 (default ${DEFAULT_THRESHOLD})`, parseThreshold)
    .option('--json', 'print the full result as JSON')
    .option('--input <file>', 'CSV with a header holding schema,name1,name2 (other columns ignored): one JSON line per row')
    .addHelpText(
      'after',
      `\nExamples:\n  clearance compare "Erken Tuniyaz" "TUNIYAZ, Erken"\n  clearance compare --schema Company "SenseTime Group Inc" "SENSETIME GROUP LIMITED" --json\n  clearance compare --input pairs.csv > scores.jsonl`,
    )
    .action(async (nameA: string | undefined, nameB: string | undefined, opts: CompareOpts) => {
      const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
      if (opts.input) {
        if (nameA || nameB) throw new Error('give either two names or --input FILE, not both');
        await compareFile(opts.input, threshold);
        return;
      }
      if (!nameA || !nameB) throw new Error('compare needs two names (or --input FILE.csv)');
      const schema = opts.schema === undefined ? undefined : schemaOf(opts.schema);
      const result = compareNames(nameA, nameB, { schema, threshold });
      if (opts.json) printJson({ nameA, nameB, schema: schema ?? null, threshold, ...result });
      else process.stdout.write(describe(nameA, nameB, result, threshold));
    });
}

function parseThreshold(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`--threshold must be a number from 0 to 1, got "${v}"`);
  return n;
}

function schemaOf(text: string): SchemaName {
  const match = COMPARE_SCHEMAS.find((s) => s.toLowerCase() === text.trim().toLowerCase());
  if (!match || !isSchemaName(match)) throw new Error(`unknown schema "${text}": use one of ${COMPARE_SCHEMAS.join(', ')}`);
  return match;
}

/** The human-readable report of one comparison. */
function describe(nameA: string, nameB: string, r: MatchResult, threshold: number): string {
  const e = r.explanation;
  const lines = [
    `score     ${r.score.toFixed(3)}`,
    `decision  ${r.match ? 'MATCH' : 'no match'} (threshold ${threshold})`,
    `names     ${nameA}  <->  ${nameB}`,
    '',
    e.summary,
  ];
  if (e.alignment.length) {
    lines.push('', formatTable(['query part', 'listed part', 'similarity', 'how'], e.alignment.map((a) => [a.query || '-', a.listed || '-', a.similarity.toFixed(3), a.how])));
  }
  if (e.features.length) {
    lines.push('', formatTable(['evidence', 'effect', 'detail'], e.features.map((f) => [f.feature, signed(f.effect), f.detail])));
  }
  return lines.join('\n') + '\n';
}

const signed = (x: number) => (x > 0 ? `+${x.toFixed(3)}` : x.toFixed(3));

/**
 * Scores every row of a CSV of pairs, in input order, one JSON line each. A bad row (a name
 * missing, an unknown schema, broken quoting, invalid UTF-8) gets a line with `error` naming
 * the row, and the run goes on. The file is read as `screen --input` reads a CSV batch.
 */
async function compareFile(file: string, threshold: number): Promise<void> {
  let rows = 0;
  for await (const r of readCsvRows(file, { onHeader: (keys) => assertColumns(keys, file) })) {
    rows++;
    const result = r.cells ? compareRow(r.cells, r.row, r.line, threshold) : { row: r.row, error: `${where(r.row, r.line)}: ${r.error}` };
    process.stdout.write(JSON.stringify(result) + '\n');
  }
  if (rows === 0) throw new Error(`${file}: no rows under the header`);
}

function assertColumns(keys: string[], file: string): void {
  const missing = ['name1', 'name2'].filter((c) => !keys.includes(c));
  if (missing.length) throw new Error(`${file}: the header has no ${missing.join(' or ')} column (expected schema,name1,name2)`);
}

const where = (row: number, line: number) => `row ${row} (line ${line})`;

function compareRow(record: Record<string, string | undefined>, row: number, line: number, threshold: number): Record<string, unknown> {
  const name1 = (record.name1 ?? '').trim();
  const name2 = (record.name2 ?? '').trim();
  const schemaText = (record.schema ?? '').trim();
  if (!name1 || !name2) return { row, error: `${where(row, line)}: ${!name1 ? 'name1' : 'name2'} is empty` };
  let schema: SchemaName | undefined;
  if (schemaText) {
    try {
      schema = schemaOf(schemaText);
    } catch (err) {
      return { row, error: `${where(row, line)}: ${(err as Error).message}` };
    }
  }
  const r = compareNames(name1, name2, { schema, threshold });
  return { row, schema: schema ?? null, name1, name2, score: r.score, match: r.match, summary: r.explanation.summary };
}
