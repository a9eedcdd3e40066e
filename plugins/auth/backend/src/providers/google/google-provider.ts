import { BadGatewayError } from '@greenroom/errors';
import { z } from 'zod';
import { createAuthProviderModule } from '../../extension-points.js';
import { oauth2ConfigShape, revocationConfigShape } from '../oauth2/config.js';
import { OAuth2Client } from '../oauth2/oauth2-client.js';
import { fetchJsonWithToken } from '../oauth2/provider-http.js';
import { annotationResolver } from '../oauth2/resolvers.js';
import type { AuthProviderRegistration, ProviderAuthenticator } from '../types.js';

/**
 * Config of `auth.providers.google.<env>`: a Google OAuth client of type "Web application".
 *
 * @example
 * googleConfigSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export const googleConfigSchema = z.looseObject({ ...oauth2ConfigShape, ...revocationConfigShape });

/**
 * The validated `auth.providers.google.<env>` block.
 *
 * @example
 * const config: GoogleConfig = googleConfigSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export type GoogleConfig = z.infer<typeof googleConfigSchema>;

/**
 * Signs in with Google. Asks for offline access so Google issues a refresh token
 * (Google keeps the same refresh token on refresh); the profile comes from Google's
 * OpenID Connect userinfo endpoint, and only a verified email is used. Logout revokes
 * the grant.
 *
 * Resolvers: `emailMatchingUserEntityAnnotation` (`google.com/email`).
 *
 * @example
 * auth:
 *   providers:
 *     google:
 *       production:
 *         clientId: ${GOOGLE_CLIENT_ID}
 *         clientSecret: ${GOOGLE_CLIENT_SECRET}
 *         signIn: { resolvers: [{ resolver: emailMatchingUserEntityAnnotation }] }
 */
export const googleAuthProvider: AuthProviderRegistration<GoogleConfig> = {
  providerId: 'google',
  title: 'Google',
  configSchema: googleConfigSchema,
  requiredScopes: ['openid', 'email', 'profile'],
  create: ({ config }) => createGoogleAuthenticator(config),
  resolvers: {
    emailMatchingUserEntityAnnotation: annotationResolver(
      'Google',
      'google.com/email',
      'verified email',
      (info) => info.profile.email,
    ),
  },
};

/**
 * Adds the Google sign-in provider to the auth plugin.
 *
 * @example
 * backend.add(authModuleGoogleProvider);
 */
export const authModuleGoogleProvider = createAuthProviderModule(googleAuthProvider);

function createGoogleAuthenticator(config: GoogleConfig): ProviderAuthenticator {
  const client = new OAuth2Client({
    providerName: 'Google',
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorizationUrl: config.authorizationUrl ?? 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: config.tokenUrl ?? 'https://oauth2.googleapis.com/token',
  });
  const userInfoUrl = config.userInfoUrl ?? 'https://openidconnect.googleapis.com/v1/userinfo';
  const revocationUrl = config.revocationUrl ?? 'https://oauth2.googleapis.com/revoke';
  return {
    authorizationUrl: (request) =>
      client.authorizationUrl(request, {
        nonce: request.nonce,
        access_type: 'offline',
        include_granted_scopes: 'true',
      }),
    exchangeCode: (request) => client.exchangeCode(request),
    refresh: ({ refreshToken }) => client.refresh(refreshToken),
    revoke: (tokens) => client.revoke(revocationUrl, tokens),
    async fetchUserInfo(tokens) {
      const claims = await fetchJsonWithToken(
        { provider: 'Google', step: 'fetching the user profile' },
        userInfoUrl,
        tokens.accessToken,
      );
      if (typeof claims.sub !== 'string' || !claims.sub) {
        throw new BadGatewayError('Google answered fetching the user profile without a subject (sub)');
      }
      const email =
        typeof claims.email === 'string' && claims.email_verified === true ? claims.email : undefined;
      const name = typeof claims.name === 'string' && claims.name ? claims.name : undefined;
      return {
        profile: {
          ...(email ? { email } : {}),
          ...(name || email ? { displayName: name ?? email } : {}),
          ...(typeof claims.picture === 'string' ? { picture: claims.picture } : {}),
        },
        raw: claims,
      };
    },
  };
}
