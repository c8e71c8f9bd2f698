import type { Command } from 'commander';
import type { Entity } from '../../model/entity.js';
import { PROPERTIES, type PropertyName } from '../../model/schema.js';
import { withStore } from '../context.js';
import { parseIsoDate } from '../options.js';
import { printJson } from '../output.js';

export function registerEntity(program: Command): void {
  program
    .command('entity <id>')
    .description('one listed record in full: names, facts, listings, measures, links (e.g. us_ofac_sdn:34119)')
    .option('--as-of <date>', 'as the lists stood on this date (YYYY-MM-DD)', parseIsoDate)
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { asOf?: string; json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const versions = opts.asOf ? await store.versionsAsOf(opts.asOf) : await store.currentVersions();
        const versionIds = versions.map((v) => v.id);
        const entity = await store.entity(id, versionIds);
        if (!entity) {
          process.stderr.write(`clearance: no entity ${id} in the ${opts.asOf ? `lists as of ${opts.asOf}` : 'current lists'}\n`);
          process.exitCode = 2;
          return;
        }
        const sameAs = await store.sameAs(id, versionIds);
        const version = versions.find((v) => v.source === entity.source)!;
        if (opts.json) return printJson({ ...entity, sameAs, version: { id: version.id, publishedAt: version.publishedAt, retrievedAt: version.retrievedAt } });
        process.stdout.write(render(entity, sameAs) + `\nfrom ${entity.source} version #${version.id} (${version.publishedAt ?? 'fetched ' + version.retrievedAt.slice(0, 10)})\n`);
      });
    });
}

function render(e: Entity, sameAs: Array<{ entityId: string; key: string }>): string {
  const out: string[] = [`${e.caption}  [${e.schema}]  ${e.id}`];
  const section = (title: string, lines: string[]) => {
    if (lines.length) out.push('', `${title}:`, ...lines.map((l) => `  ${l}`));
  };
  section('Names', e.names.map((n) => `${n.full}  (${n.kind}${n.script && n.script !== 'Latn' ? `, ${n.script}` : ''})`));
  section(
    'Facts',
    Object.entries(e.properties).map(([k, v]) => `${PROPERTIES[k as PropertyName]?.label ?? k}: ${(v ?? []).join('; ')}`),
  );
  section('Identifiers', e.identifiers.map((i) => `${i.label ?? i.type}: ${i.value}${i.country ? ` (${i.country.toUpperCase()})` : ''}${i.note ? ` — ${i.note}` : ''}`));
  section('Addresses', e.addresses.map((a) => a.full));
  section(
    'Listings',
    e.listings.flatMap((l) => [
      `${l.list} — ${l.authority}${l.programs.length ? `; programs ${l.programs.join(', ')}` : ''}${l.legalBasis.length ? `; ${l.legalBasis.join('; ')}` : ''}${l.listedOn ? `; listed ${l.listedOn}` : ''}`,
      ...Object.entries(l.dates ?? {}).map(([k, v]) => `  ${k}: ${v}`),
      ...l.measures.map((m) => `  • ${m.description}${m.from ? ` (from ${m.from})` : ''}${m.until ? ` (until ${m.until})` : ''}${m.details ? ` — ${m.details}` : ''}`),
      ...(l.citation ? [`  citation: ${l.citation}`] : []),
    ]),
  );
  section(
    'Links',
    [
      ...e.links.map((l) => `${l.type.replace(/_/g, ' ')} ${l.targetName}${l.target ? ` (${l.target})` : ''}${l.percentage !== undefined ? ` ${l.percentage}%` : ''}`),
      ...sameAs.map((s) => `same target as ${s.entityId} (shared ${s.key})`),
    ],
  );
  section('Remarks', e.remarks);
  return out.join('\n');
}
