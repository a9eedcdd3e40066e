import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { TestDatabases, TestLogger } from '@greenroom/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authModuleGuestProvider } from '../providers/guest/guest-provider.js';
import { authModuleOidcProvider } from '../providers/oidc/oidc-provider.js';
import {
  type AuthTestBackend,
  startAuthTestBackend,
  TEST_APP_ORIGIN,
  TestBrowser,
} from './auth-test-backend.js';

const databases = TestDatabases.create({ ids: ['SQLITE'] });

describe('the auth routes refuse bad input cleanly', () => {
  let backend: AuthTestBackend;
  const logger = new TestLogger();

  beforeAll(async () => {
    backend = await startAuthTestBackend(databases, 'SQLITE', {
      features: [
        authModuleGuestProvider,
        authModuleOidcProvider,
        createServiceFactory({ service: coreServices.rootLogger, deps: {}, factory: () => logger }),
      ],
      auth: {
        allowedOrigins: ['http://localhost:5173'],
        providers: {
          guest: {},
          // Never contacted: every request below is refused before the identity provider is needed.
          oidc: {
            development: {
              metadataUrl: 'http://127.0.0.1:9/',
              clientId: 'greenroom',
              clientSecret: 'secret',
              allowInsecureRequests: true,
            },
          },
        },
      },
    });
  });
  afterAll(() => backend?.stop());

  const errorOf = async (response: Response) =>
    ((await response.json()) as { error: { name: string; message: string } }).error;

  it('lists the configured providers publicly', async () => {
    const response = await backend.request('/api/auth/providers');
    expect(await response.json()).toEqual({
      environment: 'development',
      providers: [
        { id: 'guest', title: 'Guest' },
        { id: 'oidc', title: 'OpenID Connect' },
      ],
    });
  });

  it('refuses an origin outside app.baseUrl and auth.allowedOrigins (no open redirect)', async () => {
    for (const origin of [
      'https://evil.example',
      'http://localhost:3000.evil.example',
      'javascript:alert(1)',
      'null',
    ]) {
      const response = await backend.request(`/api/auth/oidc/start?origin=${encodeURIComponent(origin)}`);
      expect(response.status).toBe(400);
      expect((await errorOf(response)).name).toBe('InputError');
    }
  });

  it('refuses a redirectUrl on another origin, and a redirect flow without one', async () => {
    const start = (query: string) =>
      backend.request(
        `/api/auth/oidc/start?origin=${encodeURIComponent(TEST_APP_ORIGIN)}&flow=redirect${query}`,
      );
    for (const url of [
      'https://evil.example/home',
      '//evil.example/home',
      `http://user:pw@localhost:3000/`,
    ]) {
      expect((await start(`&redirectUrl=${encodeURIComponent(url)}`)).status).toBe(400);
    }
    expect((await start('')).status).toBe(400);
  });

  it('refuses oversized and malformed queries with 400', async () => {
    const long = 'a'.repeat(5000);
    expect((await backend.request(`/api/auth/oidc/start?scope=${long}`)).status).toBe(400);
    expect((await backend.request('/api/auth/oidc/start?flow=sideways')).status).toBe(400);
    const many = Array.from({ length: 30 }, (_, i) => `p${i}=x`).join('&');
    expect((await backend.request(`/api/auth/oidc/handler/frame?${many}`)).status).toBe(400);
    expect((await backend.request(`/api/auth/oidc/handler/frame?state=${long}`)).status).toBe(400);
    expect(
      (
        await backend.request('/api/auth/guest/refresh?scope=' + long, {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        })
      ).status,
    ).toBe(400);
  });

  it('answers a callback without a known state with a 400 page that runs no script', async () => {
    const response = await backend.request('/api/auth/oidc/handler/frame?state=forged&code=x');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('Sign-in failed');
    expect(html).not.toContain('<script');
  });

  it('needs X-Requested-With for refresh and logout, and a session for refresh', async () => {
    expect((await backend.request('/api/auth/oidc/refresh')).status).toBe(401);
    expect((await backend.request('/api/auth/oidc/logout', { method: 'POST' })).status).toBe(401);
    const browser = new TestBrowser(backend.url);
    expect((await browser.refresh('oidc')).status).toBe(401);
    browser.cookies.set('oidc-refresh-token', 'made-up-token');
    expect((await browser.refresh('oidc')).status).toBe(401);
  });

  it('answers unknown providers and environments with 404', async () => {
    expect((await backend.request('/api/auth/oidc/start?env=staging')).status).toBe(404);
    const unknown = await new TestBrowser(backend.url).refresh('nope');
    expect([401, 404]).toContain(unknown.status);
  });

  it('serves the OpenID discovery document and the JWKS publicly', async () => {
    const discovery = (await (
      await backend.request('/api/auth/.well-known/openid-configuration')
    ).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: 'http://localhost:7007/api/auth',
      jwks_uri: 'http://localhost:7007/api/auth/.well-known/jwks.json',
      id_token_signing_alg_values_supported: ['ES256'],
    });
    await new TestBrowser(backend.url).refresh('guest');
    const jwks = (await (await backend.request('/api/auth/.well-known/jwks.json')).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('logs the guest out: the cookie is cleared and the session cannot be refreshed', async () => {
    const browser = new TestBrowser(backend.url);
    expect((await browser.refresh('guest')).status).toBe(200);
    const token = browser.cookies.get('guest-refresh-token')!;
    const logout = await browser.fetch('/api/auth/guest/logout', {
      method: 'POST',
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(logout.status).toBe(200);
    expect(browser.cookies.has('guest-refresh-token')).toBe(false);
    // The revoked token is refused as a session; the guest provider then signs in afresh.
    const replay = new TestBrowser(backend.url);
    replay.cookies.set('guest-refresh-token', token);
    const again = await replay.refresh('guest');
    expect(again.status).toBe(200);
    expect(replay.cookies.get('guest-refresh-token')).not.toBe(token);

    const audited = logger.lines.filter((line) => line.meta?.isAuditEvent === true);
    expect(audited.map((line) => [line.meta?.eventId, line.meta?.status])).toEqual(
      expect.arrayContaining([
        ['auth-sign-in', 'succeeded'],
        ['auth-logout', 'succeeded'],
      ]),
    );
    // Neither the refresh token nor the user token reaches any log line.
    expect(JSON.stringify(logger.lines)).not.toContain(token);
  });
});
