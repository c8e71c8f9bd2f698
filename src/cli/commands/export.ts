import { Command, Option } from 'commander';
import type { Entity } from '../../model/entity.js';
import { withStore } from '../context.js';
import { parseIsoDate, parseSourceId } from '../options.js';
import type { SourceId } from '../../model/sources.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write every entity of the current (or as-of) lists to stdout')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--source <id>', 'only this source', parseSourceId)
    .option('--as-of <date>', 'as the lists stood on this date (YYYY-MM-DD)', parseIsoDate)
    .action(async (opts: { format: 'jsonl' | 'csv'; source?: SourceId; asOf?: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const versions = (opts.asOf ? await store.versionsAsOf(opts.asOf) : await store.currentVersions()).filter(
          (v) => !opts.source || v.source === opts.source,
        );
        if (opts.format === 'csv') await write(CSV_HEADER.join(',') + '\n');
        for await (const e of store.entities(versions.map((v) => v.id))) {
          await write(opts.format === 'jsonl' ? JSON.stringify(e) + '\n' : csvRow(e) + '\n');
        }
      });
    });
}

const CSV_HEADER = ['id', 'source', 'schema', 'name', 'aliases', 'birth_dates', 'countries', 'identifiers', 'programs', 'lists', 'listed_on'];

function csvRow(e: Entity): string {
  const countries = [...(e.properties.nationality ?? []), ...(e.properties.citizenship ?? []), ...(e.properties.country ?? [])];
  return [
    e.id,
    e.source,
    e.schema,
    e.caption,
    e.names.filter((n) => n.kind !== 'primary').map((n) => n.full).join('; '),
    (e.properties.birthDate ?? []).join('; '),
    [...new Set(countries)].join('; '),
    e.identifiers.map((i) => `${i.type}:${i.value}`).join('; '),
    [...new Set(e.listings.flatMap((l) => l.programs))].join('; '),
    [...new Set(e.listings.map((l) => l.list))].join('; '),
    e.listings.map((l) => l.listedOn).filter(Boolean).join('; '),
  ]
    .map(csvCell)
    .join(',');
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Honour back-pressure so exporting a large store to a slow pipe keeps memory flat. */
function write(chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once('drain', resolve).once('error', reject);
  });
}
