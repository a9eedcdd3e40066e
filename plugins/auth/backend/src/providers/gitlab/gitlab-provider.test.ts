import { AuthenticationError } from '@greenroom/errors';
import { TestLogger } from '@greenroom/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeProvider } from '../oauth2/fake-provider.js';
import type { ProviderAuthenticator, SignInContext } from '../types.js';
import { gitlabAuthProvider, gitlabConfigSchema } from './gitlab-provider.js';

const CALLBACK = 'http://localhost:7007/api/auth/gitlab/handler/frame';
const USER = {
  id: 7,
  username: 'jdoe',
  name: 'Jane Doe',
  email: 'jane@example.com',
  avatar_url: 'https://a/7.png',
};

describe('gitlabAuthProvider', () => {
  let fake: FakeProvider;
  let gitlab: ProviderAuthenticator;

  beforeAll(async () => {
    fake = await FakeProvider.start({});
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.requests.length = 0;
    fake.route('POST /oauth/token', (req) => ({
      json: {
        access_token: `glat-${req.form.grant_type}`,
        refresh_token: 'glrt-new',
        token_type: 'Bearer',
        expires_in: 7200,
        scope: 'read_user',
      },
    }));
    fake.route('GET /api/v4/user', () => ({ json: USER }));
    gitlab = await gitlabAuthProvider.create({
      config: gitlabConfigSchema.parse({
        clientId: 'gl-id',
        clientSecret: 'gl-secret',
        audience: `${fake.url}/`,
      }),
      callbackUrl: CALLBACK,
      logger: new TestLogger(),
    });
  });

  it('sends the browser to the self-hosted instance given as audience, with PKCE', async () => {
    const url = new URL(
      await gitlab.authorizationUrl({
        state: 's',
        scope: 'read_user',
        codeChallenge: 'ch',
        nonce: 'n',
        callbackUrl: CALLBACK,
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.url}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'gl-id',
      redirect_uri: CALLBACK,
      scope: 'read_user',
      state: 's',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });

  it('defaults to gitlab.com', async () => {
    const other = await gitlabAuthProvider.create({
      config: gitlabConfigSchema.parse({ clientId: 'a', clientSecret: 'b' }),
      callbackUrl: CALLBACK,
      logger: new TestLogger(),
    });
    const url = await other.authorizationUrl({
      state: 's',
      scope: 'x',
      codeChallenge: 'c',
      nonce: 'n',
      callbackUrl: CALLBACK,
    });
    expect(url.startsWith('https://gitlab.com/oauth/authorize?')).toBe(true);
  });

  it('exchanges the code and refreshes with form POSTs carrying the client credentials', async () => {
    const tokens = await gitlab.exchangeCode({
      code: 'c0de',
      codeVerifier: 'ver',
      nonce: 'n',
      callbackUrl: CALLBACK,
    });
    expect(tokens).toEqual({
      accessToken: 'glat-authorization_code',
      refreshToken: 'glrt-new',
      expiresInSeconds: 7200,
      scope: 'read_user',
    });
    const refreshed = await gitlab.refresh!({ refreshToken: 'glrt-old', scope: 'read_user' });
    expect(refreshed.accessToken).toBe('glat-refresh_token');
    const [exchange, refresh] = fake.requestsTo('POST /oauth/token');
    expect(exchange?.form).toEqual({
      grant_type: 'authorization_code',
      code: 'c0de',
      redirect_uri: CALLBACK,
      code_verifier: 'ver',
      client_id: 'gl-id',
      client_secret: 'gl-secret',
    });
    expect(refresh?.form).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: 'glrt-old',
      client_id: 'gl-id',
    });
  });

  it('revokes the tokens at /oauth/revoke on logout', async () => {
    fake.route('POST /oauth/revoke', () => ({ json: {} }));
    await gitlab.revoke!({ accessToken: 'glat', refreshToken: 'glrt' });
    expect(fake.requestsTo('POST /oauth/revoke')[0]?.form).toEqual({
      token: 'glrt',
      token_type_hint: 'refresh_token',
      client_id: 'gl-id',
      client_secret: 'gl-secret',
    });
  });

  it('reports an expired refresh token as an authentication error', async () => {
    fake.route('POST /oauth/token', () => ({ status: 400, json: { error: 'invalid_grant' } }));
    const error = await gitlab.refresh!({ refreshToken: 'glrt-old', scope: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(
      /^GitLab refused the token request \(HTTP 400, error 'invalid_grant'\)/,
    );
    expect((error as Error).message).not.toContain('glrt-old');
  });

  it('maps /api/v4/user to the profile, falling back to the public email', async () => {
    expect((await gitlab.fetchUserInfo({ accessToken: 'glat' })).profile).toEqual({
      username: 'jdoe',
      displayName: 'Jane Doe',
      email: 'jane@example.com',
      picture: 'https://a/7.png',
    });
    expect(fake.requestsTo('GET /api/v4/user')[0]?.headers.authorization).toBe('Bearer glat');
    fake.route('GET /api/v4/user', () => ({
      json: { id: 7, username: 'jdoe', public_email: 'pub@example.com' },
    }));
    expect((await gitlab.fetchUserInfo({ accessToken: 'glat' })).profile).toEqual({
      username: 'jdoe',
      displayName: 'jdoe',
      email: 'pub@example.com',
    });
  });

  it('names GitLab and the step when the profile call fails', async () => {
    fake.route('GET /api/v4/user', () => ({ status: 500, json: {} }));
    await expect(gitlab.fetchUserInfo({ accessToken: 'glat' })).rejects.toThrow(
      'GitLab answered HTTP 500 while fetching the user profile',
    );
    fake.route('GET /api/v4/user', () => ({ json: { id: 7 } }));
    await expect(gitlab.fetchUserInfo({ accessToken: 'glat' })).rejects.toThrow(/without a username/);
  });

  it('resolves users by the user id annotation', async () => {
    const filters: Record<string, string>[] = [];
    const context: SignInContext = {
      signInWithCatalogUser: async ({ filter }) => {
        filters.push(filter);
        return { userEntityRef: 'user:default/jdoe', ownershipEntityRefs: ['user:default/jdoe'] };
      },
      signInWithoutCatalogUser: () => ({ userEntityRef: '', ownershipEntityRefs: [] }),
    };
    const info = { providerId: 'gitlab', profile: { username: 'jdoe' }, raw: { id: 7 } };
    const result = await gitlabAuthProvider.resolvers!.userIdMatchingUserEntityAnnotation!.create({})(
      info,
      context,
    );
    expect(result.userEntityRef).toBe('user:default/jdoe');
    expect(filters).toEqual([{ kind: 'user', 'metadata.annotations.gitlab.com/user-id': '7' }]);
  });
});
