import { TestDatabases } from '@greenroom/test-utils';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuthTestBackend, startAuthTestBackend, TestBrowser } from '../../service/auth-test-backend.js';
import { authModuleGuestProvider } from './guest-provider.js';

const databases = TestDatabases.create({ ids: ['SQLITE'] });

describe('the guest provider', () => {
  let backend: AuthTestBackend | undefined;
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  it('signs in as user:development/guest on refresh and keeps the session in a rotating cookie', async () => {
    backend = await startAuthTestBackend(databases, 'SQLITE', {
      features: [authModuleGuestProvider],
      auth: { providers: { guest: {} } },
    });
    const providers = await (await backend.request('/api/auth/providers')).json();
    expect(providers).toEqual({ environment: 'development', providers: [{ id: 'guest', title: 'Guest' }] });

    const browser = new TestBrowser(backend.url);
    const first = await browser.refresh('guest');
    expect(first.status).toBe(200);
    const session = (await first.json()) as {
      providerInfo?: unknown;
      backstageIdentity: {
        token: string;
        identity: { userEntityRef: string; ownershipEntityRefs: string[] };
      };
    };
    expect(session.providerInfo).toBeUndefined();
    expect(session.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:development/guest',
      ownershipEntityRefs: ['user:development/guest'],
    });
    const claims = decodeJwt(session.backstageIdentity.token);
    expect(claims).toMatchObject({
      sub: 'user:development/guest',
      aud: 'backstage',
      iss: 'http://localhost:7007/api/auth',
    });
    expect(decodeProtectedHeader(session.backstageIdentity.token)).toMatchObject({
      alg: 'ES256',
      typ: 'vnd.backstage.user',
    });
    const firstCookie = browser.cookies.get('guest-refresh-token');
    expect(firstCookie).toBeDefined();

    const second = await browser.refresh('guest');
    expect(second.status).toBe(200);
    expect(browser.cookies.get('guest-refresh-token')).not.toBe(firstCookie);
  });

  it('is refused in production unless dangerouslyAllowOutsideDevelopment is set', async () => {
    backend = await startAuthTestBackend(databases, 'SQLITE', {
      features: [authModuleGuestProvider],
      auth: { environment: 'production', providers: { guest: {} } },
    });
    const providers = (await (await backend.request('/api/auth/providers')).json()) as {
      providers: unknown[];
    };
    expect(providers.providers).toEqual([]);
    const refused = await new TestBrowser(backend.url).refresh('guest');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'dangerouslyAllowOutsideDevelopment',
    );
    await backend.stop();

    backend = await startAuthTestBackend(databases, 'SQLITE', {
      features: [authModuleGuestProvider],
      auth: { environment: 'production', providers: { guest: { dangerouslyAllowOutsideDevelopment: true } } },
    });
    expect((await new TestBrowser(backend.url).refresh('guest')).status).toBe(200);
  });

  it('takes the ownership of the guest user from the catalog when that user exists', async () => {
    backend = await startAuthTestBackend(databases, 'SQLITE', {
      features: [authModuleGuestProvider],
      auth: { providers: { guest: { userEntityRef: 'user:default/jane' } } },
    });
    await backend.waitForCatalog();
    const response = await new TestBrowser(backend.url).refresh('guest');
    const body = (await response.json()) as { backstageIdentity: { token: string; identity: unknown } };
    expect(body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/jane',
      ownershipEntityRefs: ['user:default/jane', 'group:default/team-a'],
    });
    const userInfo = await backend.request('/api/auth/v1/userinfo', {
      headers: { authorization: `Bearer ${body.backstageIdentity.token}` },
    });
    expect(await userInfo.json()).toEqual({
      userEntityRef: 'user:default/jane',
      ownershipEntityRefs: ['user:default/jane', 'group:default/team-a'],
    });
    // Other plugins accept the user token (verified against the auth plugin's JWKS).
    const catalog = await backend.request('/api/catalog/entities/by-name/group/default/team-a', {
      headers: { authorization: `Bearer ${body.backstageIdentity.token}` },
    });
    expect(catalog.status).toBe(200);
    expect((await backend.request('/api/catalog/entities/by-name/group/default/team-a')).status).toBe(401);
  });

  it('signs a plain GET in, as scripts and benchmarks do, but requires X-Requested-With to log out', async () => {
    backend = await startAuthTestBackend(databases, 'SQLITE', {
      features: [authModuleGuestProvider],
      auth: { providers: { guest: {} } },
    });
    const plain = await backend.request('/api/auth/guest/refresh');
    expect(plain.status).toBe(200);
    const body = (await plain.json()) as { backstageIdentity: { token: string } };
    expect(body.backstageIdentity.token.split('.')).toHaveLength(3);
    expect((await backend.request('/api/auth/guest/logout', { method: 'POST' })).status).toBe(401);
  });
});
