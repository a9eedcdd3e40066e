import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

/** The table holding SQLite migration leases (one row per lease name while someone migrates). */
export const MIGRATION_LEASE_TABLE = 'greenroom_migrations_lease';

const LEASE_MILLIS = 60_000;
const RENEW_MILLIS = 15_000;
const POLL_MILLIS = 50;

/**
 * Runs `fn` while holding the migration lease `name` of this database. Kysely takes no migration
 * lock on SQLite, yet two instances (or processes) may open the same database file;
 * the lease makes the second wait until the first has finished. Each step is a short
 * autocommitted statement and waiting is asynchronous, so waiting never blocks the
 * event loop. A holder that crashed loses the lease after a minute.
 *
 * @example
 * await withSqliteMigrationLease(db, () => migrator.migrateToLatest(), {
 *   name: 'plugin', timeoutMillis: 300_000, what: "the database of plugin 'catalog'",
 * });
 */
export async function withSqliteMigrationLease<T>(
  db: Kysely<any>,
  fn: () => Promise<T>,
  options: { name: string; timeoutMillis: number; what: string },
): Promise<T> {
  const { name } = options;
  await sql`CREATE TABLE IF NOT EXISTS ${sql.table(MIGRATION_LEASE_TABLE)} (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  )`.execute(db);
  const holder = randomUUID();
  const deadline = Date.now() + options.timeoutMillis;
  while (!(await tryAcquire(db, name, holder))) {
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${options.timeoutMillis} ms waiting for another instance to finish migrating ${options.what}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MILLIS));
  }
  const renew = setInterval(() => {
    void sql`UPDATE ${sql.table(MIGRATION_LEASE_TABLE)} SET expires_at = ${Date.now() + LEASE_MILLIS} WHERE holder = ${holder}`
      .execute(db)
      .catch(() => {});
  }, RENEW_MILLIS);
  renew.unref();
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    await sql`DELETE FROM ${sql.table(MIGRATION_LEASE_TABLE)} WHERE holder = ${holder}`.execute(db);
  }
}

async function tryAcquire(db: Kysely<any>, name: string, holder: string): Promise<boolean> {
  const now = Date.now();
  await sql`INSERT INTO ${sql.table(MIGRATION_LEASE_TABLE)} (name, holder, expires_at)
    VALUES (${name}, ${holder}, ${now + LEASE_MILLIS})
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
    WHERE ${sql.table(MIGRATION_LEASE_TABLE)}.expires_at < ${now}`.execute(db);
  const row = await sql<{
    holder: string;
  }>`SELECT holder FROM ${sql.table(MIGRATION_LEASE_TABLE)} WHERE name = ${name}`.execute(db);
  return row.rows[0]?.holder === holder;
}
