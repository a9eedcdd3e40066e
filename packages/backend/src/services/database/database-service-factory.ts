import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { DatabaseManager } from './database-manager.js';

/**
 * The default `coreServices.database`: each plugin gets its own SQLite file or
 * PostgreSQL database/schema from `backend.database`, all plugins sharing one
 * connection pool per PostgreSQL server. The pools close in a root shutdown hook.
 *
 * @example
 * createBackend({ services: [databaseServiceFactory] });
 * // in a plugin:
 * reg.registerInit({ deps: { database: coreServices.database }, async init({ database }) {
 *   await database.migrate(migrations);
 * } });
 */
export const databaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  rootDeps: {
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
    lifecycle: coreServices.rootLifecycle,
  },
  createRootContext({ config, logger, lifecycle }) {
    const manager = DatabaseManager.fromConfig(config, { logger: logger.child({ service: 'database' }) });
    lifecycle.addShutdownHook(() => manager.destroy(), { label: 'close database connections' });
    return manager;
  },
  deps: { pluginMetadata: coreServices.pluginMetadata, logger: coreServices.logger },
  factory({ pluginMetadata, logger }, manager) {
    return manager.forPlugin(pluginMetadata.getId(), { logger });
  },
});
