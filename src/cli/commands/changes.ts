import type { Command } from 'commander';
import type { SourceId } from '../../model/sources.js';
import type { ChangeRecord } from '../../store/index.js';
import { withStore } from '../context.js';
import { parseIsoDate, parseSourceId } from '../options.js';
import { formatTable, printJson } from '../output.js';

export function registerChanges(program: Command): void {
  program
    .command('changes')
    .description('entities added, removed and changed by each list version')
    .option('--source <id>', 'only this source', parseSourceId)
    .option('--since <date>', 'only versions effective on or after this date (YYYY-MM-DD)', parseIsoDate)
    .option('--json', 'print as JSON')
    .action(async (opts: { source?: SourceId; since?: string; json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const changes = await store.changes({ source: opts.source, since: opts.since });
        if (opts.json) return printJson(changes);
        if (!changes.length) return void process.stdout.write('no changes\n');
        process.stdout.write(
          formatTable(
            ['version', 'source', 'date', 'change', 'entity', 'name', 'what'],
            changes.map((c) => [`#${c.versionId}`, c.source, c.date.slice(0, 10), c.kind, c.entityId, c.caption, describe(c)]),
          ) + '\n',
        );
      });
    });
}

function describe(c: ChangeRecord): string {
  return c.fields
    .map((f) => {
      const parts = [f.added?.length ? `+${f.added.join(' | ')}` : '', f.removed?.length ? `-${f.removed.join(' | ')}` : ''];
      if (f.from !== undefined) parts.push(`${f.from} -> ${f.to}`);
      return `${f.field}: ${parts.filter(Boolean).join(' ')}`;
    })
    .join('; ');
}
