import { BadGatewayError } from '@greenroom/errors';
import { z } from 'zod';
import { createAuthProviderModule } from '../../extension-points.js';
import { httpUrlSchema, oauth2ConfigShape, revocationConfigShape } from '../oauth2/config.js';
import { OAuth2Client } from '../oauth2/oauth2-client.js';
import { fetchJsonWithToken } from '../oauth2/provider-http.js';
import { annotationResolver } from '../oauth2/resolvers.js';
import type { AuthProviderRegistration, ProviderAuthenticator } from '../types.js';

/**
 * Config of `auth.providers.gitlab.<env>`: gitlab.com or a self-hosted GitLab (`audience`).
 *
 * @example
 * gitlabConfigSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export const gitlabConfigSchema = z.looseObject({
  ...oauth2ConfigShape,
  ...revocationConfigShape,
  audience: httpUrlSchema
    .optional()
    .describe(
      'Base URL of a self-hosted GitLab, e.g. https://gitlab.example.com; default https://gitlab.com.',
    ),
});

/**
 * The validated `auth.providers.gitlab.<env>` block.
 *
 * @example
 * const config: GitlabConfig = gitlabConfigSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export type GitlabConfig = z.infer<typeof gitlabConfigSchema>;

/**
 * Signs in with GitLab (gitlab.com or self-hosted). Uses PKCE and GitLab's rotating
 * refresh tokens; the profile comes from `/api/v4/user`; logout revokes the tokens.
 *
 * Resolvers besides the common ones (whose `usernameMatchingUserEntityName` matches the
 * username): `userIdMatchingUserEntityAnnotation` (`gitlab.com/user-id`).
 *
 * @example
 * auth:
 *   providers:
 *     gitlab:
 *       production:
 *         clientId: ${GITLAB_CLIENT_ID}
 *         clientSecret: ${GITLAB_CLIENT_SECRET}
 *         audience: https://gitlab.example.com
 *         signIn: { resolvers: [{ resolver: usernameMatchingUserEntityName }] }
 */
export const gitlabAuthProvider: AuthProviderRegistration<GitlabConfig> = {
  providerId: 'gitlab',
  title: 'GitLab',
  configSchema: gitlabConfigSchema,
  requiredScopes: ['read_user'],
  create: ({ config }) => createGitlabAuthenticator(config),
  resolvers: {
    userIdMatchingUserEntityAnnotation: annotationResolver(
      'GitLab',
      'gitlab.com/user-id',
      'user id',
      (info) =>
        typeof info.raw.id === 'number' || typeof info.raw.id === 'string' ? info.raw.id : undefined,
    ),
  },
};

/**
 * Adds the GitLab sign-in provider to the auth plugin.
 *
 * @example
 * backend.add(authModuleGitlabProvider);
 */
export const authModuleGitlabProvider = createAuthProviderModule(gitlabAuthProvider);

function createGitlabAuthenticator(config: GitlabConfig): ProviderAuthenticator {
  const base = config.audience ?? 'https://gitlab.com';
  const client = new OAuth2Client({
    providerName: 'GitLab',
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorizationUrl: config.authorizationUrl ?? `${base}/oauth/authorize`,
    tokenUrl: config.tokenUrl ?? `${base}/oauth/token`,
  });
  const userInfoUrl = config.userInfoUrl ?? `${base}/api/v4/user`;
  const revocationUrl = config.revocationUrl ?? `${base}/oauth/revoke`;
  return {
    authorizationUrl: (request) => client.authorizationUrl(request),
    exchangeCode: (request) => client.exchangeCode(request),
    refresh: ({ refreshToken }) => client.refresh(refreshToken),
    revoke: (tokens) => client.revoke(revocationUrl, tokens),
    async fetchUserInfo(tokens) {
      const user = await fetchJsonWithToken(
        { provider: 'GitLab', step: 'fetching the user profile' },
        userInfoUrl,
        tokens.accessToken,
      );
      if (typeof user.username !== 'string' || !user.username) {
        throw new BadGatewayError('GitLab answered fetching the user profile without a username');
      }
      const email = firstString(user.email, user.public_email);
      return {
        profile: {
          username: user.username,
          displayName: firstString(user.name) ?? user.username,
          ...(email ? { email } : {}),
          ...(firstString(user.avatar_url) ? { picture: firstString(user.avatar_url) } : {}),
        },
        raw: user,
      };
    },
  };
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v.length > 0);
}
