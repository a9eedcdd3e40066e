import type { Logger } from '@greenroom/backend-plugin-api';
import { BadGatewayError } from '@greenroom/errors';
import { z } from 'zod';
import { createAuthProviderModule } from '../../extension-points.js';
import { oauth2ConfigShape } from '../oauth2/config.js';
import { OAuth2Client } from '../oauth2/oauth2-client.js';
import { callProvider, fetchJsonWithToken } from '../oauth2/provider-http.js';
import { annotationResolver } from '../oauth2/resolvers.js';
import type { AuthProviderRegistration, ProviderAuthenticator, ProviderTokens } from '../types.js';

/**
 * Config of `auth.providers.microsoft.<env>`: an Entra ID (Azure AD) app registration.
 *
 * @example
 * microsoftConfigSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export const microsoftConfigSchema = z.looseObject({
  ...oauth2ConfigShape,
  tenantId: z
    .string()
    .regex(
      /^(?!\.+$)[\w.-]{1,256}$/,
      'must be a tenant id (GUID), a domain, or common/organizations/consumers',
    )
    .optional()
    .describe('Directory (tenant) id; default `common` (any work/school or personal account).'),
  domainHint: z
    .string()
    .max(256)
    .optional()
    .describe('Sent as `domain_hint` so users skip the account picker, usually the tenant id or domain.'),
});

/**
 * The validated `auth.providers.microsoft.<env>` block.
 *
 * @example
 * const config: MicrosoftConfig = microsoftConfigSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export type MicrosoftConfig = z.infer<typeof microsoftConfigSchema>;

/**
 * Signs in with Microsoft Entra ID through the v2.0 endpoints and Microsoft Graph
 * (`/me`, and the 48×48 photo as a data URL when there is one).
 *
 * Resolvers: `userIdMatchingUserEntityAnnotation` (`graph.microsoft.com/user-id`),
 * `emailMatchingUserEntityAnnotation` (`microsoft.com/email`).
 *
 * @example
 * auth:
 *   providers:
 *     microsoft:
 *       production:
 *         clientId: ${AZURE_CLIENT_ID}
 *         clientSecret: ${AZURE_CLIENT_SECRET}
 *         tenantId: ${AZURE_TENANT_ID}
 *         signIn: { resolvers: [{ resolver: userIdMatchingUserEntityAnnotation }] }
 */
export const microsoftAuthProvider: AuthProviderRegistration<MicrosoftConfig> = {
  providerId: 'microsoft',
  title: 'Microsoft',
  configSchema: microsoftConfigSchema,
  requiredScopes: ['openid', 'offline_access', 'profile', 'email', 'User.Read'],
  create: ({ config, logger }) => createMicrosoftAuthenticator(config, logger),
  resolvers: {
    userIdMatchingUserEntityAnnotation: annotationResolver(
      'Microsoft',
      'graph.microsoft.com/user-id',
      'user id',
      (info) => (typeof info.raw.id === 'string' ? info.raw.id : undefined),
    ),
    emailMatchingUserEntityAnnotation: annotationResolver(
      'Microsoft',
      'microsoft.com/email',
      'email',
      (info) => info.profile.email,
    ),
  },
};

/**
 * Adds the Microsoft sign-in provider to the auth plugin.
 *
 * @example
 * backend.add(authModuleMicrosoftProvider);
 */
export const authModuleMicrosoftProvider = createAuthProviderModule(microsoftAuthProvider);

const MAX_PHOTO_BYTES = 256 * 1024;

function createMicrosoftAuthenticator(config: MicrosoftConfig, logger: Logger): ProviderAuthenticator {
  const authority = `https://login.microsoftonline.com/${config.tenantId ?? 'common'}/oauth2/v2.0`;
  const client = new OAuth2Client({
    providerName: 'Microsoft',
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorizationUrl: config.authorizationUrl ?? `${authority}/authorize`,
    tokenUrl: config.tokenUrl ?? `${authority}/token`,
  });
  const userInfoUrl = config.userInfoUrl ?? 'https://graph.microsoft.com/v1.0/me';

  async function photo(tokens: ProviderTokens): Promise<string | undefined> {
    // The photo is a nicety: any failure leaves the profile without a picture.
    try {
      const response = await callProvider(
        { provider: 'Microsoft', step: 'fetching the user photo' },
        `${userInfoUrl}/photos/48x48/$value`,
        { headers: { authorization: `Bearer ${tokens.accessToken}` } },
      );
      const type = response.headers.get('content-type') ?? '';
      if (
        response.status !== 200 ||
        !/^image\/[\w.+-]+$/.test(type) ||
        response.body.byteLength > MAX_PHOTO_BYTES
      ) {
        return undefined;
      }
      return `data:${type};base64,${Buffer.from(response.body).toString('base64')}`;
    } catch (error) {
      logger.debug('Microsoft user photo not available', { reason: (error as Error).message });
      return undefined;
    }
  }

  return {
    authorizationUrl: (request) =>
      client.authorizationUrl(request, {
        nonce: request.nonce,
        response_mode: 'query',
        domain_hint: config.domainHint,
      }),
    exchangeCode: (request) => client.exchangeCode(request),
    // Entra ID wants the scopes again on refresh (they choose the resource of the new token).
    refresh: ({ refreshToken, scope }) => client.refresh(refreshToken, scope),
    async fetchUserInfo(tokens) {
      const user = await fetchJsonWithToken(
        { provider: 'Microsoft', step: 'fetching the user profile' },
        userInfoUrl,
        tokens.accessToken,
      );
      if (typeof user.id !== 'string' || !user.id) {
        throw new BadGatewayError('Microsoft answered fetching the user profile without an id');
      }
      const email = [user.mail, user.userPrincipalName].find(
        (v): v is string => typeof v === 'string' && v.length > 0,
      );
      const picture = await photo(tokens);
      return {
        profile: {
          ...(email ? { email } : {}),
          ...(typeof user.displayName === 'string' && user.displayName
            ? { displayName: user.displayName }
            : {}),
          ...(picture ? { picture } : {}),
        },
        raw: user,
      };
    },
  };
}
