import { TestDatabases } from '@greenroom/test-utils';
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthTestBackend,
  startAuthTestBackend,
  TEST_APP_ORIGIN,
  TestBrowser,
} from '../../service/auth-test-backend.js';
import { authModuleOidcProvider } from './oidc-provider.js';
import { TestIdentityProvider } from './test-identity-provider.js';

const databases = TestDatabases.create();
const CALLBACK = 'http://localhost:7007/api/auth/oidc/handler/frame';

interface SessionResponse {
  profile: { email?: string; displayName?: string };
  providerInfo?: { accessToken: string; scope: string };
  backstageIdentity: { token: string; identity: { userEntityRef: string; ownershipEntityRefs: string[] } };
}
type PopupData = {
  origin: string;
  message: { type: string; response?: SessionResponse; error?: { name: string; message: string } };
};

/** The data the popup page would post to its opener. */
async function popupData(response: Response): Promise<PopupData> {
  const html = await response.text();
  const json = /<script type="application\/json" id="data">([^<]*)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error(`No popup data in: ${html.slice(0, 300)}`);
  return JSON.parse(json) as PopupData;
}

describe.each(databases.eachSupportedId())(
  'OIDC sign-in against a real identity provider on %s',
  (databaseId) => {
    let idp: TestIdentityProvider;
    let backend: AuthTestBackend;

    beforeAll(async () => {
      idp = await TestIdentityProvider.start({
        redirectUri: CALLBACK,
        accounts: [
          { sub: 'jane-sub', email: 'jane@example.com', name: 'Jane Doe' },
          { sub: 'stranger-sub', email: 'stranger@example.com', name: 'Stranger' },
        ],
      });
      const common = {
        metadataUrl: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        allowInsecureRequests: true,
        additionalScopes: 'offline_access',
      };
      backend = await startAuthTestBackend(databases, databaseId, {
        features: [authModuleOidcProvider],
        auth: {
          ownership: { includeParentGroups: true },
          providers: {
            oidc: {
              development: {
                ...common,
                signIn: { resolvers: [{ resolver: 'emailMatchingUserEntityProfileEmail' }] },
              },
              permissive: {
                ...common,
                signIn: {
                  resolvers: [
                    {
                      resolver: 'emailMatchingUserEntityProfileEmail',
                      dangerouslyAllowSignInWithoutUserInCatalog: true,
                    },
                  ],
                },
              },
            },
          },
        },
      });
      await backend.waitForCatalog();
    });

    afterAll(async () => {
      await backend?.stop();
      await idp?.stop();
    });

    /** start → the identity provider's login and consent → the callback URL it redirects to. */
    async function startAndLogIn(browser: TestBrowser, sub: string, query = '') {
      const start = await browser.fetch(
        `/api/auth/oidc/start?origin=${encodeURIComponent(TEST_APP_ORIGIN)}${query}`,
      );
      expect(start.status).toBe(302);
      const authorizationUrl = start.headers.get('location')!;
      const callback = new URL(await idp.signIn(authorizationUrl, sub));
      return {
        authorizationUrl: new URL(authorizationUrl),
        callback: `${callback.pathname}${callback.search}`,
      };
    }

    async function signIn(browser: TestBrowser, sub: string, query = '') {
      const { callback } = await startAndLogIn(browser, sub, query);
      const frame = await browser.fetch(callback);
      expect(frame.status).toBe(200);
      return { frame, data: await popupData(frame) };
    }

    it('signs jane in with state, nonce and PKCE, and posts the session to the app origin only', async () => {
      const browser = new TestBrowser(backend.url);
      const { authorizationUrl, callback } = await startAndLogIn(
        browser,
        'jane-sub',
        '&scope=extra&prompt=consent',
      );
      const params = authorizationUrl.searchParams;
      expect(params.get('code_challenge_method')).toBe('S256');
      expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(params.get('state')).toBeTruthy();
      expect(params.get('nonce')).toBeTruthy();
      expect(params.get('scope')!.split(' ').sort()).toEqual([
        'email',
        'extra',
        'offline_access',
        'openid',
        'profile',
      ]);

      const frame = await browser.fetch(callback);
      expect(frame.headers.get('content-security-policy')).toContain("default-src 'none'");
      const data = await popupData(frame);
      expect(data.origin).toBe(TEST_APP_ORIGIN);
      expect(data.message.type).toBe('authorization_response');
      const response = data.message.response!;
      expect(response.profile).toMatchObject({ email: 'jane@example.com', displayName: 'Jane Doe' });
      expect(response.backstageIdentity.identity).toEqual({
        type: 'user',
        userEntityRef: 'user:default/jane',
        ownershipEntityRefs: ['user:default/jane', 'group:default/team-a', 'group:default/org'],
      });
      expect(response.providerInfo!.scope.split(' ')).toEqual(
        expect.arrayContaining(['extra', 'offline_access']),
      );
      expect(browser.cookies.get('oidc-refresh-token')).toBeDefined();

      const jwks = createLocalJWKSet(
        (await (await backend.request('/api/auth/.well-known/jwks.json')).json()) as JSONWebKeySet,
      );
      const { payload } = await jwtVerify(response.backstageIdentity.token, jwks, {
        issuer: 'http://localhost:7007/api/auth',
        audience: 'backstage',
        typ: 'vnd.backstage.user',
      });
      expect(payload.sub).toBe('user:default/jane');

      const userInfo = await backend.request('/api/auth/v1/userinfo', {
        headers: { authorization: `Bearer ${response.backstageIdentity.token}` },
      });
      expect(await userInfo.json()).toEqual({
        userEntityRef: 'user:default/jane',
        ownershipEntityRefs: ['user:default/jane', 'group:default/team-a', 'group:default/org'],
      });
      expect((await backend.request('/api/auth/v1/userinfo')).status).toBe(401);
    });

    it('keeps every scope on refresh, and revokes the whole session when a rotated token comes back', async () => {
      const browser = new TestBrowser(backend.url);
      await signIn(browser, 'jane-sub', '&scope=extra&prompt=consent');
      const firstToken = browser.cookies.get('oidc-refresh-token')!;

      const refreshed = await browser.refresh('oidc', '?env=development&scope=openid');
      expect(refreshed.status).toBe(200);
      const body = (await refreshed.json()) as SessionResponse;
      expect(body.providerInfo!.scope.split(' ')).toEqual(
        expect.arrayContaining(['openid', 'profile', 'email', 'offline_access', 'extra']),
      );
      expect(body.backstageIdentity.identity.userEntityRef).toBe('user:default/jane');
      const secondToken = browser.cookies.get('oidc-refresh-token')!;
      expect(secondToken).not.toBe(firstToken);

      const thief = new TestBrowser(backend.url);
      thief.cookies.set('oidc-refresh-token', firstToken);
      expect((await thief.refresh('oidc')).status).toBe(401);
      // The family is revoked: the legitimate browser's current token is dead too.
      expect((await browser.refresh('oidc')).status).toBe(401);
    });

    it('supports the redirect flow: back to the app page with the session cookie set', async () => {
      const browser = new TestBrowser(backend.url);
      const redirectUrl = `${TEST_APP_ORIGIN}/catalog?kind=component`;
      const { callback } = await startAndLogIn(
        browser,
        'jane-sub',
        `&flow=redirect&redirectUrl=${encodeURIComponent(redirectUrl)}`,
      );
      const frame = await browser.fetch(callback);
      expect(frame.status).toBe(302);
      expect(frame.headers.get('location')).toBe(redirectUrl);
      const refreshed = await browser.refresh('oidc');
      expect(refreshed.status).toBe(200);
      expect(((await refreshed.json()) as SessionResponse).backstageIdentity.identity.userEntityRef).toBe(
        'user:default/jane',
      );
    });

    it('logs out: the session is revoked and the cookie cleared', async () => {
      const browser = new TestBrowser(backend.url);
      await signIn(browser, 'jane-sub');
      const token = browser.cookies.get('oidc-refresh-token')!;
      const logout = await browser.fetch('/api/auth/oidc/logout', {
        method: 'POST',
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      });
      expect(logout.status).toBe(200);
      expect(browser.cookies.has('oidc-refresh-token')).toBe(false);
      const replay = new TestBrowser(backend.url);
      replay.cookies.set('oidc-refresh-token', token);
      expect((await replay.refresh('oidc')).status).toBe(401);
    });

    it('refuses a person without a User entity, naming the lookup and how to allow it', async () => {
      const { data } = await signIn(new TestBrowser(backend.url), 'stranger-sub');
      expect(data.message.response).toBeUndefined();
      expect(data.message.error!.name).toBe('NotAllowedError');
      expect(data.message.error!.message).toContain('spec.profile.email=stranger@example.com');
      expect(data.message.error!.message).toContain('dangerouslyAllowSignInWithoutUserInCatalog');
    });

    it('lets that person in when the resolver allows sign-in without a catalog user', async () => {
      const { data } = await signIn(new TestBrowser(backend.url), 'stranger-sub', '&env=permissive');
      expect(data.message.response!.backstageIdentity.identity).toEqual({
        type: 'user',
        userEntityRef: 'user:default/stranger',
        ownershipEntityRefs: ['user:default/stranger'],
      });
    });

    it('answers a tampered or missing state with a 400 page and no session', async () => {
      const browser = new TestBrowser(backend.url);
      const { callback } = await startAndLogIn(browser, 'jane-sub');
      const url = new URL(callback, backend.url);
      url.searchParams.set('state', `${url.searchParams.get('state')}x`);
      const tampered = await browser.fetch(`${url.pathname}${url.search}`);
      expect(tampered.status).toBe(400);
      expect(await tampered.text()).toContain('Sign-in failed');
      url.searchParams.delete('state');
      expect((await browser.fetch(`${url.pathname}${url.search}`)).status).toBe(400);
      expect(browser.cookies.has('oidc-refresh-token')).toBe(false);
    });

    it('fails cleanly when the code belongs to another flow (PKCE verifier mismatch)', async () => {
      const browser = new TestBrowser(backend.url);
      const other = new TestBrowser(backend.url);
      const mine = new URL((await startAndLogIn(browser, 'jane-sub')).callback, backend.url);
      const theirs = new URL((await startAndLogIn(other, 'jane-sub')).callback, backend.url);
      mine.searchParams.set('code', theirs.searchParams.get('code')!);
      const frame = await browser.fetch(`${mine.pathname}${mine.search}`);
      expect(frame.status).toBe(200);
      const data = await popupData(frame);
      expect(data.origin).toBe(TEST_APP_ORIGIN);
      expect(data.message.error!.name).toBe('AuthenticationError');
      expect(data.message.error!.message).not.toContain('PKCE');
      expect(browser.cookies.has('oidc-refresh-token')).toBe(false);
    });

    it('refuses the callback in another browser than the one that started the sign-in', async () => {
      const { callback } = await startAndLogIn(new TestBrowser(backend.url), 'jane-sub');
      expect((await new TestBrowser(backend.url).fetch(callback)).status).toBe(400);
    });
  },
);
