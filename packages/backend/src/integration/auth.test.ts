import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDatabases } from '@greenroom/test-utils';
import {
  base64url,
  type CryptoKey,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAuthPlugin } from './fixtures/fake-auth-plugin.js';
import { relayPlugin } from './fixtures/relay-plugin.js';
import { LogCapture } from './support/log-capture.js';
import { useTestBackends } from './support/test-backends.js';

const databases = TestDatabases.create();
const backends = useTestBackends();
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const CI_TOKEN = 'ci-token-0123456789';
const ciAccess = { type: 'static', options: { token: CI_TOKEN, subject: 'ci' } };

let authPlugin: FakeAuthPlugin;
beforeAll(async () => {
  authPlugin = await FakeAuthPlugin.create();
});

async function json(response: Response): Promise<any> {
  return response.json();
}

describe.each(databases.eachSupportedId())('plugin tokens with keys in %s', (databaseId) => {
  it('let one plugin call another as itself, and on behalf of a user', async () => {
    const database = await databases.createConfig(databaseId);
    const backend = await backends.start({
      features: [authPlugin.feature, relayPlugin('alpha'), relayPlugin('beta')],
      config: { backend: { database, auth: { externalAccess: [ciAccess] } } },
    });

    const asService = await json(await backend.request('/api/alpha/call/beta?as=own', bearer(CI_TOKEN)));
    expect(asService).toEqual({
      status: 200,
      body: { pluginId: 'beta', principal: { type: 'service', subject: 'plugin:alpha' } },
    });
    // An external caller's credentials become alpha's own identity, never the caller's.
    const forExternal = await json(await backend.request('/api/alpha/call/beta', bearer(CI_TOKEN)));
    expect(forExternal.body.principal).toEqual({ type: 'service', subject: 'plugin:alpha' });

    const userToken = await authPlugin.signUserToken({ sub: 'user:default/jane' });
    const onBehalf = await json(await backend.request('/api/alpha/call/beta', bearer(userToken)));
    expect(onBehalf).toEqual({
      status: 200,
      body: {
        pluginId: 'beta',
        principal: { type: 'user', userEntityRef: 'user:default/jane', actor: { subject: 'plugin:alpha' } },
      },
    });

    const jwks = await json(await backend.request('/api/alpha/.backstage/auth/v1/jwks.json'));
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: expect.any(String) });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('refuse a plugin token sent to a plugin it was not made for', async () => {
    const database = await databases.createConfig(databaseId);
    const logs = new LogCapture();
    const backend = await backends.start({
      logs,
      features: [relayPlugin('alpha'), relayPlugin('beta'), relayPlugin('gamma')],
      config: { backend: { database, auth: { externalAccess: [ciAccess] } } },
    });
    const { token } = await json(await backend.request('/api/alpha/mint/beta', bearer(CI_TOKEN)));
    expect((await backend.request('/api/beta/whoami', bearer(token))).status).toBe(200);
    const wrong = await backend.request('/api/gamma/whoami', bearer(token));
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toMatch(/aud/);
    expect(
      logs.find((l) => l.plugin === 'gamma' && /Refused a plugin token: claim 'aud'/.test(l.message)),
    ).toBeDefined();
    expect(logs.text()).not.toContain(token);
  });
});

describe.each(databases.eachSupportedId().filter((id) => id === 'POSTGRES'))(
  'two backend instances sharing one %s database',
  (databaseId) => {
    it('verify each other plugin tokens through the public keys in the shared table', async () => {
      const database = await databases.createConfig(databaseId);
      const config = { backend: { database, auth: { externalAccess: [ciAccess] } } };
      const one = await backends.start({ features: [relayPlugin('alpha'), relayPlugin('beta')], config });
      const two = await backends.start({ features: [relayPlugin('alpha'), relayPlugin('beta')], config });
      // Instance two verifies with its own discovery (itself): alpha's JWKS there is read
      // from alpha's database, which lists the keys of both instances.
      const { token } = await json(await one.request('/api/alpha/mint/beta', bearer(CI_TOKEN)));
      const seen = await two.request('/api/beta/whoami', bearer(token));
      expect(seen.status).toBe(200);
      expect(await json(seen)).toEqual({
        pluginId: 'beta',
        principal: { type: 'service', subject: 'plugin:alpha' },
      });
      await json(await two.request('/api/alpha/mint/beta', bearer(CI_TOKEN)));
      const keys = await json(await one.request('/api/alpha/.backstage/auth/v1/jwks.json'));
      expect(keys.keys).toHaveLength(2);
    });
  },
);

