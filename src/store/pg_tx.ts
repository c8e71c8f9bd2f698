import type pg from 'pg';

/**
 * Runs `fn` in one transaction on one pooled connection: committed if it returns, rolled back if
 * it throws. Shared by the list store and the monitoring store, so both are equally safe when the
 * server goes away mid-transaction.
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  // A connection lost while checked out (server restart) is reported as an 'error' event on
  // the client, which would end the process if no one listened; the query in flight fails too.
  let broken = false;
  const lost = () => (broken = true);
  c.on('error', lost);
  try {
    await c.query('BEGIN');
    const result = await fn(c);
    await c.query('COMMIT');
    return result;
  } catch (err) {
    await c.query('ROLLBACK').catch(lost);
    throw err;
  } finally {
    c.off('error', lost);
    // A connection that was lost or cannot even roll back is dead: drop it rather than hand it out again.
    c.release(broken);
  }
}
