import { BadGatewayError } from '@greenroom/errors';
import { z } from 'zod';
import { createAuthProviderModule } from '../../extension-points.js';
import { httpUrlSchema, oauth2ConfigShape, revocationConfigShape } from '../oauth2/config.js';
import { OAuth2Client } from '../oauth2/oauth2-client.js';
import { fetchJsonWithToken } from '../oauth2/provider-http.js';
import type { AuthProviderRegistration, ProviderAuthenticator } from '../types.js';

/**
 * Config of `auth.providers.onelogin.<env>`: an OpenID Connect app in OneLogin.
 *
 * @example
 * oneloginConfigSchema.parse({ clientId: 'id', clientSecret: 'secret', issuer: 'https://acme.onelogin.com/oidc/2' });
 */
export const oneloginConfigSchema = z.looseObject({
  ...oauth2ConfigShape,
  ...revocationConfigShape,
  issuer: httpUrlSchema.describe('The app’s issuer, e.g. https://acme.onelogin.com/oidc/2.'),
  tokenEndpointAuthMethod: z
    .enum(['client_secret_basic', 'client_secret_post'])
    .optional()
    .describe('Must match the app’s "Token Endpoint" setting in OneLogin (Basic or POST); default Basic.'),
});

/**
 * The validated `auth.providers.onelogin.<env>` block.
 *
 * @example
 * const config: OneloginConfig = oneloginConfigSchema.parse({ clientId: 'id', clientSecret: 'secret', issuer: 'https://acme.onelogin.com/oidc/2' });
 */
export type OneloginConfig = z.infer<typeof oneloginConfigSchema>;

/**
 * Signs in with OneLogin's OpenID Connect (v2) endpoints under `issuer`: `/auth`,
 * `/token` and the userinfo endpoint `/me`, with PKCE and refresh tokens; logout revokes
 * the tokens at `/token/revocation`.
 *
 * No resolvers of its own: the common ones apply (`usernameMatchingUserEntityName` matches
 * `preferred_username`).
 *
 * @example
 * auth:
 *   providers:
 *     onelogin:
 *       production:
 *         clientId: ${ONELOGIN_CLIENT_ID}
 *         clientSecret: ${ONELOGIN_CLIENT_SECRET}
 *         issuer: https://acme.onelogin.com/oidc/2
 */
export const oneloginAuthProvider: AuthProviderRegistration<OneloginConfig> = {
  providerId: 'onelogin',
  title: 'OneLogin',
  configSchema: oneloginConfigSchema,
  requiredScopes: ['openid'],
  create: ({ config }) => createOneloginAuthenticator(config),
};

/**
 * Adds the OneLogin sign-in provider to the auth plugin.
 *
 * @example
 * backend.add(authModuleOneloginProvider);
 */
export const authModuleOneloginProvider = createAuthProviderModule(oneloginAuthProvider);

function createOneloginAuthenticator(config: OneloginConfig): ProviderAuthenticator {
  const client = new OAuth2Client({
    providerName: 'OneLogin',
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorizationUrl: config.authorizationUrl ?? `${config.issuer}/auth`,
    tokenUrl: config.tokenUrl ?? `${config.issuer}/token`,
    clientAuthentication: config.tokenEndpointAuthMethod ?? 'client_secret_basic',
  });
  const userInfoUrl = config.userInfoUrl ?? `${config.issuer}/me`;
  const revocationUrl = config.revocationUrl ?? `${config.issuer}/token/revocation`;
  return {
    authorizationUrl: (request) => client.authorizationUrl(request, { nonce: request.nonce }),
    exchangeCode: (request) => client.exchangeCode(request),
    refresh: ({ refreshToken }) => client.refresh(refreshToken),
    revoke: (tokens) => client.revoke(revocationUrl, tokens),
    async fetchUserInfo(tokens) {
      const claims = await fetchJsonWithToken(
        { provider: 'OneLogin', step: 'fetching the user profile' },
        userInfoUrl,
        tokens.accessToken,
      );
      if (typeof claims.sub !== 'string' || !claims.sub) {
        throw new BadGatewayError('OneLogin answered fetching the user profile without a subject (sub)');
      }
      const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
      const email = text(claims.email);
      const username = text(claims.preferred_username);
      const displayName = text(claims.name) ?? username ?? email;
      return {
        profile: {
          ...(email ? { email } : {}),
          ...(username ? { username } : {}),
          ...(displayName ? { displayName } : {}),
        },
        raw: claims,
      };
    },
  };
}
