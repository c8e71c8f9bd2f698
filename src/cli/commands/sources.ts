import type { Command } from 'commander';
import { SOURCES } from '../../sources/index.js';
import { SOURCE_IDS } from '../../model/sources.js';
import { withStore } from '../context.js';
import { formatTable, printJson } from '../output.js';

export function registerSources(program: Command): void {
  program
    .command('sources')
    .description('the lists Clearance knows, with the version of each in the store and its age')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const current = await store.currentVersions();
        const failures = await store.lastFailures();
        const rows = SOURCE_IDS.map((id) => {
          const s = SOURCES[id];
          const v = current.find((c) => c.source === id);
          const failure = failures.find((f) => f.source === id);
          return {
            id,
            title: s.title,
            publisher: s.publisher,
            homepage: s.homepage,
            urls: s.formats[0].files.map((f) => f.url),
            version: v ?? null,
            lastFailure: failure ?? null,
          };
        });
        if (opts.json) return printJson(rows);
        process.stdout.write(
          formatTable(
            ['source', 'publisher', 'version', 'list date', 'fetched', 'entities', 'status'],
            rows.map((r) => [
              r.id,
              r.publisher,
              r.version ? `#${r.version.id}` : '-',
              r.version?.publishedAt ?? '-',
              r.version?.checkedAt.slice(0, 16).replace('T', ' '),
              r.version?.entityCount,
              r.lastFailure ? `last update failed ${r.lastFailure.at.slice(0, 10)}` : r.version ? 'ok' : 'not loaded',
            ]),
          ) + '\n',
        );
      });
    });
}
