import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { certificate, certificateText } from '../../audit/certificate.js';
import { formatHead, parseHead, type ChainHead } from '../../audit/chain.js';
import { exportAudit, verifyAudit } from '../../audit/log.js';
import { printJson } from '../output.js';
import { withMonitor } from './monitor.js';

/** `--from`/`--to`: a date (the whole day) or a full ISO timestamp. */
function parseWhen(v: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v) || !Number.isNaN(Date.parse(v))) return v;
  throw new Error(`"${v}" is not a date (YYYY-MM-DD) or an ISO timestamp`);
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit trail: verify, export, certificates');

  audit
    .command('verify')
    .description('recompute the hash chain and report the first edited, inserted or deleted record (exit 1 if any)')
    .option('--anchor <seq:hash...>', 'heads kept elsewhere (from `clearance audit head`): catches deletion of the newest records and wholesale rewrites')
    .option('--checkpoint', 'store the verified head as a checkpoint')
    .option('--json', 'print JSON')
    .action(async (opts: { anchor?: string[]; checkpoint?: boolean; json?: boolean }, cmd: Command) => {
      const anchors: ChainHead[] = (opts.anchor ?? []).map(parseHead);
      await withMonitor(cmd, async (_store, monitor) => {
        const r = await verifyAudit(monitor, { anchors, checkpoint: opts.checkpoint });
        if (opts.json) printJson({ ...r, head: r.head ? formatHead(r.head) : null });
        else if (r.ok) {
          process.stdout.write(`audit trail intact: ${r.records} records; head ${r.head ? formatHead(r.head) : '(empty)'}; ${r.checkedAnchors} anchor(s)/checkpoint(s) checked\n`);
        } else {
          process.stdout.write(`AUDIT TRAIL BROKEN at record ${r.problem!.seq} (${r.problem!.kind}): ${r.problem!.message}\n`);
        }
        process.exitCode = r.ok ? 0 : 1;
      });
    });

  audit
    .command('head')
    .description('print the head of the chain as SEQ:HASH; keep it outside the database to anchor later verifications')
    .action(async (_opts: unknown, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        const head = await monitor.auditHead();
        process.stdout.write(head ? `${formatHead(head)}\n` : '0:empty\n');
      });
    });

  audit
    .command('export')
    .description('audit records as JSON lines, each with its prev_hash and hash')
    .option('--from <date>', 'from this date or time (inclusive)', parseWhen)
    .option('--to <date>', 'to this date (the whole day) or time (inclusive)', parseWhen)
    .option('--output <file>', 'write here (default stdout)')
    .action(async (opts: { from?: string; to?: string; output?: string }, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        const out = opts.output ? createWriteStream(opts.output) : process.stdout;
        const r = await exportAudit(monitor, { from: opts.from, to: opts.to }, out);
        if (opts.output) await new Promise<void>((resolve) => (out as ReturnType<typeof createWriteStream>).end(resolve));
        process.stderr.write(`exported ${r.records} audit records${r.first !== undefined ? ` (#${r.first} to #${r.last})` : ''}\n`);
      });
    });

  audit
    .command('certificate <customer>')
    .description('what was checked about a customer, against which list versions, when, with what result')
    .option('--json', 'print JSON')
    .action(async (customerId: string, opts: { json?: boolean }, cmd: Command) => {
      await withMonitor(cmd, async (_store, monitor) => {
        const c = await certificate(monitor, customerId);
        if (opts.json) printJson(c);
        else process.stdout.write(certificateText(c, customerId));
      });
    });
}