describe('the static plugin key store', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'greenroom-keys-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  async function writeKeyPair(name: string) {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    await writeFile(join(directory, `${name}.pub.pem`), await exportSPKI(publicKey));
    await writeFile(join(directory, `${name}.key.pem`), await exportPKCS8(privateKey));
    return {
      publicKeyFile: join(directory, `${name}.pub.pem`),
      privateKeyFile: join(directory, `${name}.key.pem`),
    };
  }

  it('signs with the first key and publishes every key', async () => {
    const current = await writeKeyPair('current');
    const previous = await writeKeyPair('previous');
    const backend = await backends.start({
      features: [relayPlugin('alpha'), relayPlugin('beta')],
      config: {
        backend: {
          auth: {
            externalAccess: [ciAccess],
            pluginKeyStore: {
              type: 'static',
              static: {
                keys: [
                  { keyId: 'current', ...current },
                  { keyId: 'previous', publicKeyFile: previous.publicKeyFile },
                ],
              },
            },
          },
        },
      },
    });
    const call = await json(await backend.request('/api/alpha/call/beta?as=own', bearer(CI_TOKEN)));
    expect(call.body.principal).toEqual({ type: 'service', subject: 'plugin:alpha' });
    const { token } = await json(await backend.request('/api/alpha/mint/beta', bearer(CI_TOKEN)));
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toMatchObject({
      kid: 'current',
    });
    const jwks = await json(await backend.request('/api/beta/.backstage/auth/v1/jwks.json'));
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(['current', 'previous']);
  });

  it('fails startup naming the key whose file is not a key', async () => {
    const current = await writeKeyPair('good');
    await writeFile(join(directory, 'bad.pem'), 'not a pem');
    await expect(
      backends.start({
        features: [relayPlugin('alpha')],
        config: {
          backend: {
            auth: {
              pluginKeyStore: {
                type: 'static',
                static: {
                  keys: [
                    {
                      keyId: 'broken',
                      publicKeyFile: join(directory, 'bad.pem'),
                      privateKeyFile: current.privateKeyFile,
                    },
                  ],
                },
              },
            },
          },
        },
      }),
    ).rejects.toThrow(/keys\[0\] \(keyId 'broken'\)/);
  });
});

