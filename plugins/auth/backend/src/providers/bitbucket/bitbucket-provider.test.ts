import { TestLogger } from '@greenroom/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeBasic, FakeProvider } from '../oauth2/fake-provider.js';
import type { ProviderAuthenticator, SignInContext } from '../types.js';
import { bitbucketAuthProvider, bitbucketConfigSchema } from './bitbucket-provider.js';

const CALLBACK = 'http://localhost:7007/api/auth/bitbucket/handler/frame';
const USER = {
  uuid: '{a1b2}',
  account_id: '5f00',
  username: 'jdoe',
  display_name: 'Jane Doe',
  links: { avatar: { href: 'https://bitbucket.example/avatar.png' } },
};

describe('bitbucketAuthProvider', () => {
  let fake: FakeProvider;
  let bitbucket: ProviderAuthenticator;

  beforeAll(async () => {
    fake = await FakeProvider.start({});
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.requests.length = 0;
    fake.route('POST /site/oauth2/access_token', () => ({
      json: {
        access_token: 'bb-at',
        refresh_token: 'bb-rt',
        expires_in: 7200,
        scopes: 'account email',
        token_type: 'bearer',
      },
    }));
    fake.route('GET /2.0/user', () => ({ json: USER }));
    fake.route('GET /2.0/user/emails', () => ({
      json: {
        values: [
          { email: 'unconfirmed@example.com', is_primary: true, is_confirmed: false },
          { email: 'jane@example.com', is_primary: true, is_confirmed: true },
        ],
      },
    }));
    bitbucket = await bitbucketAuthProvider.create({
      config: bitbucketConfigSchema.parse({
        clientId: 'bb-key',
        clientSecret: 'bb-secret',
        authorizationUrl: `${fake.url}/site/oauth2/authorize`,
        tokenUrl: `${fake.url}/site/oauth2/access_token`,
        userInfoUrl: `${fake.url}/2.0/user`,
        userEmailsUrl: `${fake.url}/2.0/user/emails`,
      }),
      callbackUrl: CALLBACK,
      logger: new TestLogger(),
    });
  });

  it('builds an authorization URL without PKCE, which Bitbucket Cloud does not document', async () => {
    const url = new URL(
      await bitbucket.authorizationUrl({
        state: 's',
        scope: 'account email',
        codeChallenge: 'ch',
        nonce: 'n',
        callbackUrl: CALLBACK,
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'bb-key',
      redirect_uri: CALLBACK,
      scope: 'account email',
      state: 's',
    });
  });

  it('authenticates the consumer with HTTP Basic at the token endpoint', async () => {
    const tokens = await bitbucket.exchangeCode({
      code: 'bb-code',
      codeVerifier: 'v',
      nonce: 'n',
      callbackUrl: CALLBACK,
    });
    expect(tokens).toEqual({ accessToken: 'bb-at', refreshToken: 'bb-rt', expiresInSeconds: 7200 });
    const [request] = fake.requestsTo('POST /site/oauth2/access_token');
    expect(decodeBasic(request?.headers.authorization)).toEqual(['bb-key', 'bb-secret']);
    expect(request?.form).toEqual({
      grant_type: 'authorization_code',
      code: 'bb-code',
      redirect_uri: CALLBACK,
    });
    await bitbucket.refresh!({ refreshToken: 'bb-rt', scope: '' });
    expect(fake.requestsTo('POST /site/oauth2/access_token')[1]?.form).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'bb-rt',
    });
  });

  it('reads the user and its primary confirmed email', async () => {
    const info = await bitbucket.fetchUserInfo({ accessToken: 'bb-at' });
    expect(info.profile).toEqual({
      username: 'jdoe',
      displayName: 'Jane Doe',
      email: 'jane@example.com',
      picture: 'https://bitbucket.example/avatar.png',
    });
    expect(fake.requestsTo('GET /2.0/user/emails')[0]?.headers.authorization).toBe('Bearer bb-at');
  });

  it('fails clearly on a malformed email list or a missing uuid', async () => {
    fake.route('GET /2.0/user/emails', () => ({ json: { values: 'nope' } }));
    await expect(bitbucket.fetchUserInfo({ accessToken: 'bb-at' })).rejects.toThrow(
      'Bitbucket answered fetching the user’s emails with an unexpected shape',
    );
    fake.route('GET /2.0/user', () => ({ json: { username: 'jdoe' } }));
    await expect(bitbucket.fetchUserInfo({ accessToken: 'bb-at' })).rejects.toThrow(/without a uuid/);
  });

  it('resolves users by username or uuid annotations', async () => {
    const filters: Record<string, string>[] = [];
    const context = {
      signInWithCatalogUser: async ({ filter }: { filter: Record<string, string> }) => {
        filters.push(filter);
        return { userEntityRef: 'user:default/jdoe', ownershipEntityRefs: [] };
      },
    } as unknown as SignInContext;
    const info = { providerId: 'bitbucket', profile: { username: 'jdoe' }, raw: USER };
    await bitbucketAuthProvider.resolvers!.usernameMatchingUserEntityAnnotation!.create({})(info, context);
    await bitbucketAuthProvider.resolvers!.userIdMatchingUserEntityAnnotation!.create({})(info, context);
    expect(filters).toEqual([
      { kind: 'user', 'metadata.annotations.bitbucket.org/username': 'jdoe' },
      { kind: 'user', 'metadata.annotations.bitbucket.org/user-id': '{a1b2}' },
    ]);
  });
});
