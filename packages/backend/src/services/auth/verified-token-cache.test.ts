import { describe, expect, it } from 'vitest';
import { createCredentials } from './credentials.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

describe('VerifiedTokenCache', () => {
  it('remembers credentials for at most maxAgeMs, and never past the token expiry', () => {
    let now = 1_000_000;
    const cache = new VerifiedTokenCache({ maxAgeMs: 30_000, now: () => now });
    const long = createCredentials(
      { type: 'service', subject: 'plugin:a' },
      { expiresAt: new Date(now + 3_600_000) },
    );
    const short = createCredentials(
      { type: 'service', subject: 'plugin:b' },
      { expiresAt: new Date(now + 5_000) },
    );
    cache.set('long', long);
    cache.set('short', short);
    expect(cache.get('long')).toBe(long);
    now += 6_000;
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('long')).toBe(long);
    now += 30_000;
    expect(cache.get('long')).toBeUndefined();
  });

  it('drops the oldest entry when full and ignores already expired credentials', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 2 });
    const credentials = createCredentials({ type: 'service', subject: 'plugin:a' });
    cache.set('one', credentials);
    cache.set('two', credentials);
    cache.set('three', credentials);
    expect([cache.get('one'), cache.get('two'), cache.get('three')]).toEqual([
      undefined,
      credentials,
      credentials,
    ]);
    const expired = createCredentials({ type: 'service', subject: 'plugin:a' }, { expiresAt: new Date(0) });
    cache.set('expired', expired);
    expect(cache.get('expired')).toBeUndefined();
  });
});
