import { ConfigReader } from '@greenroom/config';
import { describe, expect, it } from 'vitest';
import { cacheConfigSchema } from './cache-config.js';

const readDefaultTtl = (defaultTtl: unknown) =>
  new ConfigReader({ backend: { cache: { defaultTtl: defaultTtl as never } } }).read(
    'backend.cache',
    cacheConfigSchema,
  ).defaultTtl;

describe('backend.cache.defaultTtl', () => {
  it('is one hour unless configured, in any duration form', () => {
    expect(readDefaultTtl(undefined)).toBe(3_600_000);
    for (const ttl of [600_000, '10m', '10 minutes', 'PT10M', { minutes: 10 }]) {
      expect(readDefaultTtl(ttl)).toBe(600_000);
    }
  });

  it('must be longer than 0', () => {
    expect(() => readDefaultTtl('0s')).toThrow(
      /backend\.cache\.defaultTtl: the default TTL must be longer than 0/,
    );
  });
});
