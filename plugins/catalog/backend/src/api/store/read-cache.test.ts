import { describe, expect, it } from 'vitest';
import { ReadCache } from './read-cache.js';

function createCache(options: { maxEntries?: number; maxAgeMs?: number; random?: () => number } = {}) {
  const state = { generation: 0, now: 0, computed: 0 };
  const cache = new ReadCache({
    generation: () => state.generation,
    now: () => state.now,
    random: () => 0,
    ...options,
  });
  const compute = (value: unknown) => async () => {
    state.computed++;
    return value;
  };
  return { cache, state, compute };
}

describe('ReadCache', () => {
  it('serves a value again for an equal description, whatever its key order', async () => {
    const { cache, state, compute } = createCache();
    expect(await cache.get({ a: 1, b: [2] }, compute('x'))).toBe('x');
    expect(await cache.get({ b: [2], a: 1 }, compute('y'))).toBe('x');
    expect(await cache.get({ a: 1, b: [3] }, compute('z'))).toBe('z');
    expect(state.computed).toBe(2);
  });

  it('computes again once the generation changed', async () => {
    const { cache, state, compute } = createCache();
    await cache.get('k', compute(1));
    state.generation++;
    expect(await cache.get('k', compute(2))).toBe(2);
    expect(await cache.get('k', compute(3))).toBe(2);
  });

  it('computes again once an entry is older than the maximum age', async () => {
    const { cache, state, compute } = createCache({ maxAgeMs: 100 });
    await cache.get('k', compute(1));
    state.now = 100;
    expect(await cache.get('k', compute(2))).toBe(1);
    state.now = 101;
    expect(await cache.get('k', compute(3))).toBe(3);
  });

  it('lets each entry expire somewhere in the last quarter of the maximum age', async () => {
    const draws = [0.999, 0.5];
    const { cache, state, compute } = createCache({ maxAgeMs: 1_000, random: () => draws.shift() ?? 0 });
    await cache.get('early', compute('e1'));
    await cache.get('late', compute('l1'));
    state.now = 751;
    expect(await cache.get('early', compute('e2'))).toBe('e2');
    expect(await cache.get('late', compute('l2'))).toBe('l1');
    state.now = 876;
    expect(await cache.get('late', compute('l3'))).toBe('l3');
  });

  it('keeps the most recently used entries within the bound', async () => {
    const { cache, compute } = createCache({ maxEntries: 2 });
    await cache.get('a', compute('a1'));
    await cache.get('b', compute('b1'));
    await cache.get('a', compute('a2'));
    await cache.get('c', compute('c1'));
    expect(cache.size).toBe(2);
    expect(await cache.get('a', compute('a3'))).toBe('a1');
    expect(await cache.get('b', compute('b2'))).toBe('b2');
  });

  it('shares one computation between concurrent callers and peeks only at finished ones', async () => {
    const { cache, state } = createCache();
    let finish: (value: number) => void = () => {};
    const slow = () => {
      state.computed++;
      return new Promise<number>((resolve) => {
        finish = resolve;
      });
    };
    const first = cache.get('k', slow);
    const second = cache.get('k', slow);
    expect(cache.peek('k')).toBeUndefined();
    finish(7);
    expect(await Promise.all([first, second])).toEqual([7, 7]);
    expect(state.computed).toBe(1);
    expect(cache.peek('k')).toBe(7);
  });

  it('does not keep a failed computation', async () => {
    const { cache, compute } = createCache();
    await expect(cache.get('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('k', compute('ok'))).toBe('ok');
  });
});
