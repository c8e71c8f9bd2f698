import { Command, Option } from 'commander';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import cliProgress from 'cli-progress';
import { SOURCE_IDS, type SourceId } from '../../model/sources.js';
import { today } from '../../model/dates.js';
import { MatchPool } from '../../match/index.js';
import { ScreeningContext, describeHits, screenQuery, type ScreenHit } from '../../screen/screener.js';
import { toMatchQuery, QueryError } from '../../screen/input.js';
import { readBatch, type BatchFormat, type BatchRow } from '../../screen/batch.js';
import { screenSecurity, securityQueryFromText, type SecurityQuery, type SecurityResult } from '../../screen/securities.js';
import type { Jurisdiction } from '../../measures/interpret.js';
import { withStore } from '../context.js';
import { parseIsoDate } from '../options.js';
import { formatTable, printJson } from '../output.js';
import { BatchAudit, cliActor, hitSummary, recordAt, screeningEntry } from '../../audit/record.js';

interface ScreenOpts {
  schema?: string;
  birthDate?: string;
  country?: string[];
  id?: string[];
  threshold?: number;
  limit: number;
  source?: SourceId[];
  asOf?: string;
  on?: string;
  jurisdiction: Jurisdiction;
  json?: boolean;
  input?: string;
  output?: string;
  format?: BatchFormat;
  map?: string[];
  threads?: number;
  isin?: string[];
  ticker?: string[];
  portfolio?: string;
}

export function registerScreen(program: Command): void {
  program
    .command('screen [name]')
    .description('screen a name, a batch file, or securities against the lists; exit 0 = no match, 1 = match, 2 = error')
    .option('--schema <schema>', 'Person, Organization, Company, Vessel, Aircraft or LegalEntity')
    .option('--birth-date <date>', 'date of birth (YYYY-MM-DD, YYYY-MM or YYYY)')
    .option('--country <country...>', 'nationality or country (name or ISO code)')
    .option('--id <number...>', 'passport, national id, IMO, ISIN ... of the party')
    .option('--threshold <score>', 'minimum score for a match, 0..1 (default: the engine default)', parseScore)
    .option('--limit <n>', 'most hits per query', (v) => parseInt(v, 10), 10)
    .addOption(new Option('--source <id...>', 'only these lists').choices([...SOURCE_IDS]))
    .option('--as-of <date>', 'screen against the lists as they stood on this date', parseIsoDate)
    .option('--on <date>', 'judge measures (e.g. NS-CMIC dates) on this date (default today)', parseIsoDate)
    .addOption(new Option('--jurisdiction <j>', 'whose measures bind the user').choices(['us', 'uk', 'eu', 'un', 'ca']).default('us'))
    .option('--json', 'print JSON')
    .option('--input <file>', 'batch: a CSV (with header) or JSON-lines file of parties')
    .option('--output <file>', 'batch: write results here (default stdout)')
    .addOption(new Option('--format <format>', 'batch output format').choices(['jsonl', 'csv']))
    .option('--map <header=field...>', 'batch: map a column to a query field (name, first_name, last_name, birth_date, countries, gender, identifier, schema, id)')
    .option('--threads <n>', 'batch: worker threads (default: all cores)', (v) => parseInt(v, 10))
    .option('--isin <isin...>', 'securities: ISINs to check against investment bans (NS-CMIC)')
    .option('--ticker <ticker...>', 'securities: equity tickers to check')
    .option('--portfolio <file>', 'securities: a file with one ISIN, ticker or issuer name per line (a CSV header row is skipped)')
    .action(async (name: string | undefined, opts: ScreenOpts, cmd: Command) => {
      await withStore(cmd, async (store, home) => {
        const ctx = await ScreeningContext.load(store, { asOf: opts.asOf, sources: opts.source });
        if (!ctx.versions.length) throw new Error('the store holds no lists yet: run `clearance update` first');
        if (opts.isin || opts.ticker || opts.portfolio) return screenSecurities(ctx, opts, home);
        if (opts.input) return screenBatch(ctx, opts, home);
        if (!name) throw new QueryError('give a NAME, --input FILE, --isin, --ticker or --portfolio');
        return screenSingle(ctx, name, opts, home);
      });
    });
}