describe('external access', () => {
  let jwksServer: Server;
  let jwksUrl = '';
  let externalKey: CryptoKey;
  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    externalKey = privateKey;
    const jwk = { ...(await exportJWK(publicKey)), kid: 'ext-1', alg: 'ES256' };
    jwksServer = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const address = jwksServer.address() as { port: number };
    jwksUrl = `http://127.0.0.1:${address.port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

  const externalToken = (claims: { iss?: string; aud?: string; sub?: string }) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'ext-1' })
      .setIssuer(claims.iss ?? 'https://ci.example.com')
      .setAudience(claims.aud ?? 'greenroom')
      .setSubject(claims.sub ?? 'pipeline-7')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(externalKey);

  it('accepts static, jwks and legacy tokens, restricted to the plugins listed', async () => {
    const secret = Buffer.from('a legacy shared secret value').toString('base64');
    const backend = await backends.start({
      features: [relayPlugin('alpha'), relayPlugin('beta')],
      config: {
        backend: {
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: CI_TOKEN, subject: 'ci' },
                accessRestrictions: [
                  {
                    plugin: 'alpha',
                    permission: 'catalog.entity.read',
                    permissionAttribute: { action: 'read' },
                  },
                ],
              },
              {
                type: 'jwks',
                options: {
                  url: jwksUrl,
                  issuer: 'https://ci.example.com',
                  audience: 'greenroom',
                  subjectPrefix: 'ci',
                },
              },
              {
                type: 'legacy',
                options: { secret, subject: 'old-script' },
                accessRestrictions: [{ plugin: 'beta' }],
              },
            ],
          },
        },
      },
    });
    expect(await json(await backend.request('/api/alpha/whoami', bearer(CI_TOKEN)))).toEqual({
      pluginId: 'alpha',
      principal: {
        type: 'service',
        subject: 'external:ci',
        accessRestrictions: {
          permissionNames: ['catalog.entity.read'],
          permissionAttributes: { action: ['read'] },
        },
      },
    });
    const restricted = await backend.request('/api/beta/whoami', bearer(CI_TOKEN));
    expect(restricted.status).toBe(403);
    expect((await json(restricted)).error.message).toBe(
      "This token's access is restricted to plugin(s) 'alpha'",
    );

    const fromCi = await backend.request('/api/beta/whoami', bearer(await externalToken({})));
    expect((await json(fromCi)).principal).toEqual({ type: 'service', subject: 'external:ci:pipeline-7' });
    expect(
      (await backend.request('/api/beta/whoami', bearer(await externalToken({ aud: 'other' })))).status,
    ).toBe(401);

    const legacy = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('backstage-server')
      .setExpirationTime('5m')
      .sign(Buffer.from(secret, 'base64'));
    expect((await json(await backend.request('/api/beta/whoami', bearer(legacy)))).principal).toEqual({
      type: 'service',
      subject: 'external:old-script',
    });
    expect((await backend.request('/api/alpha/whoami', bearer(legacy))).status).toBe(403);
    const wrongSecret = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('backstage-server')
      .setExpirationTime('5m')
      .sign(Buffer.from('another secret entirely'));
    expect((await backend.request('/api/beta/whoami', bearer(wrongSecret))).status).toBe(401);
  });

  it.each([
    [[{ type: 'static', options: { token: 'short', subject: 'ci' } }], /externalAccess.*0.*token|at least 8/],
    [[{ type: 'magic', options: {} }], /externalAccess/],
    [
      [
        {
          type: 'static',
          options: { token: CI_TOKEN, subject: 'ci' },
          accessRestrictions: [{ plugin: 'a' }, { plugin: 'a' }],
        },
      ],
      /listed twice/,
    ],
  ])('fails startup on an invalid entry (%#)', async (externalAccess, message) => {
    await expect(
      backends.start({ features: [relayPlugin('alpha')], config: { backend: { auth: { externalAccess } } } }),
    ).rejects.toThrow(message);
  });
});

describe('refused user tokens', () => {
  it('get a generic 401 while the reason goes to the log', async () => {
    const logs = new LogCapture();
    const backend = await backends.start({ logs, features: [authPlugin.feature, relayPlugin('alpha')] });
    const good = await authPlugin.signUserToken();
    expect((await backend.request('/api/alpha/whoami', bearer(good))).status).toBe(200);

    const { privateKey: otherKey } = await generateKeyPair('ES256');
    const [header, payload] = good.split('.');
    const hs256WithPublicKey = await new SignJWT(JSON.parse(Buffer.from(payload!, 'base64url').toString()))
      .setProtectedHeader({ alg: 'HS256', kid: authPlugin.kid, typ: 'vnd.backstage.user' })
      .sign(new TextEncoder().encode(JSON.stringify(authPlugin.publicJwk)));
    const algNone = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'vnd.backstage.user' }))}.${payload}.`;
    const cases: [string, string, RegExp][] = [
      [
        'forged signature',
        await authPlugin.signUserToken({ key: otherKey }),
        /signature verification failed/,
      ],
      ['expired', await authPlugin.signUserToken({ expiresIn: -60 }), /"exp" claim timestamp check failed/],
      ['wrong audience', await authPlugin.signUserToken({ aud: 'someone-else' }), /claim 'aud'/],
      ['wrong issuer', await authPlugin.signUserToken({ iss: 'https://evil.example.com' }), /claim 'iss'/],
      ['alg none', algNone, /ERR_JOSE_ALG_NOT_ALLOWED|ERR_JWS_INVALID/],
      ['HS256 with the public key', hs256WithPublicKey, /ERR_JOSE_ALG_NOT_ALLOWED/],
    ];
    expect(header).toBeDefined();
    for (const [name, token, reason] of cases) {
      const before = logs.lines.length;
      const res = await backend.request('/api/alpha/whoami', bearer(token));
      expect(res.status, name).toBe(401);
      const body = await json(res);
      expect(body.error).toEqual({ name: 'AuthenticationError', message: 'Invalid token' });
      const logged = logs.lines
        .slice(before)
        .find((l) => l.level === 'warn' && /^Refused a user token/.test(l.message));
      expect(logged?.message, name).toMatch(reason);
      expect(JSON.stringify(body)).not.toMatch(reason);
    }
    for (const garbage of ['garbage', 'a.b.c', `${'x'.repeat(9000)}`]) {
      const before = logs.lines.length;
      const res = await backend.request('/api/alpha/whoami', bearer(garbage));
      expect(res.status).toBe(401);
      const logged = logs.lines
        .slice(before)
        .find((l) => /^Rejected the credentials of GET \/api\/alpha\/whoami/.test(l.message));
      expect(logged?.reason).toMatch(/^Invalid token|^Authorization header is longer than 8192 characters$/);
    }
    expect(logs.text()).not.toContain(good);
  });
});

