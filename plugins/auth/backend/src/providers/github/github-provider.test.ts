import { AuthenticationError, BadGatewayError } from '@greenroom/errors';
import { TestLogger } from '@greenroom/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeProvider } from '../oauth2/fake-provider.js';
import type { ProviderAuthenticator, SignInContext } from '../types.js';
import { type GithubConfig, githubAuthProvider, githubConfigSchema } from './github-provider.js';

const CALLBACK = 'http://localhost:7007/api/auth/github/handler/frame';
const USER = {
  id: 42,
  login: 'octojane',
  name: 'Jane Octo',
  email: null,
  avatar_url: 'https://avatars.example/42',
};

describe('githubAuthProvider', () => {
  let fake: FakeProvider;
  let github: ProviderAuthenticator;

  beforeAll(async () => {
    fake = await FakeProvider.start({});
  });
  afterAll(() => fake.close());

  beforeEach(async () => {
    fake.requests.length = 0;
    fake.route('POST /login/oauth/access_token', () => ({
      json: { access_token: 'gho_access', token_type: 'bearer', scope: 'read:user,user:email' },
    }));
    fake.route('GET /api/v3/user', () => ({ json: USER }));
    fake.route('GET /api/v3/user/emails', () => ({
      json: [
        { email: 'old@example.com', primary: false, verified: true },
        { email: 'jane@example.com', primary: true, verified: true },
      ],
    }));
    github = await create({ clientId: 'client-1', clientSecret: 's3cret', enterpriseInstanceUrl: fake.url });
  });

  function create(config: Partial<GithubConfig>): Promise<ProviderAuthenticator> | ProviderAuthenticator {
    return githubAuthProvider.create({
      config: githubConfigSchema.parse(config),
      callbackUrl: CALLBACK,
      logger: new TestLogger(),
    });
  }

  it('builds an authorization URL on the enterprise instance with state, scope and a PKCE challenge', async () => {
    const url = new URL(
      await github.authorizationUrl({
        state: 'state-1',
        scope: 'read:user user:email',
        codeChallenge: 'challenge-1',
        nonce: 'nonce-1',
        callbackUrl: CALLBACK,
      }),
    );
    expect(url.origin + url.pathname).toBe(`${fake.url}/login/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-1',
      redirect_uri: CALLBACK,
      scope: 'read:user user:email',
      state: 'state-1',
      code_challenge: 'challenge-1',
      code_challenge_method: 'S256',
    });
  });

  it('uses github.com and api.github.com when no enterprise instance is configured', async () => {
    const url = await (await create({ clientId: 'c', clientSecret: 's' })).authorizationUrl({
      state: 's',
      scope: 'read:user',
      codeChallenge: 'c',
      nonce: 'n',
      callbackUrl: CALLBACK,
    });
    expect(url.startsWith('https://github.com/login/oauth/authorize?')).toBe(true);
  });

  it('exchanges the code with a form POST carrying the client credentials, verifier and redirect URI', async () => {
    const tokens = await github.exchangeCode({
      code: 'code-1',
      codeVerifier: 'verifier-1',
      nonce: 'n',
      callbackUrl: CALLBACK,
    });
    expect(tokens).toEqual({ accessToken: 'gho_access', scope: 'read:user user:email' });
    const [request] = fake.requestsTo('POST /login/oauth/access_token');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.form).toEqual({
      grant_type: 'authorization_code',
      code: 'code-1',
      redirect_uri: CALLBACK,
      code_verifier: 'verifier-1',
      client_id: 'client-1',
      client_secret: 's3cret',
    });
  });

  it('reports an OAuth error GitHub sends with status 200 as an authentication error without secrets', async () => {
    fake.route('POST /login/oauth/access_token', () => ({
      json: { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' },
    }));
    const error = await github
      .exchangeCode({ code: 'code-1', codeVerifier: 'verifier-1', nonce: 'n', callbackUrl: CALLBACK })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(
      /GitHub refused the token request .*bad_verification_code.*exchanging/,
    );
    expect((error as Error).message).not.toMatch(/s3cret|code-1|verifier-1/);
  });

  it('reports a token endpoint that is down as a bad gateway naming GitHub and the step', async () => {
    fake.route('POST /login/oauth/access_token', () => ({ status: 503, raw: 'maintenance' }));
    await expect(
      github.exchangeCode({ code: 'c', codeVerifier: 'v', nonce: 'n', callbackUrl: CALLBACK }),
    ).rejects.toThrow(
      new BadGatewayError('GitHub answered HTTP 503 while exchanging the authorization code'),
    );
  });

  it('reports a token response without an access token as a bad gateway', async () => {
    fake.route('POST /login/oauth/access_token', () => ({ json: { token_type: 'bearer' } }));
    await expect(
      github.exchangeCode({ code: 'c', codeVerifier: 'v', nonce: 'n', callbackUrl: CALLBACK }),
    ).rejects.toThrow(/GitHub answered exchanging the authorization code without an access_token/);
  });

  it('refreshes with the GitHub App refresh token and returns the rotated one', async () => {
    fake.route('POST /login/oauth/access_token', () => ({
      json: { access_token: 'ghu_new', refresh_token: 'ghr_new', expires_in: 28800, scope: '' },
    }));
    const tokens = await github.refresh!({ refreshToken: 'ghr_old', scope: 'read:user' });
    expect(tokens).toEqual({ accessToken: 'ghu_new', refreshToken: 'ghr_new', expiresInSeconds: 28800 });
    expect(fake.requestsTo('POST /login/oauth/access_token')[0]?.form).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: 'ghr_old',
      client_id: 'client-1',
      client_secret: 's3cret',
    });
  });

  it('reads the profile with the bearer token and takes the primary verified email when the public one is hidden', async () => {
    const info = await github.fetchUserInfo({ accessToken: 'gho_access' });
    expect(info.profile).toEqual({
      username: 'octojane',
      displayName: 'Jane Octo',
      email: 'jane@example.com',
      picture: 'https://avatars.example/42',
    });
    expect(info.raw).toMatchObject({ id: 42, login: 'octojane' });
    const [user] = fake.requestsTo('GET /api/v3/user');
    expect(user?.headers.authorization).toBe('Bearer gho_access');
    expect(user?.headers.accept).toBe('application/vnd.github+json');
    expect(fake.requestsTo('GET /api/v3/user/emails')).toHaveLength(1);
  });

  it('skips the email list when the profile has a public email', async () => {
    fake.route('GET /api/v3/user', () => ({ json: { ...USER, email: 'public@example.com', name: null } }));
    const info = await github.fetchUserInfo({ accessToken: 'gho_access' });
    expect(info.profile.email).toBe('public@example.com');
    expect(info.profile.displayName).toBe('octojane');
    expect(fake.requestsTo('GET /api/v3/user/emails')).toHaveLength(0);
  });

  it('leaves the email out when the token may not list emails', async () => {
    fake.route('GET /api/v3/user/emails', () => ({ status: 404, json: { message: 'Not Found' } }));
    const info = await github.fetchUserInfo({ accessToken: 'gho_access' });
    expect(info.profile.email).toBeUndefined();
  });

  it('turns a revoked token into an authentication error and bad JSON into a bad gateway', async () => {
    fake.route('GET /api/v3/user', () => ({ status: 401, json: { message: 'Bad credentials' } }));
    await expect(github.fetchUserInfo({ accessToken: 'gho_secret_token' })).rejects.toThrow(
      /^GitHub refused the access token \(HTTP 401\) while fetching the user profile/,
    );
    fake.route('GET /api/v3/user', () => ({ raw: '<html>oops</html>' }));
    const error = await github.fetchUserInfo({ accessToken: 'gho_secret_token' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadGatewayError);
    expect((error as Error).message).toBe(
      'GitHub answered fetching the user profile with a body that is not JSON',
    );
  });

  it('rejects a profile without a login', async () => {
    fake.route('GET /api/v3/user', () => ({ json: { id: 1 } }));
    await expect(github.fetchUserInfo({ accessToken: 't' })).rejects.toThrow(/without a login/);
  });

  it('offers resolvers matching the login annotation and the user id annotation', async () => {
    const filters: Record<string, string>[] = [];
    const context: SignInContext = {
      signInWithCatalogUser: async ({ filter }) => {
        filters.push(filter);
        return { userEntityRef: 'user:default/octojane', ownershipEntityRefs: [] };
      },
      signInWithoutCatalogUser: () => {
        throw new Error('not used');
      },
    };
    const info = { providerId: 'github', profile: { username: 'octojane' }, raw: { id: 42 } };
    const resolvers = githubAuthProvider.resolvers!;
    expect(Object.keys(resolvers).sort()).toEqual([
      'userIdMatchingUserEntityAnnotation',
      'usernameMatchingUserEntityAnnotation',
    ]);
    await resolvers.usernameMatchingUserEntityAnnotation!.create({})(info, context);
    await resolvers.userIdMatchingUserEntityAnnotation!.create({})(info, context);
    expect(filters).toEqual([
      { kind: 'user', 'metadata.annotations.github.com/user-login': 'octojane' },
      { kind: 'user', 'metadata.annotations.github.com/user-id': '42' },
    ]);
    await expect(
      resolvers.usernameMatchingUserEntityAnnotation!.create({})({ ...info, profile: {} }, context),
    ).rejects.toThrow(/GitHub returned no login/);
  });

  it('validates config: client id and secret are required and endpoint overrides must be http(s) URLs', () => {
    expect(githubConfigSchema.safeParse({ clientId: 'c' }).success).toBe(false);
    expect(
      githubConfigSchema.safeParse({ clientId: 'c', clientSecret: 's', tokenUrl: 'ftp://x' }).success,
    ).toBe(false);
    const parsed = githubConfigSchema.parse({
      clientId: 'c',
      clientSecret: 's',
      enterpriseInstanceUrl: 'https://ghe.example.com/',
      signIn: { resolvers: [{ resolver: 'usernameMatchingUserEntityName' }] },
    });
    expect(parsed.enterpriseInstanceUrl).toBe('https://ghe.example.com');
    expect(parsed).toHaveProperty('signIn');
  });
});
