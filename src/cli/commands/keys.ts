import type { Command } from 'commander';
import { createKey } from '../../api/keys.js';
import { withStore } from '../context.js';
import { formatTable, printJson } from '../output.js';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('API keys for `clearance serve` (stored hashed)');
  keys
    .command('create <name>')
    .description('create a key; it is shown once and only its hash is kept')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const k = await createKey(store, name);
        if (opts.json) return printJson({ id: k.id, name, key: k.key });
        process.stdout.write(`${k.key}\n`);
        process.stderr.write(`key ${k.id} ("${name}") created; store it now: it cannot be shown again\n`);
      });
    });
  keys
    .command('list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const list = await store.listApiKeys();
        if (opts.json) return printJson(list);
        process.stdout.write(formatTable(['id', 'name', 'created', 'revoked'], list.map((k) => [k.id, k.name, k.createdAt, k.revokedAt ?? ''])) + '\n');
      });
    });
  keys
    .command('revoke <id>')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withStore(cmd, async (store) => {
        if (!(await store.revokeApiKey(id, new Date().toISOString()))) throw new Error(`no active key ${id}`);
        process.stderr.write(`key ${id} revoked\n`);
      });
    });
}
