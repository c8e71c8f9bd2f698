import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { MatchQuery } from '../match/index.js';
import { readBatch, type BatchFormat } from '../screen/batch.js';
import { toMatchQuery, type ScreenQuery } from '../screen/input.js';
import type { CustomerInput, MonitorStore, UpsertCounts } from '../store/monitor_types.js';
import { customerSnapshot, fingerprint } from './fingerprint.js';

/**
 * The customer registry: each customer is a screening query under the customer's own id,
 * parsed by the same rules as a screening request (src/screen/input.ts) and read from files
 * by the same reader as batch screening (src/screen/batch.ts).
 */

/** Longest customer id accepted: ids are keys, not documents. */
export const MAX_CUSTOMER_ID = 200;

/** Parses a customer (API body, one file row) into what the registry stores; throws QueryError. */
export function customerInput(raw: Record<string, unknown>): CustomerInput {
  const id = raw.id === undefined || raw.id === null ? '' : String(raw.id).trim();
  if (!id) throw new CustomerError('a customer needs an id (column id, customer_id, client_id, reference ...)');
  if (id.length > MAX_CUSTOMER_ID) throw new CustomerError(`customer id longer than ${MAX_CUSTOMER_ID} characters`);
  const { query, match } = toMatchQuery(raw);
  return fromParsed(id, query, match);
}

function fromParsed(id: string, query: ScreenQuery, match: MatchQuery): CustomerInput {
  const { id: _drop, ...fields } = query;
  return { id, query: fields, match, matchHash: customerMatchHash(match) };
}

export class CustomerError extends Error {
  override name = 'CustomerError';
  readonly statusCode = 400;
}

/** Hash of what matching reads of a customer; the registry re-screens a customer when it changes. */
export function customerMatchHash(match: MatchQuery): string {
  return fingerprint({ ...customerSnapshot(match), ...(match.gender ? { gender: match.gender } : {}) } as ReturnType<typeof customerSnapshot>);
}

export function customerName(q: ScreenQuery): string {
  return q.name ?? [q.first_name, q.middle_name, q.last_name].filter(Boolean).join(' ');
}

export interface ImportResult extends Omit<UpsertCounts, 'outcomes'> {
  file: string;
  sha256: string;
  rows: number;
  /** Rows refused, with the reason (the import goes on with the next row). */
  errors: Array<{ row: number; id?: string; error: string }>;
  /** Ids given more than once in the file: the last row wins. */
  duplicates: number;
}

/** Customers per transaction: large enough to be fast, small enough to keep memory flat. */
const IMPORT_CHUNK = 5000;

/**
 * Imports a CSV (with header) or JSON-lines file into the registry. Rows are parsed exactly as
 * batch screening parses them; a bad row is reported and skipped, the others are imported.
 * New and changed customers become pending: the next monitoring run screens them.
 */
export async function importCustomers(
  monitor: MonitorStore,
  path: string,
  opts: { format?: BatchFormat; map?: string[]; actor: string; at?: string },
): Promise<ImportResult> {
  const at = opts.at ?? new Date().toISOString();
  const result: ImportResult = { file: basename(path), sha256: await fileSha256(path), rows: 0, created: 0, updated: 0, unchanged: 0, errors: [], duplicates: 0 };
  const seen = new Set<string>();
  let chunk = new Map<string, CustomerInput>();
  const flush = async () => {
    if (!chunk.size) return;
    const counts = await monitor.upsertCustomers([...chunk.values()], at);
    result.created += counts.created;
    result.updated += counts.updated;
    result.unchanged += counts.unchanged;
    chunk = new Map();
  };
  for await (const row of readBatch(path, { format: opts.format, map: opts.map })) {
    result.rows++;
    if (row.error || !row.query || !row.match) {
      result.errors.push({ row: row.row, ...(row.id ? { id: row.id } : {}), error: row.error ?? 'unreadable row' });
      continue;
    }
    if (!row.id) {
      result.errors.push({ row: row.row, error: 'no customer id (column id, customer_id, client_id, reference ...)' });
      continue;
    }
    if (row.id.length > MAX_CUSTOMER_ID) {
      result.errors.push({ row: row.row, error: `customer id longer than ${MAX_CUSTOMER_ID} characters` });
      continue;
    }
    if (seen.has(row.id)) result.duplicates++;
    seen.add(row.id);
    chunk.set(row.id, fromParsed(row.id, row.query, row.match));
    if (chunk.size >= IMPORT_CHUNK) await flush();
  }
  await flush();
  await monitor.appendAudit([
    {
      actor: opts.actor,
      action: 'customers.import',
      subject: `file:${result.file}`,
      at,
      payload: { ...result, errors: result.errors.length, first_errors: result.errors.slice(0, 20) },
    },
  ]);
  return result;
}

async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Customers per transaction when saving many at once (API). */
const SAVE_CHUNK = 1000;

export type SaveOutcome = { id: string; outcome: 'created' | 'updated' | 'unchanged' } | { index: number; error: string };

/**
 * Creates or replaces customers (CLI, API): each is parsed on its own (a bad one is reported
 * by its position, the others are saved), then saved in transactions that also append what was
 * submitted, by whom, to the audit trail.
 */
export async function saveCustomers(monitor: MonitorStore, raws: unknown[], actor: string): Promise<SaveOutcome[]> {
  const out: SaveOutcome[] = new Array(raws.length);
  const good: Array<{ index: number; input: CustomerInput }> = [];
  raws.forEach((raw, index) => {
    try {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CustomerError('expected a customer object');
      good.push({ index, input: customerInput(raw as Record<string, unknown>) });
    } catch (err) {
      out[index] = { index, error: (err as Error).message };
    }
  });
  for (let i = 0; i < good.length; i += SAVE_CHUNK) {
    const chunk = good.slice(i, i + SAVE_CHUNK);
    const at = new Date().toISOString();
    const subject = chunk.length === 1 ? `customer:${chunk[0].input.id}` : 'customers';
    const counts = await monitor.upsertCustomers(
      chunk.map((g) => g.input),
      at,
      { audit: [{ actor, action: 'customers.save', subject, at, payload: { customers: chunk.map((g) => ({ id: g.input.id, ...g.input.query })) } }] },
    );
    chunk.forEach((g, k) => (out[g.index] = { id: g.input.id, outcome: counts.outcomes[k] }));
  }
  return out;
}