function parseScore(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new Error(`--threshold ${v}: expected a number between 0 and 1`);
  return n;
}

async function screenSingle(ctx: ScreeningContext, name: string, opts: ScreenOpts, home: string): Promise<void> {
  const { match, query } = toMatchQuery({
    name,
    schema: opts.schema,
    birth_date: opts.birthDate,
    countries: opts.country,
    identifiers: opts.id?.map((value) => ({ value })),
  });
  const hits = screenQuery(ctx, match, { threshold: opts.threshold, limit: opts.limit, on: opts.on, jurisdiction: opts.jurisdiction });
  const matched = hits.some((h) => !h.via);
  await recordAt(home, screeningEntry({ actor: cliActor(), channel: 'cli', inputs: query, results: hitSummary(hits), versions: ctx.versionRefs() }));
  if (opts.json) printJson({ query, hits, versions: ctx.versionRefs(), on: opts.on ?? today() });
  else printHits(name, hits, ctx);
  process.exitCode = matched ? 1 : 0;
}

function printHits(name: string, hits: ScreenHit[], ctx: ScreeningContext): void {
  if (!hits.length) {
    process.stdout.write(`no match for "${name}" in ${ctx.entities.length} listed entities\n`);
    return;
  }
  process.stdout.write(
    formatTable(
      ['score', 'matched name', 'entity', 'lists and programs', 'why'],
      hits.map((h) => [
        h.score.toFixed(2),
        h.via ? `${h.caption} (linked)` : h.matched_name,
        h.entity_id,
        h.sources.map((s) => `${s.list}${s.programs.length ? ` [${s.programs.join(', ')}]` : ''}`).join('; '),
        h.explanation.summary,
      ]),
    ) + '\n',
  );
  for (const h of hits) {
    const binding = h.measures.filter((m) => m.binding && m.status !== 'ended');
    if (binding.length) process.stdout.write(`\n${h.caption}:\n${binding.map((m) => `  • ${m.text}`).join('\n')}\n`);
  }
}

