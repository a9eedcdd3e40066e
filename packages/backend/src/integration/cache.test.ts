import type { JsonObject } from '@greenroom/config';
import { type TestCacheId, TestCaches } from '@greenroom/test-utils';
import { describe, expect, inject, it } from 'vitest';
import { memoPlugin } from './fixtures/memo-plugin.js';
import { type StartedBackend, useTestBackends } from './support/test-backends.js';

const caches = TestCaches.create();
const backends = useTestBackends();

/** A `backend.cache` block for the store; on Redis under the test's own key prefix (deleted after it). */
async function cacheConfig(id: TestCacheId) {
  if (id === 'MEMORY') return { config: { store: 'memory' } as JsonObject };
  const { store, keyPrefix } = await caches.init(id);
  const connection = inject('greenroomServices').redis.url;
  return { config: { store: 'redis', connection, redis: { keyPrefix } } as JsonObject, store, keyPrefix };
}

async function put(backend: StartedBackend, pluginId: string, key: string, value: unknown) {
  const res = await backend.request(`/api/${pluginId}/values/${key}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ value }),
  });
  expect(res.status).toBe(204);
}

async function get(backend: StartedBackend, pluginId: string, key: string): Promise<unknown> {
  const res = await backend.request(`/api/${pluginId}/values/${key}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { value: unknown }).value;
}

describe.each(caches.eachSupportedId())('the cache on %s', (cacheId) => {
  it("keeps two plugins' values apart under the same key", async () => {
    const { config } = await cacheConfig(cacheId);
    const backend = await backends.start({
      features: [memoPlugin('alpha'), memoPlugin('beta')],
      config: { backend: { cache: config } },
    });
    await put(backend, 'alpha', 'colour', { name: 'red' });
    await put(backend, 'beta', 'colour', { name: 'blue' });
    expect(await get(backend, 'alpha', 'colour')).toEqual({ name: 'red' });
    expect(await get(backend, 'beta', 'colour')).toEqual({ name: 'blue' });
    expect(await get(backend, 'beta', 'size')).toBeNull();
  });

  if (cacheId === 'REDIS') {
    it("shares a plugin's values between two instances, stored under <keyPrefix><pluginId>:<key>", async () => {
      const { config, store, keyPrefix } = await cacheConfig(cacheId);
      const features = () => [memoPlugin('alpha'), memoPlugin('beta')];
      const a = await backends.start({ features: features(), config: { backend: { cache: config } } });
      const b = await backends.start({ features: features(), config: { backend: { cache: config } } });
      await put(a, 'alpha', 'colour', 'red');
      expect(await get(b, 'alpha', 'colour')).toBe('red');
      expect(await get(b, 'beta', 'colour')).toBeNull();
      expect(await store!.get(`${keyPrefix}alpha:colour`)).toBe(JSON.stringify('red'));

      await a.stop();
      expect(await get(b, 'alpha', 'colour')).toBe('red');
    });
  } else {
    it('keeps each instance to its own values in memory', async () => {
      const { config } = await cacheConfig(cacheId);
      const a = await backends.start({
        features: [memoPlugin('alpha')],
        config: { backend: { cache: config } },
      });
      const b = await backends.start({
        features: [memoPlugin('alpha')],
        config: { backend: { cache: config } },
      });
      await put(a, 'alpha', 'colour', 'red');
      expect(await get(a, 'alpha', 'colour')).toBe('red');
      expect(await get(b, 'alpha', 'colour')).toBeNull();
    });
  }
});

describe('a Redis cache that cannot be reached', () => {
  it('stops startup naming backend.cache.connection, without the password', async () => {
    const password = 'hunter2-redis-password';
    const failure = await backends
      .start({
        features: [memoPlugin('alpha')],
        // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
        config: { backend: { cache: { store: 'redis', connection: `redis://:${password}@127.0.0.1:1` } } },
      })
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(failure?.message).toMatch(/backend\.cache\.connection/);
    expect(failure?.message).not.toContain(password);
  });
});
