import { randomBytes } from 'node:crypto';
import type { LifecycleHook, Logger, RootLifecycle } from '@greenroom/backend-plugin-api';
import { ConfigReader } from '@greenroom/config';
import { describe, expect, inject, it } from 'vitest';
import { cacheServiceFactory } from './cache-service-factory.js';
import type { CacheStore } from './cache-store.js';

const redis = inject('greenroomServices').redis;

const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {}, child: () => silentLogger };

/** Runs the factory like the backend does: one root context, one service per plugin. */
async function startCaches(cacheConfig: Record<string, unknown>) {
  const shutdownHooks: LifecycleHook[] = [];
  const lifecycle: RootLifecycle = {
    addStartupHook() {},
    addBeforeShutdownHook() {},
    addShutdownHook: (hook) => shutdownHooks.push(hook),
  };
  const config = new ConfigReader({ backend: { cache: cacheConfig } as never });
  const context = (await cacheServiceFactory.createRootContext!({
    config,
    logger: silentLogger,
    lifecycle,
  })) as {
    store: CacheStore;
  };
  const forPlugin = (pluginId: string) =>
    cacheServiceFactory.factory({ logger: silentLogger, plugin: { getId: () => pluginId } }, context);
  const shutdown = async () => {
    for (const hook of shutdownHooks) await hook();
  };
  return { store: context.store, forPlugin, shutdown, shutdownHooks };
}

const stores = [
  { name: 'memory', config: () => ({}) },
  ...(redis.available ? [{ name: 'redis', config: () => ({ store: 'redis', connection: redis.url }) }] : []),
];

describe.each(stores)('cacheServiceFactory with the $name store', ({ config }) => {
  it('namespaces each plugin under the key prefix in one shared store, closed on shutdown', async () => {
    const keyPrefix = `greenroom-test-${randomBytes(4).toString('hex')}:`;
    const { store, forPlugin, shutdown, shutdownHooks } = await startCaches({
      ...config(),
      redis: { keyPrefix },
    });
    try {
      const catalog = await forPlugin('catalog');
      await catalog.set('k', { v: 1 });
      expect(await (await forPlugin('search')).get('k')).toBeUndefined();
      expect(await store.get(`${keyPrefix}catalog:k`)).toBe('{"v":1}');
      expect(shutdownHooks).toHaveLength(1);
    } finally {
      await store.clear(keyPrefix);
      await shutdown();
    }
  });
});

describe('cacheServiceFactory config', () => {
  it('uses the default TTL from backend.cache.defaultTtl', async () => {
    const { forPlugin, shutdown } = await startCaches({ defaultTtl: '100ms' });
    const cache = await forPlugin('catalog');
    await cache.set('k', 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await cache.get('k')).toBeUndefined();
    await shutdown();
  });

  it('asks for a connection when the redis store is chosen without one', async () => {
    await expect(startCaches({ store: 'redis' })).rejects.toThrow(
      "backend.cache.connection is required when backend.cache.store is 'redis'",
    );
  });
});
