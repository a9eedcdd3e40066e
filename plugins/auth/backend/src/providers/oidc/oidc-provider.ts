import { AuthenticationError, InputError } from '@greenroom/errors';
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { z } from 'zod';
import { createAuthProviderModule } from '../../extension-points.js';
import type { AuthProviderRegistration, ProviderAuthenticator, ProviderTokens } from '../types.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const oidcConfigSchema = z.looseObject({
  metadataUrl: z
    .url()
    .max(2048)
    .describe(
      'The identity provider’s issuer URL or its discovery document (…/.well-known/openid-configuration), e.g. https://keycloak.example.com/realms/main.',
    ),
  clientId: z.string().min(1).max(500).describe('The client id registered at the identity provider.'),
  clientSecret: z
    .string()
    .min(1)
    .max(2000)
    .optional()
    .meta({ visibility: 'secret' })
    .describe('The client secret (not needed with tokenEndpointAuthMethod: none).'),
  tokenEndpointAuthMethod: z
    .enum(['client_secret_basic', 'client_secret_post', 'none'])
    .default('client_secret_basic')
    .describe('How the client authenticates at the token endpoint.'),
  prompt: z
    .string()
    .max(64)
    .optional()
    .describe(
      "Sent as `prompt` on every sign-in unless the web app asks otherwise, e.g. 'login' or 'consent'.",
    ),
  allowInsecureRequests: z
    .boolean()
    .default(false)
    .describe('Allow an http:// identity provider; only for localhost/127.0.0.1 (development and tests).'),
  timeout: z
    .number()
    .int()
    .min(1)
    .max(120)
    .default(10)
    .describe('Seconds to wait for the identity provider.'),
});

type OidcConfig = z.output<typeof oidcConfigSchema>;

/**
 * A generic OpenID Connect provider (`auth.providers.oidc.<env>`), for any
 * standards-compliant identity provider: Keycloak, Okta, Auth0, Entra ID, … It uses
 * authorization code + PKCE (S256), checks state, nonce and the ID token, and reads
 * the profile from the userinfo endpoint. The discovery document is fetched on first
 * use, so a down identity provider does not stop the backend from starting.
 *
 * @example
 * // app-config.yaml
 * // auth: { providers: { oidc: { development: { metadataUrl: https://idp.example.com, clientId: greenroom,
 * //   clientSecret: ${OIDC_CLIENT_SECRET} } } } }
 * backend.add(authModuleOidcProvider);
 */
export const oidcAuthProvider: AuthProviderRegistration<OidcConfig> = {
  providerId: 'oidc',
  title: 'OpenID Connect',
  configSchema: oidcConfigSchema,
  requiredScopes: ['openid', 'profile', 'email'],
  create({ config }) {
    const server = issuerUrl(config);
    let configuration: Promise<client.Configuration> | undefined;
    const discover = () => {
      configuration ??= discoverServer(server, config).catch((error: unknown) => {
        configuration = undefined;
        throw new AuthenticationError(
          `OIDC: could not read the discovery document of ${server.href}: ${describe(error)}`,
        );
      });
      return configuration;
    };
    const authenticator: ProviderAuthenticator = {
      async authorizationUrl(request) {
        const prompt = request.prompt ?? config.prompt;
        return client
          .buildAuthorizationUrl(await discover(), {
            redirect_uri: request.callbackUrl,
            scope: request.scope,
            state: request.state,
            nonce: request.nonce,
            code_challenge: request.codeChallenge,
            code_challenge_method: 'S256',
            ...(prompt ? { prompt } : {}),
          })
          .toString();
      },
      async exchangeCode(request) {
        const current = new URL(request.callbackUrl);
        const parameters = request.callbackParameters ?? {
          code: request.code,
          ...(request.state ? { state: request.state } : {}),
        };
        for (const [key, value] of Object.entries(parameters)) current.searchParams.set(key, value);
        const response = await step('code exchange', async () =>
          client.authorizationCodeGrant(await discover(), current, {
            pkceCodeVerifier: request.codeVerifier,
            expectedNonce: request.nonce,
            expectedState: request.state ?? client.skipStateCheck,
            idTokenExpected: true,
          }),
        );
        return tokensOf(response);
      },
      async refresh(request) {
        const response = await step('refresh', async () =>
          client.refreshTokenGrant(await discover(), request.refreshToken, { scope: request.scope }),
        );
        return tokensOf(response);
      },
      async fetchUserInfo(tokens) {
        const subject = tokens.idToken ? decodeJwt(tokens.idToken).sub : undefined;
        const claims = await step('userinfo', async () =>
          client.fetchUserInfo(await discover(), tokens.accessToken, subject ?? client.skipSubjectCheck),
        );
        const idClaims = tokens.idToken ? decodeJwt(tokens.idToken) : {};
        const raw: Record<string, unknown> = { ...idClaims, ...claims };
        const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
        const profile = {
          ...(text('email') ? { email: text('email') } : {}),
          ...(text('name') ? { displayName: text('name') } : {}),
          ...(text('picture') ? { picture: text('picture') } : {}),
          ...(text('preferred_username') ? { username: text('preferred_username') } : {}),
        };
        return { profile, raw };
      },
      async revoke(tokens) {
        const configuration = await discover();
        if (!configuration.serverMetadata().revocation_endpoint) return;
        const token = tokens.refreshToken ?? tokens.accessToken;
        await step('revocation', () => client.tokenRevocation(configuration, token));
      },
    };
    return authenticator;
  },
};

/**
 * The module that installs the OIDC provider.
 *
 * @example
 * backend.add(authModuleOidcProvider);
 */
export const authModuleOidcProvider = createAuthProviderModule(oidcAuthProvider);

function issuerUrl(config: OidcConfig): URL {
  const url = new URL(config.metadataUrl.replace(/\/\.well-known\/openid-configuration\/?$/, ''));
  if (url.protocol === 'http:') {
    if (!LOCAL_HOSTS.has(url.hostname)) {
      throw new InputError(
        `auth.providers.oidc.metadataUrl: an http:// identity provider is only allowed on localhost or 127.0.0.1, got ${url.host}; use https`,
      );
    }
    if (!config.allowInsecureRequests) {
      throw new InputError(
        'auth.providers.oidc.metadataUrl is http://; set allowInsecureRequests: true for a local identity provider',
      );
    }
  }
  return url;
}

async function discoverServer(server: URL, config: OidcConfig): Promise<client.Configuration> {
  const clientAuth =
    config.tokenEndpointAuthMethod === 'none'
      ? client.None()
      : config.tokenEndpointAuthMethod === 'client_secret_post'
        ? client.ClientSecretPost(config.clientSecret)
        : client.ClientSecretBasic(config.clientSecret);
  const configuration = await client.discovery(server, config.clientId, config.clientSecret, clientAuth, {
    ...(server.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
    timeout: config.timeout,
  });
  configuration.timeout = config.timeout;
  return configuration;
}

function tokensOf(
  response: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
): ProviderTokens {
  return {
    accessToken: response.access_token,
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    ...(response.id_token ? { idToken: response.id_token } : {}),
    ...(response.scope ? { scope: response.scope } : {}),
    ...(response.expires_in !== undefined ? { expiresInSeconds: response.expires_in } : {}),
  };
}

/** Runs one exchange with the identity provider; a failure names the step, never tokens. */
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new AuthenticationError(`OIDC ${name} failed: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const oauthError = (error as { error?: unknown }).error;
  return [
    error.message,
    typeof code === 'string' ? code : undefined,
    typeof oauthError === 'string' ? oauthError : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}
