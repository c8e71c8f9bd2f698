import { Command, Option } from 'commander';
import { alertView } from '../../monitor/alerts.js';
import { deleteCustomer } from '../../monitor/alerts.js';
import { CustomerError, customerName, importCustomers, saveCustomers } from '../../monitor/customers.js';
import { describeRun } from '../../monitor/hooks.js';
import { runMonitoring } from '../../monitor/run.js';
import type { BatchFormat } from '../../screen/batch.js';
import type { Customer } from '../../store/monitor_types.js';
import { formatTable, printJson } from '../output.js';
import { actorOf, parseThreshold, printRunAlerts, runView, withMonitor } from './monitor.js';

export function registerCustomers(program: Command): void {
  const customers = program.command('customers').description('the customer registry that monitoring re-screens on every list change');

  customers
    .command('import <file>')
    .description('import customers from a CSV (with header) or JSON-lines file, then screen the new and changed ones')
    .option('--map <header=field...>', 'map a column to a field (name, first_name, last_name, birth_date, countries, gender, identifier, schema, id)')
    .addOption(new Option('--format <format>', 'input format (default: from the file name)').choices(['csv', 'jsonl']))
    .option('--no-screen', 'only register; the next `clearance monitor` or update screens them')
    .option('--threshold <score>', 'minimum score for an alert', parseThreshold)
    .option('--as <name>', 'who imports, for the audit trail (env CLEARANCE_ACTOR)')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { map?: string[]; format?: BatchFormat; screen: boolean; threshold?: number; json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (store, monitor) => {
        const actor = actorOf(cmd);
        const result = await importCustomers(monitor, file, { format: opts.format, map: opts.map, actor });
        const canScreen = opts.screen && (await store.currentVersions()).length > 0;
        const run = canScreen ? await runMonitoring(store, monitor, { actor, trigger: 'import', threshold: opts.threshold }) : undefined;
        if (opts.json) return printJson({ import: result, run: run ? runView(run) : null });
        process.stdout.write(
          `${result.rows} rows: ${result.created} new, ${result.updated} changed, ${result.unchanged} unchanged customers, ${result.errors.length} refused` +
            `${result.duplicates ? `, ${result.duplicates} ids repeated (last row kept)` : ''}\n`,
        );
        for (const e of result.errors.slice(0, 20)) process.stderr.write(`  row ${e.row}${e.id ? ` (${e.id})` : ''}: ${e.error}\n`);
        if (result.errors.length > 20) process.stderr.write(`  ... and ${result.errors.length - 20} more\n`);
        if (run) {
          process.stdout.write(describeRun(run) + '\n');
          printRunAlerts(run);
        } else if (opts.screen) process.stderr.write('no lists in the store yet: customers will be screened after `clearance update`\n');
        if (result.errors.length) process.exitCode = 1;
      });
    });

  customers
    .command('add <id>')
    .description('create or replace one customer')
    .option('--name <name>', 'full name')
    .option('--first-name <name>')
    .option('--last-name <name>')
    .option('--alias <name...>', 'other names')
    .option('--schema <schema>', 'Person, Organization, Company, Vessel, Aircraft or LegalEntity')
    .option('--birth-date <date>', 'YYYY-MM-DD, YYYY-MM or YYYY')
    .option('--country <country...>', 'nationality or country')
    .option('--identifier <value...>', 'passport, national id, registration number ...')
    .option('--no-screen', 'only register')
    .option('--as <name>', 'who, for the audit trail')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: Record<string, unknown> & { screen: boolean; json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (store, monitor) => {
        const actor = actorOf(cmd);
        const raw: Record<string, unknown> = { id };
        if (opts.name) raw.name = opts.name;
        if (opts.firstName) raw.first_name = opts.firstName;
        if (opts.lastName) raw.last_name = opts.lastName;
        if (opts.alias) raw.aliases = opts.alias;
        if (opts.schema) raw.schema = opts.schema;
        if (opts.birthDate) raw.birth_date = opts.birthDate;
        if (opts.country) raw.countries = opts.country;
        if (opts.identifier) raw.identifiers = (opts.identifier as string[]).map((value) => ({ value }));
        const [saved] = await saveCustomers(monitor, [raw], actor);
        if ('error' in saved) throw new CustomerError(saved.error);
        const run = opts.screen && (await store.currentVersions()).length ? await runMonitoring(store, monitor, { actor, trigger: 'customer' }) : undefined;
        const customer = (await monitor.customer(id))!;
        if (opts.json) return printJson({ customer: customerView(customer), outcome: saved.outcome, run: run ? runView(run) : null });
        process.stdout.write(`customer ${id} ${saved.outcome}\n`);
        if (run) printRunAlerts(run);
      });
    });

  customers
    .command('list')
    .description('customers in id order')
    .option('--search <text>', 'only customers whose id or fields contain this text')
    .option('--after <id>', 'start after this id (paging)')
    .option('--limit <n>', 'most customers to show', (v) => parseInt(v, 10), 50)
    .option('--json', 'print JSON')
    .action(async (opts: { search?: string; after?: string; limit: number; json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        const list = await monitor.listCustomers({ after: opts.after, limit: opts.limit, search: opts.search });
        const total = await monitor.countCustomers();
        if (opts.json) return printJson({ total, customers: list.map(customerView), next_after: list.length === opts.limit ? list[list.length - 1].id : null });
        process.stdout.write(
          formatTable(
            ['id', 'name', 'type', 'born', 'countries', 'screened'],
            list.map((c) => [c.id, customerName(c.query), c.query.schema ?? '', c.query.birth_date ?? '', (c.query.countries ?? []).join(' '), screenedText(c)]),
          ) + `\n${list.length} of ${total} customers\n`,
        );
      });
    });

  customers
    .command('show <id>')
    .description('one customer, its screenings and its alerts')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        const c = await monitor.customer(id);
        if (!c) throw new Error(`no customer ${id}`);
        const alerts = await monitor.alertsForCustomers([id]);
        const checks = await monitor.checksOf(id);
        if (opts.json) return printJson({ customer: customerView(c), checks, alerts: alerts.map(alertView) });
        process.stdout.write(`${c.id}: ${customerName(c.query)}\n`);
        for (const [k, v] of Object.entries(c.query)) if (k !== 'name') process.stdout.write(`  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}\n`);
        process.stdout.write(`  registered ${c.createdAt}, changed ${c.updatedAt}, ${screenedText(c)}\n`);
        process.stdout.write(`\nscreenings against all lists: ${checks.length ? '' : 'none yet'}\n`);
        for (const k of checks) process.stdout.write(`  ${k.at} run #${k.runId}: ${k.hits.length ? k.hits.map((h) => `${h.entityId} (${h.score.toFixed(2)})`).join(', ') : 'no match'}\n`);
        process.stdout.write(`\nalerts: ${alerts.length ? '' : 'none'}\n`);
        if (alerts.length) {
          process.stdout.write(
            formatTable(
              ['alert', 'state', 'entity', 'score', 'decision'],
              alerts.map((a) => [`#${a.id}`, a.state, `${a.entityId} ${a.entityCaption}`, a.score.toFixed(2), a.decision ? `${a.decision}: ${a.reason}` : '']),
            ) + '\n',
          );
        }
      });
    });

  customers
    .command('delete <id>')
    .description('remove a customer; its open alerts are closed')
    .option('--as <name>', 'who, for the audit trail')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        if (!(await deleteCustomer(monitor, id, actorOf(cmd)))) throw new Error(`no customer ${id}`);
        process.stderr.write(`customer ${id} deleted\n`);
      });
    });
}

export function customerView(c: Customer) {
  return {
    id: c.id,
    name: customerName(c.query),
    ...c.query,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    screened_at: c.screenedHash === c.matchHash ? (c.screenedAt ?? null) : null,
    pending: c.screenedHash !== c.matchHash,
  };
}

function screenedText(c: Customer): string {
  if (c.screenedHash === c.matchHash) return `screened ${c.screenedAt?.slice(0, 16).replace('T', ' ')}`;
  return c.screenedHash ? 'changed, not re-screened yet' : 'not screened yet';
}
