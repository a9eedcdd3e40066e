import { TestLogger } from '@greenroom/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeProvider } from '../oauth2/fake-provider.js';
import type { ProviderAuthenticator, SignInContext } from '../types.js';
import { type MicrosoftConfig, microsoftAuthProvider, microsoftConfigSchema } from './microsoft-provider.js';

const CALLBACK = 'http://localhost:7007/api/auth/microsoft/handler/frame';
const ME = {
  id: '0f7c-user',
  displayName: 'Jane Doe',
  mail: null,
  userPrincipalName: 'jane@contoso.example',
};
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);

describe('microsoftAuthProvider', () => {
  let fake: FakeProvider;
  let microsoft: ProviderAuthenticator;

  beforeAll(async () => {
    fake = await FakeProvider.start({});
  });
  afterAll(() => fake.close());

  async function create(config: Partial<MicrosoftConfig>): Promise<ProviderAuthenticator> {
    return microsoftAuthProvider.create({
      config: microsoftConfigSchema.parse({ clientId: 'ms-id', clientSecret: 'ms-secret', ...config }),
      callbackUrl: CALLBACK,
      logger: new TestLogger(),
    });
  }

  beforeEach(async () => {
    fake.requests.length = 0;
    fake.route('POST /tenant-1/oauth2/v2.0/token', () => ({
      json: {
        access_token: 'eyJ.graph',
        refresh_token: 'ms-rt-2',
        expires_in: 4000,
        scope: 'User.Read profile',
      },
    }));
    fake.route('GET /v1.0/me', () => ({ json: ME }));
    fake.route('GET /v1.0/me/photos/48x48/$value', () => ({
      raw: PNG,
      headers: { 'content-type': 'image/png' },
    }));
    microsoft = await create({
      tenantId: 'tenant-1',
      domainHint: 'contoso.example',
      authorizationUrl: `${fake.url}/tenant-1/oauth2/v2.0/authorize`,
      tokenUrl: `${fake.url}/tenant-1/oauth2/v2.0/token`,
      userInfoUrl: `${fake.url}/v1.0/me`,
    });
  });

  it('builds the tenant’s authorization URL with domain hint, nonce and PKCE', async () => {
    const url = new URL(
      await microsoft.authorizationUrl({
        state: 's',
        scope: 'openid offline_access profile email User.Read',
        codeChallenge: 'ch',
        nonce: 'nonce-1',
        callbackUrl: CALLBACK,
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'ms-id',
      redirect_uri: CALLBACK,
      scope: 'openid offline_access profile email User.Read',
      state: 's',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      nonce: 'nonce-1',
      response_mode: 'query',
      domain_hint: 'contoso.example',
    });
  });

  it('defaults to the common tenant on login.microsoftonline.com', async () => {
    const url = await (await create({})).authorizationUrl({
      state: 's',
      scope: 'openid',
      codeChallenge: 'c',
      nonce: 'n',
      callbackUrl: CALLBACK,
    });
    expect(url.startsWith('https://login.microsoftonline.com/common/oauth2/v2.0/authorize?')).toBe(true);
    expect(new URL(url).searchParams.has('domain_hint')).toBe(false);
  });

  it('refuses a tenant id that could change the endpoint path', () => {
    for (const tenantId of ['../evil', '..', 'a/b', 'a?b']) {
      expect(microsoftConfigSchema.safeParse({ clientId: 'a', clientSecret: 'b', tenantId }).success).toBe(
        false,
      );
    }
    const valid = { clientId: 'a', clientSecret: 'b', tenantId: 'contoso.onmicrosoft.com' };
    expect(microsoftConfigSchema.safeParse(valid).success).toBe(true);
  });

  it('exchanges the code and refreshes with the scopes sent again', async () => {
    await microsoft.exchangeCode({ code: 'M.code', codeVerifier: 'ver', nonce: 'n', callbackUrl: CALLBACK });
    const refreshed = await microsoft.refresh!({ refreshToken: 'ms-rt-1', scope: 'openid User.Read' });
    expect(refreshed).toEqual({
      accessToken: 'eyJ.graph',
      refreshToken: 'ms-rt-2',
      expiresInSeconds: 4000,
      scope: 'User.Read profile',
    });
    const [exchange, refresh] = fake.requestsTo('POST /tenant-1/oauth2/v2.0/token');
    expect(exchange?.form).toEqual({
      grant_type: 'authorization_code',
      code: 'M.code',
      redirect_uri: CALLBACK,
      code_verifier: 'ver',
      client_id: 'ms-id',
      client_secret: 'ms-secret',
    });
    expect(refresh?.form).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'ms-rt-1',
      scope: 'openid User.Read',
      client_id: 'ms-id',
      client_secret: 'ms-secret',
    });
  });

  it('reads /me and the photo as a data URL, using the UPN when there is no mail', async () => {
    const info = await microsoft.fetchUserInfo({ accessToken: 'eyJ.graph' });
    expect(info.profile).toEqual({
      email: 'jane@contoso.example',
      displayName: 'Jane Doe',
      picture: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`,
    });
    expect(info.raw.id).toBe('0f7c-user');
    expect(fake.requestsTo('GET /v1.0/me/photos/48x48/$value')[0]?.headers.authorization).toBe(
      'Bearer eyJ.graph',
    );
  });

  it('leaves the picture out when the user has no photo', async () => {
    fake.route('GET /v1.0/me/photos/48x48/$value', () => ({
      status: 404,
      json: { error: { code: 'ImageNotFound' } },
    }));
    const info = await microsoft.fetchUserInfo({ accessToken: 'eyJ.graph' });
    expect(info.profile).toEqual({ email: 'jane@contoso.example', displayName: 'Jane Doe' });
  });

  it('fails clearly when Graph refuses the token', async () => {
    fake.route('GET /v1.0/me', () => ({
      status: 401,
      json: { error: { code: 'InvalidAuthenticationToken' } },
    }));
    await expect(microsoft.fetchUserInfo({ accessToken: 'eyJ.graph' })).rejects.toThrow(
      /^Microsoft refused the access token \(HTTP 401\) while fetching the user profile/,
    );
  });

  it('resolves users by the Graph user id annotation or the email annotation', async () => {
    const filters: Record<string, string>[] = [];
    const context = {
      signInWithCatalogUser: async ({ filter }: { filter: Record<string, string> }) => {
        filters.push(filter);
        return { userEntityRef: 'user:default/jane', ownershipEntityRefs: [] };
      },
    } as unknown as SignInContext;
    const info = {
      providerId: 'microsoft',
      profile: { email: 'jane@contoso.example' },
      raw: { id: '0f7c-user' },
    };
    await microsoftAuthProvider.resolvers!.userIdMatchingUserEntityAnnotation!.create({})(info, context);
    await microsoftAuthProvider.resolvers!.emailMatchingUserEntityAnnotation!.create({})(info, context);
    expect(filters).toEqual([
      { kind: 'user', 'metadata.annotations.graph.microsoft.com/user-id': '0f7c-user' },
      { kind: 'user', 'metadata.annotations.microsoft.com/email': 'jane@contoso.example' },
    ]);
  });
});
