import PgBoss from 'pg-boss';
import type pg from 'pg';

/**
 * The job queue of batch screening: pg-boss, in the same PostgreSQL database. One queue job per
 * chunk of input rows; pg-boss hands each to one worker at a time (SKIP LOCKED), and a chunk
 * whose worker died is failed by expiry and offered again, up to its retry limit.
 */
export const CHUNK_QUEUE = 'clearance-batch-chunks';

export interface QueueOptions {
  /** Run pg-boss maintenance (expiring the chunks of dead workers) in this process. */
  supervise?: boolean;
  /** How often maintenance runs, in seconds (default 30): a dead worker's chunk waits about its timeout plus this. */
  maintenanceIntervalSeconds?: number;
  /** Told about errors pg-boss meets in the background (a lost connection, say); it keeps going. */
  onError?: (err: Error) => void;
}

/**
 * pg-boss keeps its tables in a schema of their own: `pgboss` beside the usual `public`, else
 * `<schema>_pgboss` beside the schema the connection string selects (so that two Clearance
 * installations, or two test runs, sharing a server keep separate queues). CLEARANCE_QUEUE_SCHEMA
 * overrides it.
 */
export async function queueSchema(pool: pg.Pool): Promise<string> {
  if (process.env.CLEARANCE_QUEUE_SCHEMA) return process.env.CLEARANCE_QUEUE_SCHEMA;
  const { rows } = await pool.query<{ schema: string | null }>('SELECT current_schema() AS schema');
  const schema = rows[0]?.schema ?? 'public';
  return schema === 'public' ? 'pgboss' : `${schema}_pgboss`;
}

export async function startQueue(url: string, pool: pg.Pool, opts: QueueOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: await queueSchema(pool),
    application_name: 'clearance-queue',
    max: 4,
    supervise: opts.supervise ?? false,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 30,
  });
  boss.on('error', (err) => opts.onError?.(err));
  await boss.start();
  await boss.createQueue(CHUNK_QUEUE);
  return boss;
}

/** Lets pg-boss write its rows inside a transaction of ours, so a job and its queue entries commit together. */
export function inTransaction(client: pg.PoolClient): PgBoss.Db {
  return { executeSql: (text, values) => client.query(text, values) };
}
