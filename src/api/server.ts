import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { z } from 'zod';
import { isSourceId, SOURCE_IDS, type SourceId } from '../model/sources.js';
import { today } from '../model/dates.js';
import { DEFAULT_THRESHOLD } from '../match/index.js';
import { ScreeningContext, screenQuery } from '../screen/screener.js';
import { QueryError, toMatchQuery } from '../screen/input.js';
import { ownershipExposure, OwnershipEdgeSchema } from '../screen/ownership.js';
import { screenSecurity, securityQueryFromText } from '../screen/securities.js';
import type { Store, VersionInfo } from '../store/types.js';
import { KeyChecker } from './keys.js';
import { SOURCES } from '../sources/index.js';
import type { MonitorStore } from '../store/monitor_types.js';
import { registerMonitorApi, screeningRecordOf } from './monitor.js';
import { batchRoutes } from './batch.js';

export interface ServerOptions {
  store: Store;
  /** Lists older than this many hours are flagged stale in every response and in /readyz. */
  maxAgeHours: number;
  /** Require an API key (off is allowed only on a loopback address). */
  requireKeys: boolean;
  bodyLimit?: number;
  logger?: boolean;
  /** Monitoring store: customers, alerts, audit trail, webhooks (without it, those endpoints are absent and screenings are not audited). */
  monitor?: MonitorStore;
  /**
   * How long the current list versions read from the store are trusted (default 1 s): an update
   * made by another process shows within this long. Reading them for every request cost about
   * a tenth of a screening.
   */
  versionsRecheckMs?: number;
}

const MAX_BATCH = 1000;

