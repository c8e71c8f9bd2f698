import type Database from 'better-sqlite3';

/**
 * Prepared statements kept for reuse, for the queries an API request runs every time (the list
 * versions it screens against, the audit append): parsing the SQL costs more than running them.
 * Only for statements run to the end at once (all, get, run): a statement being iterated
 * cannot run again until its iteration ends.
 */
export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
}