async function screenBatch(ctx: ScreeningContext, opts: ScreenOpts, home: string): Promise<void> {
  const started = Date.now();
  const format = opts.format ?? (opts.output?.endsWith('.csv') ? 'csv' : 'jsonl');
  const out: NodeJS.WritableStream = opts.output ? createWriteStream(opts.output) : process.stdout;
  const pool = await MatchPool.start(ctx.entities, { threads: opts.threads });
  const total = process.stderr.isTTY ? await countLines(opts.input!) : 0;
  const bar = total
    ? new cliProgress.SingleBar({ format: 'screening {bar} {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(Math.max(total - 1, 1), 0, { rate: 0 });
  let rows = 0;
  let withHits = 0;
  let errors = 0;
  const audit = new BatchAudit(opts.input!, ctx.versionRefs());
  try {
    if (format === 'csv') await write(out, CSV_HEADER.join(',') + '\n');
    let chunk: BatchRow[] = [];
    const flush = async () => {
      const good = chunk.filter((r) => r.match);
      const results = good.length ? await pool.search(good.map((r) => r.match!), { threshold: opts.threshold, limit: opts.limit }) : [];
      let k = 0;
      for (const r of chunk) {
        rows++;
        if (r.error) {
          errors++;
          audit.add(r);
          await write(out, format === 'csv' ? csvError(r) : JSON.stringify({ row: r.row, id: r.id ?? null, error: r.error }) + '\n');
          continue;
        }
        const hits = describeHits(ctx, results[k++], { on: opts.on, jurisdiction: opts.jurisdiction });
        if (hits.length) withHits++;
        audit.add(r, hits);
        await write(out, format === 'csv' ? csvHits(r, hits) : JSON.stringify({ row: r.row, id: r.id ?? null, query: r.query, hits }) + '\n');
      }
      bar?.update(rows, { rate: Math.round(rows / ((Date.now() - started) / 1000)) });
      chunk = [];
    };
    for await (const row of readBatch(opts.input!, { map: opts.map })) {
      chunk.push(row);
      if (chunk.length >= 1000) await flush();
    }
    await flush();
  } finally {
    bar?.stop();
    await pool.close();
    if (opts.output) await new Promise<void>((r) => (out as WriteStream).end(r));
  }
  await recordAt(home, await audit.entry(cliActor(), 'cli'));
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(
    `screened ${rows} rows in ${seconds.toFixed(1)} s (${Math.round(rows / Math.max(seconds, 0.001))} rows/s): ${withHits} with hits, ${errors} errors; lists: ${ctx.versionRefs()
      .map((v) => `${v.source}#${v.version}`)
      .join(', ')}\n`,
  );
  process.exitCode = withHits > 0 ? 1 : 0;
}

export const CSV_HEADER = ['row', 'id', 'query_name', 'error', 'entity_id', 'caption', 'schema', 'score', 'matched_name', 'lists', 'programs', 'measures', 'linked_via', 'why'];

export function csvHits(r: BatchRow, hits: ScreenHit[]): string {
  const base = [String(r.row), r.id ?? '', r.query?.name ?? [r.query?.first_name, r.query?.last_name].filter(Boolean).join(' '), ''];
  if (!hits.length) return csvLine([...base, '', '', '', '', '', '', '', '', '', '']);
  return hits
    .map((h) =>
      csvLine([
        ...base,
        h.entity_id,
        h.caption,
        h.schema,
        h.score.toFixed(3),
        h.matched_name,
        [...new Set(h.sources.map((s) => s.list))].join('; '),
        [...new Set(h.sources.flatMap((s) => s.programs))].join('; '),
        h.measures.filter((m) => m.binding).map((m) => m.text).join(' | '),
        h.via ? `${h.via.relation} ${h.via.entity_id}` : '',
        h.explanation.summary,
      ]),
    )
    .join('');
}

export function csvError(r: BatchRow): string {
  return csvLine([String(r.row), r.id ?? '', '', r.error ?? '', '', '', '', '', '', '', '', '', '', '']);
}

function csvLine(cells: string[]): string {
  return cells.map((v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',') + '\n';
}

function write(out: NodeJS.WritableStream, s: string): Promise<void> {
  return new Promise((resolve) => (out.write(s) ? resolve() : out.once('drain', resolve)));
}

async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) for (const b of chunk) if (b === 10) n++;
  return n;
}

async function screenSecurities(ctx: ScreeningContext, opts: ScreenOpts, home: string): Promise<void> {
  const on = opts.on ?? today();
  const queries: SecurityQuery[] = [
    ...(opts.isin ?? []).map((isin) => ({ isin })),
    ...(opts.ticker ?? []).map((ticker) => ({ ticker })),
  ];
  if (opts.portfolio) {
    const { createInterface } = await import('node:readline');
    let first = true;
    for await (const line of createInterface({ input: createReadStream(opts.portfolio), crlfDelay: Infinity })) {
      const cell = line.split(',')[0].replace(/^"|"$/g, '').trim();
      if (first && /^(isin|ticker|issuer|name|security)$/i.test(cell)) {
        first = false;
        continue;
      }
      first = false;
      if (cell) queries.push(securityQueryFromText(cell));
    }
  }
  const results = queries.map((q) => screenSecurity(ctx, q, on));
  await recordAt(home, screeningEntry({ actor: cliActor(), channel: 'cli', subject: 'securities', inputs: { securities: queries, on }, results, versions: ctx.versionRefs() }));
  if (opts.json) printJson({ on, results, versions: ctx.versionRefs() });
  else printSecurities(results, on);
  process.exitCode = results.some((r) => r.listed) ? 1 : 0;
}

function printSecurities(results: SecurityResult[], on: string): void {
  process.stdout.write(
    formatTable(
      ['security', 'listed', 'issuer', 'may buy', 'may sell to divest', 'verdict'],
      results.flatMap((r) => {
        const label = Object.values(r.query)[0] as string;
        if (!r.listed) return [[label, 'no', '', 'yes', 'yes', `not on an investment-ban list on ${on}`]];
        return r.verdicts.map((v) => [
          label,
          v.list,
          `${v.caption} (${v.entityId})`,
          v.purchaseProhibited ? 'NO' : `yes (prohibited from ${v.purchaseProhibitedFrom})`,
          v.divestmentAllowed ? `until ${v.divestUntil}` : 'no',
          v.summary,
        ]);
      }),
    ) + '\n',
  );
}
