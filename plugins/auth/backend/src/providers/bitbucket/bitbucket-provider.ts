import { BadGatewayError } from '@greenroom/errors';
import { z } from 'zod';
import { createAuthProviderModule } from '../../extension-points.js';
import { httpUrlSchema, oauth2ConfigShape } from '../oauth2/config.js';
import { OAuth2Client } from '../oauth2/oauth2-client.js';
import { fetchJsonWithToken } from '../oauth2/provider-http.js';
import { annotationResolver } from '../oauth2/resolvers.js';
import type { AuthProviderRegistration, ProviderAuthenticator, ProviderTokens } from '../types.js';

/**
 * Config of `auth.providers.bitbucket.<env>`: an OAuth consumer of a Bitbucket Cloud workspace.
 *
 * @example
 * bitbucketConfigSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export const bitbucketConfigSchema = z.looseObject({
  ...oauth2ConfigShape,
  userEmailsUrl: httpUrlSchema.optional().describe('Overrides the endpoint listing the user’s emails.'),
});

/**
 * The validated `auth.providers.bitbucket.<env>` block.
 *
 * @example
 * const config: BitbucketConfig = bitbucketConfigSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export type BitbucketConfig = z.infer<typeof bitbucketConfigSchema>;

/**
 * Signs in with Bitbucket Cloud (not Bitbucket Server). The consumer authenticates with
 * HTTP Basic at the token endpoint; access tokens expire after about two hours and are
 * refreshed with the refresh token. The email comes from `/2.0/user/emails` (primary,
 * confirmed). Bitbucket Cloud does not document PKCE, so none is sent.
 *
 * Resolvers: `usernameMatchingUserEntityAnnotation` (`bitbucket.org/username`),
 * `userIdMatchingUserEntityAnnotation` (`bitbucket.org/user-id`, the account `uuid`).
 *
 * @example
 * auth:
 *   providers:
 *     bitbucket:
 *       production:
 *         clientId: ${BITBUCKET_KEY}
 *         clientSecret: ${BITBUCKET_SECRET}
 *         signIn: { resolvers: [{ resolver: userIdMatchingUserEntityAnnotation }] }
 */
export const bitbucketAuthProvider: AuthProviderRegistration<BitbucketConfig> = {
  providerId: 'bitbucket',
  title: 'Bitbucket',
  configSchema: bitbucketConfigSchema,
  requiredScopes: ['account', 'email'],
  create: ({ config }) => createBitbucketAuthenticator(config),
  resolvers: {
    usernameMatchingUserEntityAnnotation: annotationResolver(
      'Bitbucket',
      'bitbucket.org/username',
      'username',
      (info) => info.profile.username,
    ),
    userIdMatchingUserEntityAnnotation: annotationResolver(
      'Bitbucket',
      'bitbucket.org/user-id',
      'user id',
      (info) => (typeof info.raw.uuid === 'string' ? info.raw.uuid : undefined),
    ),
  },
};

/**
 * Adds the Bitbucket Cloud sign-in provider to the auth plugin.
 *
 * @example
 * backend.add(authModuleBitbucketProvider);
 */
export const authModuleBitbucketProvider = createAuthProviderModule(bitbucketAuthProvider);

const emailsSchema = z.looseObject({
  values: z.array(
    z.looseObject({
      email: z.string(),
      is_primary: z.boolean().optional(),
      is_confirmed: z.boolean().optional(),
    }),
  ),
});

function createBitbucketAuthenticator(config: BitbucketConfig): ProviderAuthenticator {
  const client = new OAuth2Client({
    providerName: 'Bitbucket',
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorizationUrl: config.authorizationUrl ?? 'https://bitbucket.org/site/oauth2/authorize',
    tokenUrl: config.tokenUrl ?? 'https://bitbucket.org/site/oauth2/access_token',
    clientAuthentication: 'client_secret_basic',
    pkce: false,
  });
  const userInfoUrl = config.userInfoUrl ?? 'https://api.bitbucket.org/2.0/user';
  const userEmailsUrl = config.userEmailsUrl ?? 'https://api.bitbucket.org/2.0/user/emails';

  async function primaryEmail(tokens: ProviderTokens): Promise<string | undefined> {
    const step = 'fetching the user’s emails';
    const json = await fetchJsonWithToken({ provider: 'Bitbucket', step }, userEmailsUrl, tokens.accessToken);
    const parsed = emailsSchema.safeParse(json);
    if (!parsed.success) throw new BadGatewayError(`Bitbucket answered ${step} with an unexpected shape`);
    return parsed.data.values.find((e) => e.is_primary && e.is_confirmed)?.email;
  }

  return {
    authorizationUrl: (request) => client.authorizationUrl(request),
    exchangeCode: (request) => client.exchangeCode(request),
    refresh: ({ refreshToken }) => client.refresh(refreshToken),
    async fetchUserInfo(tokens) {
      const user = await fetchJsonWithToken(
        { provider: 'Bitbucket', step: 'fetching the user profile' },
        userInfoUrl,
        tokens.accessToken,
      );
      if (typeof user.uuid !== 'string' || !user.uuid) {
        throw new BadGatewayError('Bitbucket answered fetching the user profile without a uuid');
      }
      const username = typeof user.username === 'string' && user.username ? user.username : undefined;
      const displayName =
        typeof user.display_name === 'string' && user.display_name ? user.display_name : username;
      const links = user.links as { avatar?: { href?: unknown } } | undefined;
      const picture = typeof links?.avatar?.href === 'string' ? links.avatar.href : undefined;
      const email = await primaryEmail(tokens);
      return {
        profile: {
          ...(username ? { username } : {}),
          ...(displayName ? { displayName } : {}),
          ...(email ? { email } : {}),
          ...(picture ? { picture } : {}),
        },
        raw: user,
      };
    },
  };
}
