/** Small shared helpers for CLI output: tables, JSON, errors. */

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** A plain text table: columns padded to their widest cell; numbers right-aligned. */
export function formatTable(headers: string[], rows: Array<Array<string | number | undefined>>): string {
  const cells = rows.map((r) => r.map((c) => (c === undefined ? '' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === undefined));
  const line = (r: string[]) =>
    r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function reportError(err: unknown): void {
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`clearance: error: ${msg}\n`);
  if (process.env.CLEARANCE_DEBUG && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
}
