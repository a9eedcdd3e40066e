import { AuthenticationError, NotAllowedError } from '@greenroom/errors';
import { generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { TestLogger } from '../http/testing/index.js';
import { createCredentials } from './credentials.js';
import { DefaultAuthService } from './default-auth-service.js';
import type { PluginKeyStore } from './key-store/plugin-key-store.js';
import { PluginTokens } from './plugin-tokens.js';
import { RemoteKeySets } from './remote-key-sets.js';
import type { TokenHandler } from './token-handler.js';
import { UserTokens } from './user-tokens.js';

describe('DefaultAuthService', () => {
  it('refuses every token while no token issuer is installed, without logging the token', async () => {
    const logger = new TestLogger();
    const auth = new DefaultAuthService({ tokenHandlers: [], logger });
    await expect(auth.authenticate('secret-token-value')).rejects.toThrow(AuthenticationError);
    await expect(auth.authenticate('secret-token-value')).rejects.toThrow(
      /no token issuer accepted this token/,
    );
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.text()).not.toContain('secret-token-value');
  });

  it('asks each token handler in turn and returns the first credentials', async () => {
    const asked: string[] = [];
    const handler = (name: string, accepts: string): TokenHandler => ({
      async verify(token) {
        asked.push(name);
        return token === accepts ? createCredentials({ type: 'service', subject: name }) : undefined;
      },
    });
    const auth = new DefaultAuthService({
      tokenHandlers: [handler('first', 'a'), handler('second', 'b')],
      logger: new TestLogger(),
    });
    expect((await auth.authenticate('b')).principal).toEqual({ type: 'service', subject: 'second' });
    expect(asked).toEqual(['first', 'second']);
    await expect(auth.authenticate('c')).rejects.toThrow(
      'Invalid token: no token issuer accepted this token',
    );
  });

  it('lets a handler refuse a token of its kind with its own error', async () => {
    const expired: TokenHandler = {
      async verify() {
        throw new AuthenticationError('The user token has expired');
      },
    };
    const auth = new DefaultAuthService({ tokenHandlers: [expired], logger: new TestLogger() });
    await expect(auth.authenticate('x')).rejects.toThrow('The user token has expired');
  });

  it('gives frozen none credentials and tells principals apart', () => {
    const auth = new DefaultAuthService({ tokenHandlers: [], logger: new TestLogger() });
    const none = auth.getNoneCredentials();
    expect(none).toEqual({ $$type: '@greenroom/Credentials', principal: { type: 'none' } });
    expect(Object.isFrozen(none) && Object.isFrozen(none.principal)).toBe(true);
    const user = createCredentials({ type: 'user', userEntityRef: 'user:default/jane' });
    expect(auth.isPrincipal(user, 'user')).toBe(true);
    expect(auth.isPrincipal(user, 'service')).toBe(false);
    expect(auth.isPrincipal(none, 'none')).toBe(true);
  });
});

describe('DefaultAuthService issuing tokens', () => {
  async function setup(options: { allowNone?: boolean } = {}) {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const keyStore: PluginKeyStore = {
      getSigningKey: async () => ({ kid: 'k1', alg: 'ES256', privateKey }),
      listPublicKeys: async () => ({ keys: [] }),
    };
    const discovery = { getBaseUrl: async () => '', getExternalBaseUrl: async () => '' };
    const keySets = new RemoteKeySets();
    const pluginTokens = new PluginTokens({
      pluginId: 'alpha',
      keyStore,
      discovery,
      keySets,
      userTokens: new UserTokens({ discovery, keySets }),
      algorithms: ['ES256'],
    });
    const auth = new DefaultAuthService({
      pluginId: 'alpha',
      tokenHandlers: [],
      logger: new TestLogger(),
      pluginTokens,
      ...(options.allowNone ? { allowNoneCredentialsRequests: true } : {}),
    });
    return { auth, publicKey };
  }

  it('signs plugin tokens as itself for service credentials', async () => {
    const { auth, publicKey } = await setup();
    const own = await auth.getOwnServiceCredentials();
    expect(own.principal).toEqual({ type: 'service', subject: 'plugin:alpha' });
    const { token } = await auth.getPluginRequestToken({ onBehalfOf: own, targetPluginId: 'beta' });
    const { payload, protectedHeader } = await jwtVerify(token, publicKey, { audience: 'beta' });
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: 'k1', typ: 'vnd.backstage.plugin' });
    expect(payload).toMatchObject({ sub: 'alpha', aud: 'beta' });
    expect(payload.obo).toBeUndefined();
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('reuses a minted plugin token per target and user while most of its lifetime is left', async () => {
    const { auth } = await setup();
    const own = await auth.getOwnServiceCredentials();
    const first = await auth.getPluginRequestToken({ onBehalfOf: own, targetPluginId: 'beta' });
    expect(await auth.getPluginRequestToken({ onBehalfOf: own, targetPluginId: 'beta' })).toEqual(first);
    const other = await auth.getPluginRequestToken({ onBehalfOf: own, targetPluginId: 'gamma' });
    expect(other.token).not.toBe(first.token);
    const user = createCredentials(
      { type: 'user', userEntityRef: 'user:default/jane' },
      { expiresAt: new Date(Date.now() + 600_000), token: { token: 'jane-token', kind: 'user' } },
    );
    const forJane = await auth.getPluginRequestToken({ onBehalfOf: user, targetPluginId: 'beta' });
    expect(forJane.token).not.toBe(first.token);
  });

  it('refuses to act for user credentials that came from no token, and for nobody unless allowed', async () => {
    const { auth } = await setup();
    const user = createCredentials({ type: 'user', userEntityRef: 'user:default/jane' });
    await expect(auth.getPluginRequestToken({ onBehalfOf: user, targetPluginId: 'beta' })).rejects.toThrow(
      NotAllowedError,
    );
    await expect(
      auth.getPluginRequestToken({ onBehalfOf: auth.getNoneCredentials(), targetPluginId: 'beta' }),
    ).rejects.toThrow(AuthenticationError);
    const { auth: lax } = await setup({ allowNone: true });
    await expect(
      lax.getPluginRequestToken({ onBehalfOf: lax.getNoneCredentials(), targetPluginId: 'beta' }),
    ).resolves.toEqual({ token: expect.any(String) });
  });

  it('caps an on-behalf-of token at the user token expiry and issues limited tokens for the user', async () => {
    const { auth, publicKey } = await setup();
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 120_000);
    const user = createCredentials(
      { type: 'user', userEntityRef: 'user:default/jane' },
      { expiresAt, token: { token: 'the-user-token', kind: 'user' } },
    );
    expect(JSON.stringify(user)).not.toContain('the-user-token');
    const { token } = await auth.getPluginRequestToken({ onBehalfOf: user, targetPluginId: 'beta' });
    const { payload } = await jwtVerify(token, publicKey);
    expect(payload).toMatchObject({ obo: 'the-user-token', exp: expiresAt.getTime() / 1000 });
    const limited = await auth.getLimitedUserToken(user);
    expect(limited.expiresAt).toEqual(expiresAt);
    const verified = await jwtVerify(limited.token, publicKey, {
      typ: 'vnd.backstage.limited-user',
      audience: 'alpha',
    });
    expect(verified.payload.sub).toBe('user:default/jane');
  });

  it('refuses empty and oversized tokens without asking any handler', async () => {
    const { auth } = await setup();
    await expect(auth.authenticate('')).rejects.toThrow('Invalid token');
    await expect(auth.authenticate('x'.repeat(20_000))).rejects.toThrow('Invalid token');
  });
});