describe('the limited user cookie', () => {
  it('is issued to a user and accepted only on user-cookie routes of that plugin', async () => {
    const backend = await backends.start({
      features: [authPlugin.feature, relayPlugin('alpha'), relayPlugin('beta')],
    });
    const userToken = await authPlugin.signUserToken({ sub: 'user:default/jane' });
    expect((await backend.request('/api/alpha/.backstage/auth/v1/cookie')).status).toBe(401);
    const issued = await backend.request('/api/alpha/.backstage/auth/v1/cookie', bearer(userToken));
    expect(issued.status).toBe(200);
    const { expiresAt } = await json(issued);
    expect(Math.abs(Date.parse(expiresAt) - (Date.now() + 3600_000))).toBeLessThan(120_000);
    const setCookie = issued.headers.get('set-cookie')!;
    expect(setCookie).toMatch(
      /^greenroom-auth=[\w-]+\.[\w-]+\.[\w-]+; Path=\/api\/alpha; Expires=.+; HttpOnly; SameSite=Lax$/,
    );
    const cookie = setCookie.split(';')[0]!;

    const viaCookie = await backend.request('/api/alpha/cookie/whoami', { headers: { cookie } });
    expect(await json(viaCookie)).toEqual({
      pluginId: 'alpha',
      principal: { type: 'user', userEntityRef: 'user:default/jane' },
    });
    expect((await backend.request('/api/alpha/whoami', { headers: { cookie } })).status).toBe(401);
    expect((await backend.request('/api/beta/cookie/whoami', { headers: { cookie } })).status).toBe(401);
    expect((await backend.request('/api/alpha/whoami', bearer(cookie.split('=')[1]!))).status).toBe(401);
    // A user signed in by cookie can still be acted for: the limited token travels as obo.
    expect(await json(await backend.request('/api/alpha/cookie/call/beta', { headers: { cookie } }))).toEqual(
      {
        status: 200,
        body: {
          pluginId: 'beta',
          principal: { type: 'user', userEntityRef: 'user:default/jane', actor: { subject: 'plugin:alpha' } },
        },
      },
    );
    const oversized = await backend.request('/api/alpha/cookie/whoami', {
      headers: { cookie: `a=${'x'.repeat(20_000)}` },
    });
    expect([400, 401, 431]).toContain(oversized.status);
  });
});

describe('user info', () => {
  it('comes from the auth plugin on behalf of the user, cached briefly', async () => {
    const backend = await backends.start({ features: [authPlugin.feature, relayPlugin('alpha')] });
    const userToken = await authPlugin.signUserToken({ sub: 'user:default/jane' });
    const before = authPlugin.userInfoRequests;
    const info = await json(await backend.request('/api/alpha/userinfo', bearer(userToken)));
    expect(info).toEqual({
      userEntityRef: 'user:default/jane',
      ownershipEntityRefs: ['user:default/jane', 'group:default/team-a'],
    });
    await backend.request('/api/alpha/userinfo', bearer(userToken));
    expect(authPlugin.userInfoRequests - before).toBe(1);
  });

  it('fails clearly when the auth plugin is not installed', async () => {
    const logs = new LogCapture();
    const backend = await backends.start({ logs, features: [relayPlugin('alpha'), relayPlugin('beta')] });
    // Without the auth plugin no user token verifies; a cookie cannot be had either.
    const res = await backend.request('/api/alpha/userinfo', bearer(await authPlugin.signUserToken()));
    expect(res.status).toBe(401);
    expect(logs.find((l) => /Refused a user token/.test(l.message))).toBeDefined();
  });
});

describe('plugin tokens for callers without credentials', () => {
  it('are refused, unless the default auth policy is disabled', async () => {
    const strict = await backends.start({ features: [relayPlugin('alpha')] });
    expect((await strict.request('/api/alpha/public/mint/beta')).status).toBe(401);
    const lax = await backends.start({
      features: [relayPlugin('alpha'), relayPlugin('beta')],
      config: { backend: { auth: { dangerouslyDisableDefaultAuthPolicy: true } } },
    });
    const { token } = await json(await lax.request('/api/alpha/public/mint/beta'));
    expect((await json(await lax.request('/api/beta/whoami', bearer(token)))).principal).toEqual({
      type: 'service',
      subject: 'plugin:alpha',
    });
  });
});
