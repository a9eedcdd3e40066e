import { AuthenticationError, InputError } from '@greenroom/errors';
import { TestLogger } from '@greenroom/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pkceChallenge, randomSecret } from '../../flow/secrets.js';
import { oidcAuthProvider } from './oidc-provider.js';
import { TestIdentityProvider } from './test-identity-provider.js';

const CALLBACK = 'http://localhost:7007/api/auth/oidc/handler/frame';

function create(config: Record<string, unknown>) {
  const parsed = oidcAuthProvider.configSchema.parse(config);
  return oidcAuthProvider.create({ config: parsed, callbackUrl: CALLBACK, logger: new TestLogger() });
}

describe('the OIDC provider', () => {
  let idp: TestIdentityProvider;
  beforeAll(async () => {
    idp = await TestIdentityProvider.start({
      redirectUri: CALLBACK,
      accounts: [{ sub: 'jane-sub', email: 'jane@example.com', name: 'Jane Doe' }],
    });
  });
  afterAll(() => idp?.stop());

  it('accepts http:// identity providers only on localhost and only with allowInsecureRequests', () => {
    const base = { clientId: 'c', clientSecret: 's' };
    expect(() =>
      create({ ...base, metadataUrl: 'http://idp.example.com', allowInsecureRequests: true }),
    ).toThrow(/only allowed on localhost or 127\.0\.0\.1/);
    expect(() => create({ ...base, metadataUrl: 'http://127.0.0.1:8080' })).toThrow(InputError);
    expect(() =>
      create({ ...base, metadataUrl: 'http://127.0.0.1:8080', allowInsecureRequests: true }),
    ).not.toThrow();
    expect(() =>
      create({ ...base, metadataUrl: 'https://idp.example.com/.well-known/openid-configuration' }),
    ).not.toThrow();
  });

  it('builds an authorization URL with PKCE S256, state, nonce and the requested scopes', async () => {
    const authenticator = await create({
      metadataUrl: `${idp.issuer}/.well-known/openid-configuration`,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      allowInsecureRequests: true,
      prompt: 'login',
    });
    const url = new URL(
      await authenticator.authorizationUrl({
        state: 'the-state',
        nonce: 'the-nonce',
        scope: 'openid profile email',
        codeChallenge: pkceChallenge('verifier'),
        callbackUrl: CALLBACK,
      }),
    );
    expect(url.origin).toBe(idp.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: idp.clientId,
      redirect_uri: CALLBACK,
      response_type: 'code',
      state: 'the-state',
      nonce: 'the-nonce',
      scope: 'openid profile email',
      code_challenge: pkceChallenge('verifier'),
      code_challenge_method: 'S256',
      prompt: 'login',
    });
  });

  it('exchanges a code with the right verifier, and fails naming the step with a wrong one', async () => {
    const authenticator = await create({
      metadataUrl: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      allowInsecureRequests: true,
    });
    const signIn = async () => {
      const verifier = randomSecret();
      const url = await authenticator.authorizationUrl({
        state: 's',
        nonce: 'n',
        scope: 'openid profile email',
        codeChallenge: pkceChallenge(verifier),
        callbackUrl: CALLBACK,
      });
      const callback = new URL(await idp.signIn(url, 'jane-sub'));
      return { verifier, parameters: Object.fromEntries(callback.searchParams) };
    };

    const good = await signIn();
    const tokens = await authenticator.exchangeCode({
      code: good.parameters.code!,
      codeVerifier: good.verifier,
      nonce: 'n',
      state: 's',
      callbackUrl: CALLBACK,
      callbackParameters: good.parameters,
    });
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.idToken).toBeTruthy();
    const info = await authenticator.fetchUserInfo(tokens);
    expect(info.profile).toEqual({ email: 'jane@example.com', displayName: 'Jane Doe' });
    expect(info.raw.sub).toBe('jane-sub');

    const bad = await signIn();
    const error = await authenticator
      .exchangeCode({
        code: bad.parameters.code!,
        codeVerifier: randomSecret(),
        nonce: 'n',
        state: 's',
        callbackUrl: CALLBACK,
        callbackParameters: bad.parameters,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/^OIDC code exchange failed/);
    expect((error as Error).message).not.toContain(bad.parameters.code!);
  });
});
