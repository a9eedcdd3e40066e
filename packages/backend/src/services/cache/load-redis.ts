import type { Redis } from 'ioredis';

let loading: Promise<typeof Redis> | undefined;

/**
 * Loads the Redis client class of `ioredis` on first use and caches it. The library
 * weighs several MB of memory, and a backend with the memory cache never needs it,
 * so nothing imports it at startup.
 *
 * @example
 * const Redis = await loadRedis();
 * const client = new Redis('redis://127.0.0.1:6379', { lazyConnect: true });
 */
export function loadRedis(): Promise<typeof Redis> {
  loading ??= import('ioredis').then(
    (module) => module.Redis,
    (error: unknown) => {
      throw new Error(
        `Could not load the Redis client 'ioredis', needed for backend.cache.store 'redis': ${(error as Error).message}. Reinstall the backend's dependencies`,
        { cause: error },
      );
    },
  );
  return loading;
}
