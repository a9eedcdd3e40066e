export { type DatabaseConfig, databaseConfigSchema } from './database-config.js';
export { DatabaseManager } from './database-manager.js';
export { databaseServiceFactory } from './database-service-factory.js';
export { loadSqlite, type SqliteDatabaseConstructor } from './load-sqlite.js';
export { MIGRATION_LEASE_TABLE, withSqliteMigrationLease } from './sqlite-migration-lease.js';
