import type { Logger } from '@greenroom/backend-plugin-api';
import type { CacheConfig } from './cache-config.js';
import type { CacheStore } from './cache-store.js';
import { MemoryCacheStore } from './memory-cache-store.js';
import { RedisCacheStore } from './redis-cache-store.js';

/**
 * The store chosen by `backend.cache.store`. A Redis store is connected before this
 * returns, so a wrong URL fails startup with a clear message.
 *
 * @example
 * const store = await createCacheStore(cacheConfigSchema.parse({ store: 'memory' }), logger);
 */
export async function createCacheStore(config: CacheConfig, logger: Logger): Promise<CacheStore> {
  if (config.store === 'redis') {
    // The schema requires a connection for the redis store.
    return RedisCacheStore.connect({ connection: config.connection!, logger });
  }
  return new MemoryCacheStore({ maxEntries: config.memory.maxEntries });
}
