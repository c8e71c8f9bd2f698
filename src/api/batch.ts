import type { FastifyInstance, FastifyReply } from 'fastify';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { isSourceId, type SourceId } from '../model/sources.js';
import { today } from '../model/dates.js';
import { readBatch, type BatchFormat, type BatchRow } from '../screen/batch.js';
import { toMatchQuery } from '../screen/input.js';
import { BatchService, type JobStatus } from '../batch/jobs.js';
import { csvHeaderLine, formatResult } from '../batch/output.js';
import { databaseUrl } from '../store/index.js';

/**
 * The batch API: the same jobs as `clearance batch`, screened by the same workers.
 *   POST /v1/batch              a JSON body {"queries": [...]} or a CSV / JSON-lines body; 202 with the job
 *   GET  /v1/batch/:id          progress
 *   GET  /v1/batch/:id/results  results in input order (?format=jsonl|csv, ?partial=true)
 * Register after the API-key hook so these routes need a key like the others:
 *   await app.register(batchRoutes, {});
 */

export interface BatchRoutesOptions {
  /** PostgreSQL holding the jobs; default DATABASE_URL. Without one the routes answer 501. */
  databaseUrl?: string;
  /** Largest accepted upload (default 256 MiB). */
  bodyLimit?: number;
}

const MAX_QUERIES = 1_000_000;

const isoDate = z.iso.date();
const JobOptions = {
  threshold: z.number().min(0).max(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  on: isoDate.optional(),
  jurisdiction: z.enum(['us', 'uk', 'eu', 'un', 'ca']).optional(),
  sources: z.array(z.string().refine(isSourceId, 'unknown source')).transform((xs) => xs as SourceId[]).optional(),
  file_name: z.string().trim().min(1).max(200).optional(),
};
const JsonBody = z.object({ queries: z.array(z.unknown()).min(1).max(MAX_QUERIES), ...JobOptions });
const UploadQuery = z.object({ ...JobOptions, threshold: z.coerce.number().min(0).max(1).optional(), sources: z.string().optional() });
const ResultsQuery = z.object({ format: z.enum(['jsonl', 'csv']).default('jsonl'), partial: z.enum(['true', 'false']).optional() });

const UPLOAD_TYPES: Record<string, BatchFormat> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
};

export async function batchRoutes(app: FastifyInstance, opts: BatchRoutesOptions): Promise<void> {
  const url = opts.databaseUrl ?? databaseUrl();
  let service: Promise<BatchService> | undefined;
  const batch = () => {
    service ??= BatchService.open(url!).catch((err) => {
      service = undefined; // try again on the next request
      throw err;
    });
    return service;
  };
  app.addHook('onClose', async () => {
    if (service) await (await service.catch(() => undefined))?.close();
  });
  const unavailable = (reply: FastifyReply) =>
    reply.code(501).send({ error: 'not_available', message: 'batch screening through workers needs PostgreSQL: start the server with DATABASE_URL set' });

  const bodyLimit = opts.bodyLimit ?? 256 * 1024 * 1024;
  app.addContentTypeParser(Object.keys(UPLOAD_TYPES), { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  app.post('/v1/batch', { bodyLimit, schema: { summary: 'Submit a batch job: {"queries": [...]} as JSON, or a CSV / JSON-lines file as the body' } }, async (req, reply) => {
    if (!url) return unavailable(reply);
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const service = await batch();
    let job: JobStatus;
    if (UPLOAD_TYPES[type]) {
      const q = UploadQuery.parse(req.query);
      const sources = q.sources?.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = sources?.find((s) => !isSourceId(s));
      if (bad) return reply.code(400).send({ error: 'invalid_request', message: `sources: unknown source "${bad}"`, fields: ['sources'] });
      job = await submitUpload(service, req.body as Buffer, UPLOAD_TYPES[type], { ...q, sources: sources as SourceId[] | undefined });
    } else {
      const body = JsonBody.parse(req.body);
      job = await service.submit({
        fileName: body.file_name ?? 'api request',
        rows: rowsOf(body.queries),
        options: jobOptions(body),
        sources: body.sources,
      });
    }
    return reply
      .code(202)
      .header('location', `/v1/batch/${job.id}`)
      .send({ ...job, versions: await service.versionRefs(job) });
  });

  app.get('/v1/batch/:id', { schema: { summary: 'Progress of a batch job' } }, async (req, reply) => {
    if (!url) return unavailable(reply);
    const service = await batch();
    const job = await service.status((req.params as { id: string }).id);
    if (!job) return reply.code(404).send({ error: 'not_found', message: `no batch job ${(req.params as { id: string }).id}` });
    return { ...job, progress: job.rows ? job.rows_done / job.rows : 1, versions: await service.versionRefs(job) };
  });

  app.get('/v1/batch/:id/results', { schema: { summary: 'Results of a batch job in input order (JSON lines or CSV)' } }, async (req, reply) => {
    if (!url) return unavailable(reply);
    const service = await batch();
    const { id } = req.params as { id: string };
    const q = ResultsQuery.parse(req.query);
    const job = await service.status(id);
    if (!job) return reply.code(404).send({ error: 'not_found', message: `no batch job ${id}` });
    if (job.status !== 'done' && q.partial !== 'true') {
      return reply.code(409).send({ error: 'not_finished', message: `job ${id} is ${job.status}: ${job.rows_done} of ${job.rows} rows done (add ?partial=true to read them)`, status: job });
    }
    async function* lines() {
      if (q.format === 'csv') yield csvHeaderLine();
      for await (const r of service.results(id)) yield formatResult(r.result, q.format);
    }
    return reply.type(q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson').send(Readable.from(lines()));
  });
}

function jobOptions(o: { threshold?: number; limit?: number; on?: string; jurisdiction?: 'us' | 'uk' | 'eu' | 'un' | 'ca' }) {
  return { threshold: o.threshold, limit: o.limit ?? 10, on: o.on ?? today(), jurisdiction: o.jurisdiction ?? 'us' };
}

/** JSON queries become rows exactly as JSON-lines rows do: a bad one is an error result, not a refused job. */
async function* rowsOf(queries: unknown[]): AsyncGenerator<BatchRow> {
  let row = 0;
  for (const raw of queries) {
    row++;
    const id = raw && typeof raw === 'object' && 'id' in raw ? String((raw as { id: unknown }).id) : undefined;
    try {
      const { query, match } = toMatchQuery(raw);
      yield { row, id, query, match };
    } catch (err) {
      yield { row, id, error: (err as Error).message };
    }
  }
}

/** An uploaded file goes through the very reader `clearance screen --input` uses. */
async function submitUpload(
  service: BatchService,
  body: Buffer,
  format: BatchFormat,
  o: { threshold?: number; limit?: number; on?: string; jurisdiction?: 'us' | 'uk' | 'eu' | 'un' | 'ca'; sources?: SourceId[]; file_name?: string },
): Promise<JobStatus> {
  const dir = await mkdtemp(join(tmpdir(), 'clearance-upload-'));
  try {
    const path = join(dir, format === 'csv' ? 'upload.csv' : 'upload.jsonl');
    await writeFile(path, body);
    return await service.submit({ fileName: o.file_name ?? `upload.${format}`, rows: readBatch(path, { format }), options: jobOptions(o), sources: o.sources });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
