import { AuthenticationError, BadGatewayError } from '@greenroom/errors';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeBasic, FakeProvider } from './fake-provider.js';
import { OAuth2Client, parseTokenResponse } from './oauth2-client.js';
import { MAX_PROVIDER_RESPONSE_BYTES } from './provider-http.js';

const REQUEST = { state: 'st', scope: 'a b', codeChallenge: 'ch', nonce: 'no', callbackUrl: 'http://app/cb' };
const EXCHANGE = {
  code: 'the-code',
  codeVerifier: 'the-verifier',
  nonce: 'no',
  callbackUrl: 'http://app/cb',
};

describe('OAuth2Client', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await FakeProvider.start({});
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.route('POST /token', () => ({
      json: { access_token: 'at', refresh_token: 'rt', expires_in: '3600' },
    }));
  });

  function client(options: Partial<ConstructorParameters<typeof OAuth2Client>[0]> = {}): OAuth2Client {
    return new OAuth2Client({
      providerName: 'Acme',
      clientId: 'id:1',
      clientSecret: 'sec ret',
      authorizationUrl: `${fake.url}/authorize?tenant=x`,
      tokenUrl: `${fake.url}/token`,
      ...options,
    });
  }

  it('keeps query parameters of the configured authorization URL and leaves out undefined extras', () => {
    const url = new URL(
      client().authorizationUrl({ ...REQUEST, prompt: 'login' }, { extra: 'yes', none: undefined }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'x',
      response_type: 'code',
      client_id: 'id:1',
      redirect_uri: 'http://app/cb',
      scope: 'a b',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      prompt: 'login',
      extra: 'yes',
    });
  });

  it('sends no PKCE parameters when the provider does not support PKCE', async () => {
    const noPkce = client({ pkce: false });
    expect(new URL(noPkce.authorizationUrl(REQUEST)).searchParams.has('code_challenge')).toBe(false);
    await noPkce.exchangeCode(EXCHANGE);
    expect(fake.requests[0]?.form).not.toHaveProperty('code_verifier');
  });

  it('authenticates with HTTP Basic (form-encoded parts) when asked, keeping the secret out of the body', async () => {
    await client({ clientAuthentication: 'client_secret_basic' }).exchangeCode(EXCHANGE);
    const [request] = fake.requests;
    expect(decodeBasic(request?.headers.authorization)).toEqual(['id:1', 'sec ret']);
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from('id%3A1:sec%20ret').toString('base64')}`,
    );
    expect(request?.form).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'http://app/cb',
      code_verifier: 'the-verifier',
    });
  });

  it('can send the token request as JSON', async () => {
    await client({ tokenRequestEncoding: 'json' }).exchangeCode(EXCHANGE);
    expect(fake.requests[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(fake.requests[0]!.body)).toMatchObject({ code: 'the-code', client_secret: 'sec ret' });
  });

  it('parses expires_in given as a string and keeps the old refresh token when none is rotated', async () => {
    expect(await client().exchangeCode(EXCHANGE)).toEqual({
      accessToken: 'at',
      refreshToken: 'rt',
      expiresInSeconds: 3600,
    });
    fake.route('POST /token', () => ({ json: { access_token: 'at2', scope: 'a,b' } }));
    expect(await client().refresh('old-rt', 'a b')).toEqual({
      accessToken: 'at2',
      refreshToken: 'old-rt',
      scope: 'a b',
    });
    expect(fake.requestsTo('POST /token')[1]?.form).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: 'old-rt',
      scope: 'a b',
    });
  });

  it('revokes the refresh token (or else the access token) at the revocation endpoint with client auth', async () => {
    fake.route('POST /revoke', () => ({ raw: '' }));
    const basic = client({ clientAuthentication: 'client_secret_basic' });
    await basic.revoke(`${fake.url}/revoke`, { accessToken: 'at', refreshToken: 'rt' });
    await client().revoke(`${fake.url}/revoke`, { accessToken: 'at' });
    const [first, second] = fake.requestsTo('POST /revoke');
    expect(decodeBasic(first?.headers.authorization)).toEqual(['id:1', 'sec ret']);
    expect(first?.form).toEqual({ token: 'rt', token_type_hint: 'refresh_token' });
    expect(second?.form).toEqual({
      token: 'at',
      token_type_hint: 'access_token',
      client_id: 'id:1',
      client_secret: 'sec ret',
    });
  });

  it('reports a failed revocation without the token', async () => {
    fake.route('POST /revoke', () => ({ status: 503, raw: '' }));
    const error = await client()
      .revoke(`${fake.url}/revoke`, { accessToken: 'secret-at' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadGatewayError);
    expect((error as Error).message).toBe('Acme answered HTTP 503 while revoking the tokens');
  });

  it('turns invalid_client into an error that points at the client credentials', async () => {
    fake.route('POST /token', () => ({ status: 401, json: { error: 'invalid_client' } }));
    const error = await client()
      .exchangeCode(EXCHANGE)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toBe(
      "Acme refused the token request (HTTP 401, error 'invalid_client') while exchanging the authorization code; " +
        'check clientId and clientSecret in config',
    );
  });

  it('never echoes an unexpected error value from the provider', async () => {
    fake.route('POST /token', () => ({ status: 400, json: { error: 'leaked at=the-code sec ret' } }));
    await expect(client().refresh('rt-secret')).rejects.toThrow(
      "Acme refused the token request (HTTP 400, error 'unknown') while refreshing the session; sign in again",
    );
  });

  it('reports an unreachable token endpoint as a bad gateway', async () => {
    const unreachable = client({ tokenUrl: 'http://127.0.0.1:1/token' });
    const error = await unreachable.exchangeCode(EXCHANGE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadGatewayError);
    expect((error as Error).message).toMatch(
      /^Acme could not be reached while exchanging the authorization code/,
    );
  });

  it('refuses to read an oversized token response', async () => {
    fake.route('POST /token', () => ({ raw: 'x'.repeat(MAX_PROVIDER_RESPONSE_BYTES + 1) }));
    await expect(client().exchangeCode(EXCHANGE)).rejects.toThrow(/more than 1048576 bytes/);
  });

  it('rejects a token response that is JSON but not an object', async () => {
    fake.route('POST /token', () => ({ json: ['at'] }));
    await expect(client().exchangeCode(EXCHANGE)).rejects.toThrow(/JSON that is not an object/);
  });
});

describe('parseTokenResponse', () => {
  const call = { provider: 'Acme', step: 'testing' };
  it('ignores non-positive or non-numeric lifetimes and empty optional fields', () => {
    expect(
      parseTokenResponse(call, {
        access_token: 'a',
        expires_in: 'soon',
        refresh_token: '',
        id_token: 'id',
        scope: '',
      }),
    ).toEqual({ accessToken: 'a', idToken: 'id' });
  });
});
