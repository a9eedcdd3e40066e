import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { cacheConfigSchema } from './cache-config.js';
import { createCacheStore } from './create-cache-store.js';
import { DefaultCacheService } from './default-cache-service.js';

/**
 * Each plugin's cache, namespaced as `<redis.keyPrefix><pluginId>:<key>` in one store
 * shared by all plugins (memory or Redis, from `backend.cache`). The store is closed
 * by a root shutdown hook, after the plugins have stopped.
 *
 * @example
 * reg.registerInit({ deps: { cache: coreServices.cache }, async init({ cache }) { await cache.set('k', 1); } });
 */
export const cacheServiceFactory = createServiceFactory({
  service: coreServices.cache,
  rootDeps: {
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
    lifecycle: coreServices.rootLifecycle,
  },
  async createRootContext({ config, logger, lifecycle }) {
    const cacheConfig = config.read('backend.cache', cacheConfigSchema);
    const store = await createCacheStore(cacheConfig, logger);
    lifecycle.addShutdownHook(() => store.close(), { label: 'close cache store' });
    return { store, config: cacheConfig };
  },
  deps: { logger: coreServices.logger, plugin: coreServices.pluginMetadata },
  factory: ({ logger, plugin }, { store, config }) =>
    new DefaultCacheService({
      store,
      namespace: `${config.redis.keyPrefix}${plugin.getId()}:`,
      defaultTtl: config.defaultTtl,
      logger,
    }),
});
