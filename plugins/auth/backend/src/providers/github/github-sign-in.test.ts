import { createHash } from 'node:crypto';
import { TestDatabases } from '@greenroom/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthTestBackend,
  startAuthTestBackend,
  TEST_APP_ORIGIN,
  TestBrowser,
} from '../../service/auth-test-backend.js';
import { FakeProvider } from '../oauth2/fake-provider.js';
import { authModuleGithubProvider } from './github-provider.js';

// The whole popup sign-in through the auth plugin, with GitHub faked at the HTTP layer:
// start → (the fake authorize page redirects back) → handler/frame → refresh.

const databases = TestDatabases.create();

interface SessionResponse {
  profile: { email?: string; displayName?: string; picture?: string };
  providerInfo?: { accessToken: string; scope: string; expiresInSeconds?: number };
  backstageIdentity: {
    token: string;
    identity: { type: string; userEntityRef: string; ownershipEntityRefs: string[] };
  };
}

function popupMessage(html: string): { type: string; response?: SessionResponse; error?: unknown } {
  const match = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error(`no popup data in page: ${html.slice(0, 200)}`);
  return (JSON.parse(match[1]!) as { message: { type: string; response?: SessionResponse } }).message;
}

describe.each(databases.eachSupportedId())(
  'signing in with GitHub through the auth plugin on %s',
  (databaseId) => {
    let github: FakeProvider;
    let backend: AuthTestBackend;
    let issued = 0;

    beforeAll(async () => {
      github = await FakeProvider.start({
        // A GitHub App with expiring user tokens: access and refresh tokens rotate.
        'POST /login/oauth/access_token': () => {
          issued += 1;
          return {
            json: {
              access_token: `ghu_access_${issued}`,
              refresh_token: `ghr_refresh_${issued}`,
              expires_in: 28800,
              token_type: 'bearer',
              scope: '',
            },
          };
        },
        'GET /api/v3/user': () => ({
          json: {
            id: 42,
            login: 'jane',
            name: 'Jane Doe',
            email: 'jane@example.com',
            avatar_url: 'https://a/42',
          },
        }),
      });
      backend = await startAuthTestBackend(databases, databaseId, {
        features: [authModuleGithubProvider],
        auth: {
          environment: 'development',
          providers: {
            github: {
              development: {
                clientId: 'gh-client',
                clientSecret: 'gh-secret-value',
                enterpriseInstanceUrl: github.url,
                signIn: { resolvers: [{ resolver: 'usernameMatchingUserEntityName' }] },
              },
            },
          },
        },
      });
      await backend.waitForCatalog();
    });
    afterAll(async () => {
      await backend?.stop();
      await github?.close();
    });

    it('lists GitHub among the providers', async () => {
      const response = await backend.request('/api/auth/providers');
      expect(await response.json()).toMatchObject({ providers: [{ id: 'github', title: 'GitHub' }] });
    });

    it('signs jane in, then refreshes the session with GitHub’s refresh token', async () => {
      const browser = new TestBrowser(backend.url);
      const start = await browser.fetch(
        `/api/auth/github/start?env=development&origin=${encodeURIComponent(TEST_APP_ORIGIN)}&scope=user:email`,
      );
      expect(start.status).toBe(302);
      const authorize = new URL(start.headers.get('location')!);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(`${github.url}/login/oauth/authorize`);
      expect(authorize.searchParams.get('client_id')).toBe('gh-client');
      expect(authorize.searchParams.get('scope')).toBe('read:user user:email');
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      const redirectUri = authorize.searchParams.get('redirect_uri')!;
      expect(redirectUri).toBe('http://localhost:7007/api/auth/github/handler/frame');

      // What GitHub's authorize page does after the user consents: back to redirect_uri.
      const callback = new URL(redirectUri);
      callback.searchParams.set('code', 'the-github-code');
      callback.searchParams.set('state', authorize.searchParams.get('state')!);
      const frame = await browser.fetch(`${callback.pathname}${callback.search}`);
      expect(frame.status).toBe(200);
      const message = popupMessage(await frame.text());
      expect(message.type).toBe('authorization_response');
      expect(message.response?.profile).toMatchObject({ email: 'jane@example.com', displayName: 'Jane Doe' });
      expect(message.response?.providerInfo?.accessToken).toBe('ghu_access_1');
      expect(message.response?.backstageIdentity.identity).toEqual({
        type: 'user',
        userEntityRef: 'user:default/jane',
        ownershipEntityRefs: expect.arrayContaining(['user:default/jane', 'group:default/team-a']),
      });

      const [exchange] = github.requestsTo('POST /login/oauth/access_token');
      expect(exchange?.form).toMatchObject({
        grant_type: 'authorization_code',
        code: 'the-github-code',
        redirect_uri: redirectUri,
        client_id: 'gh-client',
        client_secret: 'gh-secret-value',
      });
      const verifier = exchange!.form.code_verifier!;
      expect(createHash('sha256').update(verifier).digest('base64url')).toBe(
        authorize.searchParams.get('code_challenge'),
      );
      expect(github.requestsTo('GET /api/v3/user').at(-1)?.headers.authorization).toBe('Bearer ghu_access_1');

      const refresh = await browser.refresh('github', '?env=development');
      expect(refresh.status).toBe(200);
      const session = (await refresh.json()) as SessionResponse;
      expect(session.providerInfo?.accessToken).toBe('ghu_access_2');
      expect(session.backstageIdentity.identity.userEntityRef).toBe('user:default/jane');
      const refreshRequest = github.requestsTo('POST /login/oauth/access_token').at(-1);
      expect(refreshRequest?.form).toMatchObject({
        grant_type: 'refresh_token',
        refresh_token: 'ghr_refresh_1',
      });
    });

    it('reports a code GitHub refuses to the popup as a generic error, leaking nothing', async () => {
      const browser = new TestBrowser(backend.url);
      const start = await browser.fetch(
        `/api/auth/github/start?env=development&origin=${encodeURIComponent(TEST_APP_ORIGIN)}`,
      );
      const authorize = new URL(start.headers.get('location')!);
      const working = github.routes.get('POST /login/oauth/access_token')!;
      github.route('POST /login/oauth/access_token', () => ({
        json: {
          error: 'bad_verification_code',
          error_description: 'The code passed is incorrect or expired.',
        },
      }));
      try {
        const callback = new URL(authorize.searchParams.get('redirect_uri')!);
        callback.searchParams.set('code', 'a-stale-code');
        callback.searchParams.set('state', authorize.searchParams.get('state')!);
        const frame = await browser.fetch(`${callback.pathname}${callback.search}`);
        const html = await frame.text();
        const message = popupMessage(html);
        expect(message.response).toBeUndefined();
        expect(message.error).toMatchObject({ name: 'AuthenticationError' });
        for (const secret of ['gh-secret-value', 'a-stale-code', 'bad_verification_code']) {
          expect(html).not.toContain(secret);
        }
        expect(browser.cookies.has('github-refresh-token')).toBe(false);
      } finally {
        github.route('POST /login/oauth/access_token', working);
      }
    });
    it('keeps an OAuth app session (no GitHub refresh token) alive on refresh without calling GitHub', async () => {
      const working = github.routes.get('POST /login/oauth/access_token')!;
      github.route('POST /login/oauth/access_token', () => ({
        json: { access_token: 'gho_oauth_app', token_type: 'bearer', scope: 'read:user' },
      }));
      try {
        const browser = new TestBrowser(backend.url);
        const start = await browser.fetch(
          `/api/auth/github/start?env=development&origin=${encodeURIComponent(TEST_APP_ORIGIN)}`,
        );
        const authorize = new URL(start.headers.get('location')!);
        const callback = new URL(authorize.searchParams.get('redirect_uri')!);
        callback.searchParams.set('code', 'oauth-app-code');
        callback.searchParams.set('state', authorize.searchParams.get('state')!);
        const frame = await browser.fetch(`${callback.pathname}${callback.search}`);
        expect(popupMessage(await frame.text()).response?.providerInfo?.accessToken).toBe('gho_oauth_app');
        const tokenCalls = github.requestsTo('POST /login/oauth/access_token').length;

        const refresh = await browser.refresh('github', '?env=development');
        expect(refresh.status).toBe(200);
        const session = (await refresh.json()) as SessionResponse;
        expect(session.backstageIdentity.identity.userEntityRef).toBe('user:default/jane');
        expect(session.providerInfo?.accessToken).toBe('gho_oauth_app');
        expect(github.requestsTo('POST /login/oauth/access_token')).toHaveLength(tokenCalls);
      } finally {
        github.route('POST /login/oauth/access_token', working);
      }
    });
  },
);