/**
 * The HTTP API. Screening runs against a context pinned to list versions; the current one is
 * kept warm and replaced when the store's current versions change, and `as_of` requests get a
 * context for the versions in force on that date (a small cache keeps the last few).
 */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: opts.bodyLimit ?? 4 * 1024 * 1024 });
  const contexts = new ContextCache(opts.store, opts.versionsRecheckMs ?? 1000);
  const keys = new KeyChecker(opts.store);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Clearance API', version: '0.1.0', description: 'Sanctions screening against official lists, with explainable matches and what each hit means.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, _req, reply) => {
    if (err instanceof QueryError) return reply.code(400).send({ error: 'invalid_request', message: err.message, fields: err.fields });
    if (err instanceof z.ZodError) {
      return reply.code(400).send({
        error: 'invalid_request',
        message: err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
        fields: err.issues.map((i) => i.path.join('.') || 'body'),
      });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) app.log.error(err);
    return reply.code(status).send({ error: status >= 500 ? 'internal_error' : 'request_error', message: err.message });
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!opts.requireKeys || OPEN_PATHS.some((p) => req.url === p || req.url.startsWith(`${p}/`) || req.url.startsWith(`${p}?`))) return;
    const header = req.headers.authorization;
    const key = header?.startsWith('Bearer ') ? header.slice(7) : (req.headers['x-api-key'] as string | undefined);
    if (!(await keys.valid(key))) return reply.code(401).send({ error: 'unauthorized', message: 'a valid API key is required (Authorization: Bearer <key>)' });
  });

  // After the key check and error handler, so the monitoring routes get both.
  const monitorApi = opts.monitor ? await registerMonitorApi(app, { store: opts.store, monitor: opts.monitor, lists: () => contexts.get() }) : undefined;
  // Distributed batch jobs (PostgreSQL); without DATABASE_URL these routes answer 501.
  await app.register(batchRoutes, {});

  const envelope = async (ctx: ScreeningContext) => ({ versions: describeVersions(contexts.freshest(ctx), opts.maxAgeHours), threshold_default: DEFAULT_THRESHOLD });

  app.get('/healthz', { schema: { hide: false, summary: 'The process is up' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { summary: 'Lists loaded and fresh' } }, async (_req, reply) => {
    const versions = describeVersions(await opts.store.currentVersions(), opts.maxAgeHours);
    const stale = versions.filter((v) => v.stale).map((v) => v.source);
    const ready = versions.length > 0;
    return reply.code(ready ? 200 : 503).send({ status: ready ? (stale.length ? 'stale' : 'ready') : 'no_data', stale, versions });
  });

  app.post('/v1/screen', { schema: { summary: 'Screen one party, or a batch of up to 1,000 ({"queries": [...]})', body: { type: 'object' } } }, async (req) => {
    const body = ScreenBody.parse(req.body);
    const ctx = await contexts.get(body.as_of, body.sources);
    const on = body.on ?? today();
    const options = { threshold: body.threshold, limit: body.limit, on, jurisdiction: body.jurisdiction };
    const run = (raw: unknown, i?: number) => {
      try {
        const { query, match } = toMatchQuery(raw);
        const hits = screenQuery(ctx, match, options);
        return { ...(i !== undefined ? { index: i } : {}), id: query.id ?? null, query, match: hits.some((h) => !h.via), hits };
      } catch (err) {
        if (i === undefined || !(err instanceof QueryError)) throw err;
        return { index: i, error: err.message, fields: err.fields };
      }
    };
    const common = { ...(await envelope(ctx)), on, as_of: body.as_of ?? null };
    const answer = body.queries ? { ...common, results: body.queries.map((q, i) => run(q, i)) } : { ...common, ...run(body.query ?? pickQuery(req.body as Record<string, unknown>)) };
    await monitorApi?.recordScreening(req, screeningRecordOf(answer, ctx.versionRefs()));
    return answer;
  });

  app.get('/v1/search', { schema: { summary: 'Search the lists by name', querystring: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } }, async (req) => {
    const q = SearchQuery.parse(req.query);
    const ctx = await contexts.get(q.as_of);
    const { match } = toMatchQuery({ name: q.q, ...(q.schema ? { schema: q.schema } : {}) });
    const hits = screenQuery(ctx, match, { threshold: q.threshold ?? 0.5, limit: q.limit, linked: false });
    return { ...(await envelope(ctx)), query: q.q, results: hits };
  });

  app.get('/v1/entities/:id', { schema: { summary: 'One listed record in full' } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const { as_of } = AsOfQuery.parse(req.query);
    const ctx = await contexts.get(as_of);
    const entity = ctx.byId.get(id);
    if (!entity) return reply.code(404).send({ error: 'not_found', message: `no entity ${id}` });
    return {
      ...(await envelope(ctx)),
      entity,
      same_as: ctx.sameTarget(id).map((s) => ({ entity_id: s.id, basis: s.key })),
      linked: ctx.linksOf(id).map((l) => ({ entity_id: l.other.id, caption: l.other.caption, relation: l.relation, direction: l.direction })),
    };
  });

  app.post('/v1/securities', { schema: { summary: 'Check ISINs, tickers or issuers against investment bans (NS-CMIC) on a date' } }, async (req) => {
    const body = SecuritiesBody.parse(req.body);
    const ctx = await contexts.get(body.as_of);
    const on = body.on ?? today();
    return { ...(await envelope(ctx)), on, results: body.securities.map((s) => screenSecurity(ctx, securityQueryFromText(s), on)) };
  });

  app.post('/v1/ownership', { schema: { summary: 'OFAC 50% rule exposure from your ownership data' } }, async (req) => {
    const body = OwnershipBody.parse(req.body);
    const ctx = await contexts.get(body.as_of);
    return { ...(await envelope(ctx)), ...ownershipExposure(ctx, body.edges, { on: body.on ?? today(), jurisdiction: body.jurisdiction }) };
  });

  app.get('/v1/sources', { schema: { summary: 'The lists, their versions and age' } }, async () => {
    const current = describeVersions(await opts.store.currentVersions(), opts.maxAgeHours);
    return {
      sources: SOURCE_IDS.map((id) => ({
        id,
        title: SOURCES[id].title,
        publisher: SOURCES[id].publisher,
        homepage: SOURCES[id].homepage,
        version: current.find((v) => v.source === id) ?? null,
      })),
    };
  });

  app.get('/v1/changes', { schema: { summary: 'Entities added, removed and changed per list version' } }, async (req) => {
    const q = ChangesQuery.parse(req.query);
    return { changes: await opts.store.changes({ source: q.source, since: q.since }) };
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.addHook('onClose', async () => contexts.clear());
  await contexts.get(); // warm the current context so the first request is fast
  return app;
}

const OPEN_PATHS = ['/healthz', '/readyz', '/openapi.json', '/docs'];

const isoDate = z.iso.date();
const sourceList = z.array(z.string().refine(isSourceId, 'unknown source')).transform((xs) => xs as SourceId[]);
const Options = {
  threshold: z.number().min(0).max(1).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  as_of: isoDate.optional(),
  on: isoDate.optional(),
  jurisdiction: z.enum(['us', 'uk', 'eu', 'un', 'ca']).optional(),
  sources: sourceList.optional(),
};
const ScreenBody = z
  .object({ query: z.record(z.string(), z.unknown()).optional(), queries: z.array(z.unknown()).min(1).max(MAX_BATCH).optional(), ...Options })
  .passthrough();
const SearchQuery = z.object({
  q: z.string().trim().min(1).max(1000),
  schema: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  threshold: z.coerce.number().min(0).max(1).optional(),
  as_of: isoDate.optional(),
});
const AsOfQuery = z.object({ as_of: isoDate.optional() });
const ChangesQuery = z.object({ source: z.string().refine(isSourceId, 'unknown source').transform((s) => s as SourceId).optional(), since: isoDate.optional() });
const SecuritiesBody = z.object({ securities: z.array(z.string().trim().min(1).max(200)).min(1).max(MAX_BATCH), on: isoDate.optional(), as_of: isoDate.optional() });
const OwnershipBody = z.object({
  edges: z.array(OwnershipEdgeSchema).min(1).max(100_000),
  on: isoDate.optional(),
  as_of: isoDate.optional(),
  jurisdiction: z.enum(['us', 'uk', 'eu', 'un', 'ca']).optional(),
});

/** A single query may come bare (`{"name": ...}`) rather than wrapped in `query`. */
function pickQuery(body: Record<string, unknown>): Record<string, unknown> {
  const skip = new Set(['threshold', 'limit', 'as_of', 'on', 'jurisdiction', 'sources', 'query', 'queries']);
  return Object.fromEntries(Object.entries(body ?? {}).filter(([k]) => !skip.has(k)));
}

export interface VersionView {
  source: SourceId;
  version: number;
  published_at: string | null;
  retrieved_at: string;
  checked_at: string;
  entities: number;
  age_hours: number;
  stale: boolean;
}

/** Each list version with its age, flagged stale past the configured age. */
export function describeVersions(versions: VersionInfo[], maxAgeHours: number): VersionView[] {
  const now = Date.now();
  return versions.map((v) => {
    const age = (now - Date.parse(v.checkedAt)) / 3_600_000;
    return {
      source: v.source,
      version: v.id,
      published_at: v.publishedAt ?? null,
      retrieved_at: v.retrievedAt,
      checked_at: v.checkedAt,
      entities: v.entityCount,
      age_hours: Math.round(age * 10) / 10,
      stale: age > maxAgeHours,
    };
  });
}

/**
 * Screening contexts by the set of versions they hold. The current versions are read again
 * once they are older than `recheckMs`, and a new context is built when they changed.
 */
class ContextCache {
  private readonly cache = new Map<string, Promise<ScreeningContext>>();
  private readonly order: string[] = [];
  private current?: { readAt: number; versions: VersionInfo[] };

  constructor(
    private readonly store: Store,
    private readonly recheckMs: number,
    private readonly max = 3,
  ) {}

  async get(asOf?: string, sources?: SourceId[]): Promise<ScreeningContext> {
    let versions = asOf ? await this.store.versionsAsOf(asOf) : await this.currentVersions();
    if (sources?.length) versions = versions.filter((v) => sources.includes(v.source));
    const key = versions.map((v) => v.id).join(',');
    let ctx = this.cache.get(key);
    if (!ctx) {
      ctx = loadContext(this.store, versions);
      this.cache.set(key, ctx);
      this.order.push(key);
      while (this.order.length > this.max) this.cache.delete(this.order.shift()!);
    }
    return ctx;
  }

  /**
   * A context's versions as last read: an update that finds a list unchanged moves its check
   * date on, and with it the age and staleness every response reports.
   */
  freshest(ctx: ScreeningContext): VersionInfo[] {
    const latest = new Map(this.current?.versions.map((v) => [v.id, v]));
    return ctx.versions.map((v) => latest.get(v.id) ?? v);
  }

  clear(): void {
    this.cache.clear();
  }

  private async currentVersions(): Promise<VersionInfo[]> {
    const now = Date.now();
    if (!this.current || now - this.current.readAt >= this.recheckMs) this.current = { readAt: now, versions: await this.store.currentVersions() };
    return this.current.versions;
  }
}

async function loadContext(store: Store, versions: VersionInfo[]): Promise<ScreeningContext> {
  const entities = [];
  for await (const e of store.entities(versions.map((v) => v.id))) entities.push(e);
  const ctx = ScreeningContext.build(versions, entities);
  void ctx.index; // build now, not on the first request
  return ctx;
}
