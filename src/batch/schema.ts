import type { PgStore } from '../store/postgres.js';

/**
 * Tables of distributed batch screening, in the PostgreSQL database the store uses. They are
 * the batch subsystem's own numbered steps (recorded in `batch_migrations`), beside the store's:
 * the embedded SQLite store has no batch workers and so no such tables.
 *
 * A job's input rows are kept in the database in chunks, so a worker on any machine needs
 * nothing but the database; results are keyed by (job, input position), so a chunk screened
 * twice (a retry after a worker died, a worker that was only slow) still stores each row once.
 */
export const BATCH_MIGRATIONS: Array<{ version: number; description: string; sql: string }> = [
  {
    version: 1,
    description: 'batch jobs, their input chunks, and one result per input row',
    sql: `
      CREATE TABLE batch_jobs (
        id TEXT PRIMARY KEY,
        file_name TEXT NOT NULL,
        version_ids INTEGER[] NOT NULL,
        options TEXT NOT NULL,
        row_count INTEGER NOT NULL,
        chunk_count INTEGER NOT NULL,
        chunks_done INTEGER NOT NULL DEFAULT 0,
        rows_done INTEGER NOT NULL DEFAULT 0,
        rows_with_hits INTEGER NOT NULL DEFAULT 0,
        rows_with_errors INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        error TEXT,
        submitted_at TIMESTAMPTZ NOT NULL,
        started_at TIMESTAMPTZ,
        finished_at TIMESTAMPTZ
      );
      CREATE INDEX batch_jobs_submitted ON batch_jobs (submitted_at);
      CREATE TABLE batch_chunks (
        job_id TEXT NOT NULL REFERENCES batch_jobs (id) ON DELETE CASCADE,
        chunk INTEGER NOT NULL,
        first_position INTEGER NOT NULL,
        row_count INTEGER NOT NULL,
        rows TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        done_at TIMESTAMPTZ,
        done_by TEXT,
        error TEXT,
        PRIMARY KEY (job_id, chunk)
      );
      CREATE TABLE batch_results (
        job_id TEXT NOT NULL REFERENCES batch_jobs (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        hits INTEGER NOT NULL,
        is_error BOOLEAN NOT NULL,
        result TEXT NOT NULL,
        PRIMARY KEY (job_id, position)
      );
    `,
  },
  {
    version: 2,
    description: "results no longer checked against their job row by row; a job's deletion still takes its results",
    // The foreign key made PostgreSQL look up and lock the job's row for every result stored
    // (a million lookups for a million rows, and both workers locking the same row). Results
    // are written only beside their chunk's done mark (worker.ts), and the chunk references
    // the job; the trigger keeps `DELETE FROM batch_jobs` taking the job's results with it.
    sql: `
      ALTER TABLE batch_results DROP CONSTRAINT IF EXISTS batch_results_job_id_fkey;
      CREATE FUNCTION batch_results_of_deleted_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM batch_results r USING deleted_jobs d WHERE r.job_id = d.id;
        RETURN NULL;
      END $$;
      ALTER FUNCTION batch_results_of_deleted_jobs() SET search_path FROM CURRENT;
      CREATE TRIGGER batch_jobs_delete_results AFTER DELETE ON batch_jobs
        REFERENCING OLD TABLE AS deleted_jobs FOR EACH STATEMENT EXECUTE FUNCTION batch_results_of_deleted_jobs();
    `,
  },
];

/** Applies the batch migrations once, whoever starts first (API replica, worker, submitter). */
export async function migrateBatch(store: PgStore): Promise<void> {
  await store.transaction(async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext(COALESCE(current_schema(), '') || ':clearance:batch-migrations'))`);
    await c.query('CREATE TABLE IF NOT EXISTS batch_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const done = new Set((await c.query<{ version: number }>('SELECT version FROM batch_migrations')).rows.map((r) => r.version));
    for (const m of BATCH_MIGRATIONS) {
      if (done.has(m.version)) continue;
      await c.query(m.sql);
      await c.query('INSERT INTO batch_migrations (version) VALUES ($1)', [m.version]);
    }
  });
}
