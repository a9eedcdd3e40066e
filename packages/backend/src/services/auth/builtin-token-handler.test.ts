import Fastify from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinTokenHandler } from './builtin-token-handler.js';
import { ExternalAccess } from './external-access/external-access.js';
import type { PluginKeyStore } from './key-store/plugin-key-store.js';
import { PluginTokens } from './plugin-tokens.js';
import { RemoteKeySets } from './remote-key-sets.js';
import { TokenRefusal } from './token-handler.js';
import { LIMITED_USER_TOKEN_TYPE, USER_TOKEN_TYPE } from './token-types.js';
import { UserTokens } from './user-tokens.js';

// The auth plugin's key set, served by a real server on 127.0.0.1.
const jwksServer = Fastify();
let jwksRequests = 0;
let baseUrl = '';
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  jwksServer.get('/api/auth/.well-known/jwks.json', async () => {
    jwksRequests++;
    return { keys: [publicJwk] };
  });
  baseUrl = `${await jwksServer.listen({ host: '127.0.0.1', port: 0 })}/api`;
});
afterAll(() => jwksServer.close());

function userToken(typ = USER_TOKEN_TYPE) {
  return new SignJWT({ ent: ['user:default/jane'] })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ })
    .setIssuer(`${baseUrl}/auth`)
    .setAudience('backstage')
    .setSubject('user:default/jane')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
}

function handler() {
  const discovery = {
    getBaseUrl: async (pluginId: string) => `${baseUrl}/${pluginId}`,
    getExternalBaseUrl: async (pluginId: string) => `${baseUrl}/${pluginId}`,
  };
  const keySets = new RemoteKeySets();
  const userTokens = new UserTokens({ discovery, keySets });
  const keyStore: PluginKeyStore = {
    getSigningKey: async () => ({ kid: 'k1', alg: 'ES256', privateKey }),
    listPublicKeys: async () => ({ keys: [] }),
  };
  const pluginTokens = new PluginTokens({
    pluginId: 'catalog',
    keyStore,
    discovery,
    keySets,
    userTokens,
    algorithms: ['ES256'],
  });
  const externalAccess = new ExternalAccess(
    [{ type: 'static', options: { token: 'ci-token-0123456789', subject: 'ci' } }],
    keySets,
  );
  return createBuiltinTokenHandler({ pluginId: 'catalog', userTokens, pluginTokens, externalAccess });
}

describe('createBuiltinTokenHandler', () => {
  it('verifies a user token once and answers it from memory afterwards', async () => {
    const tokens = handler();
    const token = await userToken();
    const first = await tokens.verify(token, { allowLimitedAccess: false });
    expect(first?.principal).toEqual({ type: 'user', userEntityRef: 'user:default/jane' });
    const requests = jwksRequests;
    expect(requests).toBeGreaterThan(0);
    // The same credentials object: not verified (nor decoded) again.
    expect(await tokens.verify(token, { allowLimitedAccess: false })).toBe(first);
    expect(jwksRequests).toBe(requests);
  });

  it('still refuses limited user tokens where the route does not allow them', async () => {
    const tokens = handler();
    const limited = await userToken(LIMITED_USER_TOKEN_TYPE);
    await expect(tokens.verify(limited, { allowLimitedAccess: false })).rejects.toThrow(TokenRefusal);
    await expect(tokens.verify(limited, { allowLimitedAccess: false })).rejects.toThrow(
      'this route does not allow limited access',
    );
  });

  it('passes tokens that are not its own to external access, and refuses a forged user token', async () => {
    const tokens = handler();
    expect((await tokens.verify('ci-token-0123456789', { allowLimitedAccess: false }))?.principal).toEqual({
      type: 'service',
      subject: 'external:ci',
    });
    expect(await tokens.verify('not-a-known-token', { allowLimitedAccess: false })).toBeUndefined();
    const genuine = await userToken();
    const [header, payload] = genuine.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(86)}`;
    await expect(tokens.verify(forged, { allowLimitedAccess: false })).rejects.toThrow(TokenRefusal);
  });
});
