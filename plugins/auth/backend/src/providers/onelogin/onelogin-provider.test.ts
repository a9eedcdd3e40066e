import { TestLogger } from '@greenroom/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeBasic, FakeProvider } from '../oauth2/fake-provider.js';
import type { ProviderAuthenticator } from '../types.js';
import { type OneloginConfig, oneloginAuthProvider, oneloginConfigSchema } from './onelogin-provider.js';

const CALLBACK = 'http://localhost:7007/api/auth/onelogin/handler/frame';

describe('oneloginAuthProvider', () => {
  let fake: FakeProvider;
  let onelogin: ProviderAuthenticator;

  beforeAll(async () => {
    fake = await FakeProvider.start({});
  });
  afterAll(() => fake.close());

  async function create(config: Partial<OneloginConfig> = {}): Promise<ProviderAuthenticator> {
    return oneloginAuthProvider.create({
      config: oneloginConfigSchema.parse({
        clientId: 'ol-id',
        clientSecret: 'ol-secret',
        issuer: `${fake.url}/oidc/2`,
        ...config,
      }),
      callbackUrl: CALLBACK,
      logger: new TestLogger(),
    });
  }

  beforeEach(async () => {
    fake.requests.length = 0;
    fake.route('POST /oidc/2/token', () => ({
      json: { access_token: 'ol-at', refresh_token: 'ol-rt', id_token: 'eyJ.x.y', expires_in: 36000 },
    }));
    fake.route('GET /oidc/2/me', () => ({
      json: { sub: '123', email: 'jane@example.com', preferred_username: 'jdoe', name: 'Jane Doe' },
    }));
    onelogin = await create();
  });

  it('derives its endpoints from the issuer and sends nonce and PKCE', async () => {
    const url = new URL(
      await onelogin.authorizationUrl({
        state: 's',
        scope: 'openid',
        codeChallenge: 'ch',
        nonce: 'no',
        callbackUrl: CALLBACK,
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.url}/oidc/2/auth`);
    expect(url.searchParams.get('nonce')).toBe('no');
    expect(url.searchParams.get('code_challenge')).toBe('ch');
  });

  it('uses HTTP Basic client authentication by default and the form body when configured', async () => {
    await onelogin.exchangeCode({ code: 'c', codeVerifier: 'v', nonce: 'n', callbackUrl: CALLBACK });
    const [basic] = fake.requestsTo('POST /oidc/2/token');
    expect(decodeBasic(basic?.headers.authorization)).toEqual(['ol-id', 'ol-secret']);
    expect(basic?.form).toEqual({
      grant_type: 'authorization_code',
      code: 'c',
      redirect_uri: CALLBACK,
      code_verifier: 'v',
    });

    const post = await create({ tokenEndpointAuthMethod: 'client_secret_post' });
    await post.refresh!({ refreshToken: 'ol-rt', scope: 'openid' });
    const [, viaPost] = fake.requestsTo('POST /oidc/2/token');
    expect(viaPost?.headers.authorization).toBeUndefined();
    expect(viaPost?.form).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'ol-rt',
      client_id: 'ol-id',
      client_secret: 'ol-secret',
    });
  });

  it('revokes the tokens at <issuer>/token/revocation on logout', async () => {
    fake.route('POST /oidc/2/token/revocation', () => ({ raw: '' }));
    await onelogin.revoke!({ accessToken: 'ol-at', refreshToken: 'ol-rt' });
    const [revocation] = fake.requestsTo('POST /oidc/2/token/revocation');
    expect(decodeBasic(revocation?.headers.authorization)).toEqual(['ol-id', 'ol-secret']);
    expect(revocation?.form).toEqual({ token: 'ol-rt', token_type_hint: 'refresh_token' });
  });

  it('maps the userinfo claims to the profile', async () => {
    const info = await onelogin.fetchUserInfo({ accessToken: 'ol-at' });
    expect(info.profile).toEqual({ email: 'jane@example.com', username: 'jdoe', displayName: 'Jane Doe' });
    expect(fake.requestsTo('GET /oidc/2/me')[0]?.headers.authorization).toBe('Bearer ol-at');
  });

  it('requires an issuer in config', () => {
    expect(oneloginConfigSchema.safeParse({ clientId: 'a', clientSecret: 'b' }).success).toBe(false);
  });
});
