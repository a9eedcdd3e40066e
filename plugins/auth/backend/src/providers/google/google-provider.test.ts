import { TestLogger } from '@greenroom/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeProvider } from '../oauth2/fake-provider.js';
import type { ProviderAuthenticator, SignInContext } from '../types.js';
import { googleAuthProvider, googleConfigSchema } from './google-provider.js';

const CALLBACK = 'http://localhost:7007/api/auth/google/handler/frame';
const CLAIMS = {
  sub: '1234567890',
  email: 'jane@example.com',
  email_verified: true,
  name: 'Jane Doe',
  picture: 'https://lh3.example/photo.jpg',
};

describe('googleAuthProvider', () => {
  let fake: FakeProvider;
  let google: ProviderAuthenticator;

  beforeAll(async () => {
    fake = await FakeProvider.start({});
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.requests.length = 0;
    fake.route('POST /token', (req) =>
      req.form.grant_type === 'refresh_token'
        ? {
            json: {
              access_token: 'ya29.new',
              expires_in: 3599,
              scope: 'openid email profile',
              token_type: 'Bearer',
            },
          }
        : {
            json: {
              access_token: 'ya29.first',
              refresh_token: '1//refresh',
              id_token: 'eyJ.id.token',
              expires_in: 3599,
              scope: 'openid https://www.googleapis.com/auth/userinfo.email',
            },
          },
    );
    fake.route('GET /userinfo', () => ({ json: CLAIMS }));
    google = await googleAuthProvider.create({
      config: googleConfigSchema.parse({
        clientId: 'g-id.apps.googleusercontent.com',
        clientSecret: 'g-secret',
        authorizationUrl: `${fake.url}/auth`,
        tokenUrl: `${fake.url}/token`,
        userInfoUrl: `${fake.url}/userinfo`,
      }),
      callbackUrl: CALLBACK,
      logger: new TestLogger(),
    });
  });

  it('asks for offline access, incremental scopes, the nonce and PKCE', async () => {
    const url = new URL(
      await google.authorizationUrl({
        state: 's',
        scope: 'openid email profile',
        codeChallenge: 'ch',
        nonce: 'nonce-1',
        callbackUrl: CALLBACK,
        prompt: 'consent',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.url}/auth`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'g-id.apps.googleusercontent.com',
      redirect_uri: CALLBACK,
      scope: 'openid email profile',
      state: 's',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      prompt: 'consent',
      nonce: 'nonce-1',
      access_type: 'offline',
      include_granted_scopes: 'true',
    });
  });

  it('uses Google’s endpoints by default', async () => {
    const real = await googleAuthProvider.create({
      config: googleConfigSchema.parse({ clientId: 'a', clientSecret: 'b' }),
      callbackUrl: CALLBACK,
      logger: new TestLogger(),
    });
    const url = await real.authorizationUrl({
      state: 's',
      scope: 'openid',
      codeChallenge: 'c',
      nonce: 'n',
      callbackUrl: CALLBACK,
    });
    expect(url.startsWith('https://accounts.google.com/o/oauth2/v2/auth?')).toBe(true);
  });

  it('exchanges the code with the verifier and keeps the refresh token Google does not rotate', async () => {
    const tokens = await google.exchangeCode({
      code: '4/code',
      codeVerifier: 'ver',
      nonce: 'n',
      callbackUrl: CALLBACK,
    });
    expect(tokens).toEqual({
      accessToken: 'ya29.first',
      refreshToken: '1//refresh',
      idToken: 'eyJ.id.token',
      expiresInSeconds: 3599,
      scope: 'openid https://www.googleapis.com/auth/userinfo.email',
    });
    expect(fake.requestsTo('POST /token')[0]?.form).toEqual({
      grant_type: 'authorization_code',
      code: '4/code',
      redirect_uri: CALLBACK,
      code_verifier: 'ver',
      client_id: 'g-id.apps.googleusercontent.com',
      client_secret: 'g-secret',
    });
    const refreshed = await google.refresh!({ refreshToken: '1//refresh', scope: 'openid email profile' });
    expect(refreshed).toMatchObject({ accessToken: 'ya29.new', refreshToken: '1//refresh' });
  });

  it('revokes the grant at logout', async () => {
    fake.route('POST /revoke', () => ({ json: {} }));
    const withRevoke = await googleAuthProvider.create({
      config: googleConfigSchema.parse({
        clientId: 'a',
        clientSecret: 'b',
        revocationUrl: `${fake.url}/revoke`,
      }),
      callbackUrl: CALLBACK,
      logger: new TestLogger(),
    });
    await withRevoke.revoke!({ accessToken: 'ya29.first', refreshToken: '1//refresh' });
    expect(fake.requestsTo('POST /revoke')[0]?.form).toMatchObject({
      token: '1//refresh',
      token_type_hint: 'refresh_token',
    });
  });

  it('maps the userinfo claims to the profile and ignores an unverified email', async () => {
    const info = await google.fetchUserInfo({ accessToken: 'ya29.first' });
    expect(info.profile).toEqual({
      email: 'jane@example.com',
      displayName: 'Jane Doe',
      picture: 'https://lh3.example/photo.jpg',
    });
    expect(info.raw.sub).toBe('1234567890');
    fake.route('GET /userinfo', () => ({ json: { ...CLAIMS, email_verified: false, name: undefined } }));
    expect((await google.fetchUserInfo({ accessToken: 'ya29.first' })).profile).toEqual({
      picture: 'https://lh3.example/photo.jpg',
    });
  });

  it('fails clearly when the userinfo answer has no subject or is refused', async () => {
    fake.route('GET /userinfo', () => ({ json: { email: 'x@example.com' } }));
    await expect(google.fetchUserInfo({ accessToken: 't' })).rejects.toThrow(/Google .* without a subject/);
    fake.route('GET /userinfo', () => ({ status: 401, json: { error: 'invalid_token' } }));
    await expect(google.fetchUserInfo({ accessToken: 't' })).rejects.toThrow(
      /^Google refused the access token \(HTTP 401\) while fetching the user profile/,
    );
  });

  it('resolves users by the google.com/email annotation', async () => {
    let seen: Record<string, string> | undefined;
    const context = {
      signInWithCatalogUser: async ({ filter }: { filter: Record<string, string> }) => {
        seen = filter;
        return { userEntityRef: 'user:default/jane', ownershipEntityRefs: [] };
      },
    } as unknown as SignInContext;
    await googleAuthProvider.resolvers!.emailMatchingUserEntityAnnotation!.create({})(
      { providerId: 'google', profile: { email: 'jane@example.com' }, raw: {} },
      context,
    );
    expect(seen).toEqual({ kind: 'user', 'metadata.annotations.google.com/email': 'jane@example.com' });
  });
});
