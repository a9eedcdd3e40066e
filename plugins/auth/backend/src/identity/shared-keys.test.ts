import { TestDatabases } from '@greenroom/test-utils';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authModuleGuestProvider } from '../providers/guest/guest-provider.js';
import { type AuthTestBackend, startAuthTestBackend, TestBrowser } from '../service/auth-test-backend.js';

const databases = TestDatabases.create({ ids: ['POSTGRES'] });

describe.each(databases.eachSupportedId())('two auth instances sharing one %s database', (databaseId) => {
  let first: AuthTestBackend & { databaseConfig: Record<string, unknown> };
  let second: AuthTestBackend;

  beforeAll(async () => {
    const options = { features: [authModuleGuestProvider], auth: { providers: { guest: {} } } };
    first = await startAuthTestBackend(databases, databaseId, options);
    second = await startAuthTestBackend(databases, databaseId, {
      ...options,
      databaseConfig: first.databaseConfig,
    });
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  async function guestToken(backend: AuthTestBackend): Promise<string> {
    const response = await new TestBrowser(backend.url).refresh('guest');
    expect(response.status).toBe(200);
    return ((await response.json()) as { backstageIdentity: { token: string } }).backstageIdentity.token;
  }

  it('lists the keys of both instances, so a token of one verifies on the other', async () => {
    const fromFirst = await guestToken(first);
    const fromSecond = await guestToken(second);
    const kids = [decodeProtectedHeader(fromFirst).kid, decodeProtectedHeader(fromSecond).kid];
    expect(kids[0]).not.toBe(kids[1]);

    for (const backend of [first, second]) {
      const jwks = (await (await backend.request('/api/auth/.well-known/jwks.json')).json()) as {
        keys: Array<{ kid: string }>;
      };
      expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining(kids));
    }
    const secondKeys = createLocalJWKSet(
      (await (await second.request('/api/auth/.well-known/jwks.json')).json()) as JSONWebKeySet,
    );
    const { payload } = await jwtVerify(fromFirst, secondKeys, { audience: 'backstage' });
    expect(payload.sub).toBe('user:development/guest');

    // The second instance's own user-info route accepts the first instance's token.
    const userInfo = await second.request('/api/auth/v1/userinfo', {
      headers: { authorization: `Bearer ${fromFirst}` },
    });
    expect(userInfo.status).toBe(200);
    expect(await userInfo.json()).toEqual({
      userEntityRef: 'user:development/guest',
      ownershipEntityRefs: ['user:development/guest'],
    });
  });
});
