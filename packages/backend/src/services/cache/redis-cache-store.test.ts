import type { Logger, LogMeta } from '@greenroom/backend-plugin-api';
import { describe, expect, inject, it } from 'vitest';
import { DefaultCacheService } from './default-cache-service.js';
import { RedisCacheStore } from './redis-cache-store.js';

const redis = inject('greenroomServices').redis;
/** Redis tests are registered only when Redis is reachable. */
const redisUrls = redis.available ? [redis.url] : [];

describe('RedisCacheStore', () => {
  it('fails to connect with a message naming the config key, without the password', async () => {
    // Nothing listens on port 1 of the loopback address.
    const connecting = RedisCacheStore.connect({
      connection: 'redis://:hunter22@127.0.0.1:1',
      connectTimeout: 1000,
    });
    await expect(connecting).rejects.toThrow(
      /^Could not connect to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1 \(backend\.cache\.connection\): .*ECONNREFUSED.*set backend\.cache\.store to 'memory'$/,
    );
    await expect(connecting).rejects.not.toThrow(/hunter22/);
  });
});

describe.each(redisUrls)('cache service when Redis (%s) fails during operation', (url) => {
  async function brokenCache() {
    const warnings: Array<{ message: string; meta?: LogMeta | Error }> = [];
    const logger: Logger = {
      error() {},
      warn: (message, meta) => warnings.push({ message, meta }),
      info() {},
      debug() {},
      child: () => logger,
    };
    const store = await RedisCacheStore.connect({ connection: url });
    await store.close();
    const cache = new DefaultCacheService({
      store,
      namespace: 'greenroom-test-broken:',
      defaultTtl: 1000,
      logger,
    });
    return { cache, warnings };
  }

  it('treats a failed read as a miss and warns once', async () => {
    const { cache, warnings } = await brokenCache();
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toBe("Cache read of 'a' failed; treating it as a miss");
  });

  it('drops a failed write instead of failing the caller', async () => {
    const { cache, warnings } = await brokenCache();
    await expect(cache.set('a', 1)).resolves.toBeUndefined();
    expect(warnings.map((w) => w.message)).toEqual(["Cache write of 'a' failed; the value is not cached"]);
  });

  it('fails a delete, since a lost invalidation would serve stale values later', async () => {
    const { cache } = await brokenCache();
    await expect(cache.delete('a')).rejects.toThrow();
  });
});
