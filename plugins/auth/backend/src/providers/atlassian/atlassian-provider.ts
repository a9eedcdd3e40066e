import { BadGatewayError } from '@greenroom/errors';
import { z } from 'zod';
import { createAuthProviderModule } from '../../extension-points.js';
import { oauth2ConfigShape } from '../oauth2/config.js';
import { OAuth2Client } from '../oauth2/oauth2-client.js';
import { fetchJsonWithToken } from '../oauth2/provider-http.js';
import type { AuthProviderRegistration, ProviderAuthenticator } from '../types.js';

/**
 * Config of `auth.providers.atlassian.<env>`: an OAuth 2.0 (3LO) app in the Atlassian developer console.
 *
 * @example
 * atlassianConfigSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export const atlassianConfigSchema = z.looseObject({ ...oauth2ConfigShape });

/**
 * The validated `auth.providers.atlassian.<env>` block.
 *
 * @example
 * const config: AtlassianConfig = atlassianConfigSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export type AtlassianConfig = z.infer<typeof atlassianConfigSchema>;

/**
 * Signs in with an Atlassian account (OAuth 2.0 3LO). `offline_access` makes Atlassian
 * issue rotating refresh tokens; `read:me` allows the profile at `api.atlassian.com/me`.
 * Atlassian asks for consent on every authorization unless the start request says
 * otherwise. Product scopes (e.g. `read:jira-user`) go into `additionalScopes`.
 *
 * No resolvers of its own: the common ones apply (`usernameMatchingUserEntityName` matches
 * the Atlassian nickname).
 *
 * @example
 * auth:
 *   providers:
 *     atlassian:
 *       production:
 *         clientId: ${ATLASSIAN_CLIENT_ID}
 *         clientSecret: ${ATLASSIAN_CLIENT_SECRET}
 *         additionalScopes: [read:jira-user]
 */
export const atlassianAuthProvider: AuthProviderRegistration<AtlassianConfig> = {
  providerId: 'atlassian',
  title: 'Atlassian',
  configSchema: atlassianConfigSchema,
  requiredScopes: ['offline_access', 'read:me'],
  create: ({ config }) => createAtlassianAuthenticator(config),
};

/**
 * Adds the Atlassian sign-in provider to the auth plugin.
 *
 * @example
 * backend.add(authModuleAtlassianProvider);
 */
export const authModuleAtlassianProvider = createAuthProviderModule(atlassianAuthProvider);

function createAtlassianAuthenticator(config: AtlassianConfig): ProviderAuthenticator {
  const client = new OAuth2Client({
    providerName: 'Atlassian',
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorizationUrl: config.authorizationUrl ?? 'https://auth.atlassian.com/authorize',
    tokenUrl: config.tokenUrl ?? 'https://auth.atlassian.com/oauth/token',
    tokenRequestEncoding: 'json',
    // Atlassian's 3LO does not document PKCE.
    pkce: false,
  });
  const userInfoUrl = config.userInfoUrl ?? 'https://api.atlassian.com/me';
  return {
    authorizationUrl: (request) =>
      client.authorizationUrl(request, {
        audience: 'api.atlassian.com',
        prompt: request.prompt ?? 'consent',
      }),
    exchangeCode: (request) => client.exchangeCode(request),
    refresh: ({ refreshToken }) => client.refresh(refreshToken),
    async fetchUserInfo(tokens) {
      const user = await fetchJsonWithToken(
        { provider: 'Atlassian', step: 'fetching the user profile' },
        userInfoUrl,
        tokens.accessToken,
      );
      if (typeof user.account_id !== 'string' || !user.account_id) {
        throw new BadGatewayError('Atlassian answered fetching the user profile without an account_id');
      }
      const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
      const email = text(user.email);
      const username = text(user.nickname);
      const displayName = text(user.name) ?? username;
      const picture = text(user.picture);
      return {
        profile: {
          ...(email ? { email } : {}),
          ...(username ? { username } : {}),
          ...(displayName ? { displayName } : {}),
          ...(picture ? { picture } : {}),
        },
        raw: user,
      };
    },
  };
}
