import { Command, Option } from 'commander';
import { today } from '../../model/dates.js';
import type { Jurisdiction } from '../../measures/interpret.js';
import { ScreeningContext } from '../../screen/screener.js';
import { ownershipExposure, readOwnershipFile } from '../../screen/ownership.js';
import { withStore } from '../context.js';
import { parseIsoDate } from '../options.js';
import { formatTable, printJson } from '../output.js';

export function registerOwnership(program: Command): void {
  program
    .command('ownership <file>')
    .description('OFAC 50% rule: which parties in your ownership data (CSV owner,owned,percentage or JSON) are blocked through blocked owners')
    .option('--on <date>', 'judge listings on this date (default today)', parseIsoDate)
    .option('--as-of <date>', 'use the lists as they stood on this date', parseIsoDate)
    .addOption(new Option('--jurisdiction <j>', 'whose lists bind').choices(['us', 'uk', 'eu', 'un', 'ca']).default('us'))
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { on?: string; asOf?: string; jurisdiction: Jurisdiction; json?: boolean }, cmd: Command) => {
      const edges = await readOwnershipFile(file);
      await withStore(cmd, async (store) => {
        const ctx = await ScreeningContext.load(store, { asOf: opts.asOf });
        const report = ownershipExposure(ctx, edges, { on: opts.on ?? today(), jurisdiction: opts.jurisdiction });
        process.exitCode = report.exposures.some((x) => x.blocked) ? 1 : 0;
        if (opts.json) return printJson({ ...report, versions: ctx.versionRefs() });
        process.stdout.write(
          formatTable(
            ['party', 'blocked', 'basis', 'blocked share', 'path'],
            report.exposures.map((x) => [x.party, x.blocked ? 'YES' : 'no', x.basis.replace(/_/g, ' '), x.basis === 'listed' ? '' : `${x.blockedShare}%`, x.path.join(' -> ')]),
          ) + '\n',
        );
        for (const l of report.listed) process.stdout.write(`  ${l.party}: listed as ${l.caption} (${l.entity_id}, score ${l.score})\n`);
      });
    });
}
