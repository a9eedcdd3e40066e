import { randomBytes } from 'node:crypto';
import type { CacheStore } from '@greenroom/backend';
import type { CacheService, Logger } from '@greenroom/backend-plugin-api';
import { afterAll, afterEach, inject } from 'vitest';

/** The cache stores a test can run against. */
export type TestCacheId = 'MEMORY' | 'REDIS';

/** Options of {@link TestCaches.create}. */
export interface TestCachesOptions {
  /** Limit the stores to these (default: all). */
  ids?: TestCacheId[];
}

/** What {@link TestCaches.init} gives a test. */
export interface TestCache {
  /** The raw store; keys of this test start with `keyPrefix`. */
  store: CacheStore;
  /** This test's unique key prefix, e.g. `greenroom-test-1a2b3c4d:`. */
  keyPrefix: string;
  /** A real cache service for a plugin, namespaced as the backend does (`<keyPrefix><pluginId>:`). */
  createCache(pluginId: string, options?: { defaultTtl?: number }): CacheService;
}

const ALL_IDS: readonly TestCacheId[] = ['MEMORY', 'REDIS'];
const DEFAULT_TTL_MS = 60_000;

const silentLogger: Logger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

/**
 * Cache stores for tests, on every store that is reachable. Each `init` gets a unique
 * key prefix whose keys are deleted after the test; the shared Redis client is closed
 * after the file. Call `create()` at the top of a test file or `describe` block, since
 * it registers vitest hooks.
 *
 * @example
 * const caches = TestCaches.create();
 * describe.each(caches.eachSupportedId())('%s', (cacheId) => {
 *   it('stores values', async () => {
 *     const { createCache } = await caches.init(cacheId);
 *     await createCache('my-plugin').set('k', { v: 1 });
 *   });
 * });
 */
export class TestCaches {
  readonly #ids: readonly TestCacheId[];
  readonly #redisUrl: string;
  readonly #redisAvailable: boolean;
  #redis: Promise<CacheStore> | undefined;
  #afterEach: Array<() => Promise<void>> = [];

  /** Creates the helper and registers its cleanup with vitest's `afterEach` and `afterAll`. */
  static create(options: TestCachesOptions = {}): TestCaches {
    const caches = new TestCaches(options);
    afterEach(() => caches.#cleanupTest());
    afterAll(() => caches.#cleanupAll());
    return caches;
  }

  private constructor(options: TestCachesOptions) {
    const services = inject('greenroomServices');
    this.#ids = options.ids ?? ALL_IDS;
    this.#redisUrl = services.redis.url;
    this.#redisAvailable = services.redis.available;
  }

  /** The ids whose store is reachable in this run, for `describe.each`. */
  eachSupportedId(): TestCacheId[] {
    return this.#ids.filter((id) => id !== 'REDIS' || this.#redisAvailable);
  }

  /** A store and a cache factory under a fresh key prefix, cleaned up after the test. */
  async init(id: TestCacheId): Promise<TestCache> {
    if (!this.eachSupportedId().includes(id)) {
      throw new Error(
        `Test cache '${id}' is not available in this run; iterate over caches.eachSupportedId() instead of naming it`,
      );
    }
    // Loaded on demand so that tests importing other helpers do not load the backend.
    const { DefaultCacheService, MemoryCacheStore } = await import('@greenroom/backend');
    const keyPrefix = `greenroom-test-${randomBytes(4).toString('hex')}:`;
    let store: CacheStore;
    if (id === 'MEMORY') {
      store = new MemoryCacheStore();
      this.#afterEach.push(() => store.close());
    } else {
      store = await this.#connectRedis();
      this.#afterEach.push(() => store.clear(keyPrefix));
    }
    return {
      store,
      keyPrefix,
      createCache: (pluginId, options = {}) =>
        new DefaultCacheService({
          store,
          namespace: `${keyPrefix}${pluginId}:`,
          defaultTtl: options.defaultTtl ?? DEFAULT_TTL_MS,
          logger: silentLogger,
        }),
    };
  }

  #connectRedis(): Promise<CacheStore> {
    this.#redis ??= import('@greenroom/backend').then(({ RedisCacheStore }) =>
      RedisCacheStore.connect({ connection: this.#redisUrl }),
    );
    return this.#redis;
  }

  async #cleanupTest(): Promise<void> {
    const cleanups = this.#afterEach.splice(0);
    await Promise.all(cleanups.map((cleanup) => cleanup()));
  }

  async #cleanupAll(): Promise<void> {
    await this.#cleanupTest();
    const redis = this.#redis;
    this.#redis = undefined;
    if (redis) await (await redis).close();
  }
}
