import { BadGatewayError } from '@greenroom/errors';
import { z } from 'zod';
import { createAuthProviderModule } from '../../extension-points.js';
import { httpUrlSchema, oauth2ConfigShape } from '../oauth2/config.js';
import { OAuth2Client } from '../oauth2/oauth2-client.js';
import { callProvider, fetchJsonWithToken, type ProviderCall, parseJson } from '../oauth2/provider-http.js';
import { annotationResolver } from '../oauth2/resolvers.js';
import type {
  AuthProviderRegistration,
  ProviderAuthenticator,
  ProviderTokens,
  ProviderUserInfo,
} from '../types.js';

/**
 * Config of `auth.providers.github.<env>`: an OAuth app or GitHub App on github.com or
 * on GitHub Enterprise Server (`enterpriseInstanceUrl`).
 *
 * @example
 * githubConfigSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export const githubConfigSchema = z.looseObject({
  ...oauth2ConfigShape,
  enterpriseInstanceUrl: httpUrlSchema
    .optional()
    .describe('Base URL of a GitHub Enterprise Server, e.g. https://ghe.example.com; default github.com.'),
  userEmailsUrl: httpUrlSchema
    .optional()
    .describe('Overrides the endpoint listing the user’s emails (used when the public email is hidden).'),
});

/**
 * The validated `auth.providers.github.<env>` block.
 *
 * @example
 * const config: GithubConfig = githubConfigSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export type GithubConfig = z.infer<typeof githubConfigSchema>;

const GITHUB_API_HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };

/**
 * Signs in with GitHub (github.com or Enterprise Server). OAuth apps issue no refresh
 * token, so the plugin keeps those sessions on its own; GitHub Apps with expiring user
 * tokens do, and `refresh` uses it. When the user hides their email, it is read from
 * `/user/emails` (needs the `user:email` scope in `additionalScopes`).
 *
 * Resolvers besides the common ones (whose `usernameMatchingUserEntityName` matches the
 * login): `usernameMatchingUserEntityAnnotation` (`github.com/user-login`),
 * `userIdMatchingUserEntityAnnotation` (`github.com/user-id`).
 *
 * @example
 * auth:
 *   providers:
 *     github:
 *       development:
 *         clientId: ${GITHUB_CLIENT_ID}
 *         clientSecret: ${GITHUB_CLIENT_SECRET}
 *         signIn: { resolvers: [{ resolver: usernameMatchingUserEntityName }] }
 */
export const githubAuthProvider: AuthProviderRegistration<GithubConfig> = {
  providerId: 'github',
  title: 'GitHub',
  configSchema: githubConfigSchema,
  requiredScopes: ['read:user'],
  scopeSeparator: ' ',
  create: ({ config }) => createGithubAuthenticator(config),
  resolvers: {
    usernameMatchingUserEntityAnnotation: annotationResolver(
      'GitHub',
      'github.com/user-login',
      'login',
      (info) => info.profile.username,
    ),
    userIdMatchingUserEntityAnnotation: annotationResolver(
      'GitHub',
      'github.com/user-id',
      'user id',
      (info) =>
        typeof info.raw.id === 'number' || typeof info.raw.id === 'string' ? info.raw.id : undefined,
    ),
  },
};

/**
 * Adds the GitHub sign-in provider to the auth plugin.
 *
 * @example
 * backend.add(authModuleGithubProvider);
 */
export const authModuleGithubProvider = createAuthProviderModule(githubAuthProvider);

function createGithubAuthenticator(config: GithubConfig): ProviderAuthenticator {
  const web = config.enterpriseInstanceUrl ?? 'https://github.com';
  const api = config.enterpriseInstanceUrl
    ? `${config.enterpriseInstanceUrl}/api/v3`
    : 'https://api.github.com';
  const client = new OAuth2Client({
    providerName: 'GitHub',
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorizationUrl: config.authorizationUrl ?? `${web}/login/oauth/authorize`,
    tokenUrl: config.tokenUrl ?? `${web}/login/oauth/access_token`,
  });
  const userInfoUrl = config.userInfoUrl ?? `${api}/user`;
  const userEmailsUrl = config.userEmailsUrl ?? `${api}/user/emails`;

  return {
    authorizationUrl: (request) =>
      // GitHub has no response_type and no prompt; `allow_signup` is left at its default.
      client.authorizationUrl(request, { response_type: undefined }),
    exchangeCode: (request) => client.exchangeCode(request),
    refresh: ({ refreshToken }) => client.refresh(refreshToken),
    async fetchUserInfo(tokens: ProviderTokens): Promise<ProviderUserInfo> {
      const call: ProviderCall = { provider: 'GitHub', step: 'fetching the user profile' };
      const user = await fetchJsonWithToken(call, userInfoUrl, tokens.accessToken, GITHUB_API_HEADERS);
      if (typeof user.login !== 'string' || !user.login) {
        throw new BadGatewayError('GitHub answered fetching the user profile without a login');
      }
      const email =
        typeof user.email === 'string' && user.email ? user.email : await primaryEmail(userEmailsUrl, tokens);
      return {
        profile: {
          username: user.login,
          displayName: typeof user.name === 'string' && user.name ? user.name : user.login,
          ...(email ? { email } : {}),
          ...(typeof user.avatar_url === 'string' ? { picture: user.avatar_url } : {}),
        },
        raw: user,
      };
    },
  };
}

/** The primary verified email, or undefined when the token may not list emails. */
async function primaryEmail(url: string, tokens: ProviderTokens): Promise<string | undefined> {
  const call: ProviderCall = { provider: 'GitHub', step: 'fetching the user’s emails' };
  const response = await callProvider(call, url, {
    headers: {
      ...GITHUB_API_HEADERS,
      'user-agent': 'Greenroom',
      authorization: `Bearer ${tokens.accessToken}`,
    },
  });
  // Without the user:email scope GitHub answers 403/404: the profile simply has no email.
  if (response.status === 403 || response.status === 404) return undefined;
  if (response.status !== 200) {
    throw new BadGatewayError(`GitHub answered HTTP ${response.status} while ${call.step}`);
  }
  const list = parseJson(call, response);
  const emails = z
    .array(
      z.looseObject({ email: z.string(), primary: z.boolean().optional(), verified: z.boolean().optional() }),
    )
    .safeParse(list);
  if (!emails.success) {
    throw new BadGatewayError(`GitHub answered ${call.step} with an unexpected shape`);
  }
  return emails.data.find((e) => e.primary && e.verified)?.email;
}
