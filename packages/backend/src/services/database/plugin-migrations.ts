import type { Logger } from '@greenroom/backend-plugin-api';
import { type Kysely, type Migration, Migrator } from 'kysely';
import { withSqliteMigrationLease } from './sqlite-migration-lease.js';

/** The table recording a plugin's applied migrations (in the plugin's own database or schema). */
export const MIGRATION_TABLE = 'greenroom_migrations';
/** The table holding the migration lock row. */
export const MIGRATION_LOCK_TABLE = 'greenroom_migrations_lock';

/**
 * Applies a plugin's pending migrations in name order with Kysely's `Migrator`, so that
 * instances starting together apply each migration once: on PostgreSQL the run holds
 * an advisory lock inside one transaction (a failure rolls the whole run back); on
 * SQLite it holds a lease (see {@link withSqliteMigrationLease}).
 * Throws `Migration '<name>' of plugin '<id>' failed: <reason>`.
 *
 * @example
 * await runPluginMigrations(db, { '20260101_init': { up: async (db) => { … } } }, { pluginId: 'catalog', logger });
 */
export async function runPluginMigrations(
  db: Kysely<any>,
  migrations: Record<string, Migration>,
  options: { pluginId: string; logger: Logger; dialect: 'sqlite' | 'postgres'; schema?: string },
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  const { error, results = [] } =
    options.dialect === 'sqlite'
      ? await withSqliteMigrationLease(db, () => migrator.migrateToLatest(), {
          name: 'plugin',
          timeoutMillis: 5 * 60_000,
          what: `the database of plugin '${options.pluginId}'`,
        })
      : await migrator.migrateToLatest();
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const failed = results.find((result) => result.status === 'Error');
    throw new Error(
      failed
        ? `Migration '${failed.migrationName}' of plugin '${options.pluginId}' failed: ${reason}`
        : `Migrations of plugin '${options.pluginId}' failed: ${reason}`,
      { cause: error },
    );
  }
  const applied = results
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
  if (applied.length > 0) {
    options.logger.info(`Applied ${applied.length} migration(s) of plugin '${options.pluginId}'`, {
      applied,
    });
  }
}
