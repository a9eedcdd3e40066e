export { type CacheConfig, cacheConfigSchema } from './cache-config.js';
export { cacheServiceFactory } from './cache-service-factory.js';
export type { CacheStore } from './cache-store.js';
export { createCacheStore } from './create-cache-store.js';
export {
  DefaultCacheService,
  type DefaultCacheServiceOptions,
  MAX_CACHE_KEY_LENGTH,
} from './default-cache-service.js';
export { MemoryCacheStore, type MemoryCacheStoreOptions } from './memory-cache-store.js';
export { RedisCacheStore, type RedisCacheStoreOptions } from './redis-cache-store.js';
