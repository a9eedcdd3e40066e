import { TestLogger } from '@greenroom/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeProvider } from '../oauth2/fake-provider.js';
import type { ProviderAuthenticator } from '../types.js';
import { atlassianAuthProvider, atlassianConfigSchema } from './atlassian-provider.js';

const CALLBACK = 'http://localhost:7007/api/auth/atlassian/handler/frame';

describe('atlassianAuthProvider', () => {
  let fake: FakeProvider;
  let atlassian: ProviderAuthenticator;

  beforeAll(async () => {
    fake = await FakeProvider.start({});
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.requests.length = 0;
    fake.route('POST /oauth/token', () => ({
      json: {
        access_token: 'at-1',
        refresh_token: 'rt-2',
        expires_in: 3600,
        scope: 'offline_access read:me',
      },
    }));
    fake.route('GET /me', () => ({
      json: {
        account_id: '5b10',
        email: 'jane@example.com',
        name: 'Jane Doe',
        nickname: 'jdoe',
        picture: 'https://p',
      },
    }));
    atlassian = await atlassianAuthProvider.create({
      config: atlassianConfigSchema.parse({
        clientId: 'at-id',
        clientSecret: 'at-secret',
        authorizationUrl: `${fake.url}/authorize`,
        tokenUrl: `${fake.url}/oauth/token`,
        userInfoUrl: `${fake.url}/me`,
      }),
      callbackUrl: CALLBACK,
      logger: new TestLogger(),
    });
  });

  it('asks for the api.atlassian.com audience and consent', async () => {
    const url = new URL(
      await atlassian.authorizationUrl({
        state: 's',
        scope: 'offline_access read:me',
        codeChallenge: 'ch',
        nonce: 'n',
        callbackUrl: CALLBACK,
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'at-id',
      redirect_uri: CALLBACK,
      scope: 'offline_access read:me',
      state: 's',
      audience: 'api.atlassian.com',
      prompt: 'consent',
    });
  });

  it('exchanges the code and refreshes with JSON bodies and rotates the refresh token', async () => {
    await atlassian.exchangeCode({ code: 'c', codeVerifier: 'v', nonce: 'n', callbackUrl: CALLBACK });
    const refreshed = await atlassian.refresh!({ refreshToken: 'rt-1', scope: '' });
    expect(refreshed).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-2' });
    const [exchange, refresh] = fake.requestsTo('POST /oauth/token');
    expect(exchange?.headers['content-type']).toBe('application/json');
    expect(exchange?.form).toEqual({
      grant_type: 'authorization_code',
      code: 'c',
      redirect_uri: CALLBACK,
      client_id: 'at-id',
      client_secret: 'at-secret',
    });
    expect(refresh?.form).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'rt-1' });
  });

  it('maps /me to the profile and fails clearly without an account id', async () => {
    expect((await atlassian.fetchUserInfo({ accessToken: 'at-1' })).profile).toEqual({
      email: 'jane@example.com',
      username: 'jdoe',
      displayName: 'Jane Doe',
      picture: 'https://p',
    });
    fake.route('GET /me', () => ({ json: { email: 'x' } }));
    await expect(atlassian.fetchUserInfo({ accessToken: 'at-1' })).rejects.toThrow(
      'Atlassian answered fetching the user profile without an account_id',
    );
  });
});
