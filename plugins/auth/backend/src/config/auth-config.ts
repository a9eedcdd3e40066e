import { DURATION_DESCRIPTION, durationSchema } from '@greenroom/config';
import { z } from 'zod';

const MINUTE = 60_000;

/** One entry of `signIn.resolvers`: a resolver name plus that resolver's own options. */
export const signInResolverEntrySchema = z.looseObject({
  resolver: z
    .string()
    .min(1)
    .max(200)
    .describe('The name of a sign-in resolver, e.g. emailMatchingUserEntityProfileEmail.'),
  dangerouslyAllowSignInWithoutUserInCatalog: z
    .boolean()
    .optional()
    .describe(
      'Sign the person in even when no User entity matches (as user:default/<name derived by the resolver>). Only for trying things out.',
    ),
});

/**
 * The keys the auth plugin reads from every OAuth provider's environment block
 * (`auth.providers.<id>.<env>`); the provider's own schema validates the rest.
 */
export const providerCommonConfigSchema = z.looseObject({
  callbackUrl: z
    .url()
    .max(2048)
    .optional()
    .describe(
      'Where the identity provider sends the browser back; default <backend.baseUrl>/api/auth/<id>/handler/frame.',
    ),
  additionalScopes: z
    .union([z.string().max(2000), z.array(z.string().min(1).max(200)).max(100)])
    .optional()
    .describe(
      'Scopes requested besides the provider’s required ones (a space/comma separated string or a list).',
    ),
  signIn: z
    .object({
      resolvers: z
        .array(signInResolverEntrySchema)
        .min(1)
        .max(20)
        .describe('Sign-in resolvers, tried in order; the first that finds the user wins.'),
    })
    .optional()
    .describe(
      'How a signed-in identity is matched to a User entity. Default: emailMatchingUserEntityProfileEmail.',
    ),
});

/** The `auth` block of app-config.yaml. */
export const authBlockSchema = z
  .object({
    environment: z
      .string()
      .min(1)
      .max(64)
      .default('development')
      .describe('Which environment block of each provider is used (auth.providers.<id>.<environment>).'),
    backstageTokenExpiration: durationSchema
      .prefault('1h')
      .refine((ms) => ms >= MINUTE && ms <= 24 * 60 * MINUTE, 'must be between 1 minute and 24 hours')
      .describe(`How long a Greenroom user token is valid. ${DURATION_DESCRIPTION}`),
    keyLifetime: durationSchema
      .prefault('1h')
      .refine((ms) => ms >= MINUTE, 'must be at least 1 minute')
      .describe(
        `How long one signing key of an instance is used before a new one is generated; public keys stay published for three times this (at least until the last token signed with them expired). ${DURATION_DESCRIPTION}`,
      ),
    session: z
      .object({
        expiration: durationSchema
          .prefault('30d')
          .refine((ms) => ms >= 5 * MINUTE, 'must be at least 5 minutes')
          .describe(
            `How long a sign-in session (its refresh cookie) lasts without being used. ${DURATION_DESCRIPTION}`,
          ),
        secret: z
          .string()
          .min(32)
          .max(1024)
          .optional()
          .meta({ visibility: 'secret' })
          .describe(
            'When set (32+ characters), the identity provider tokens kept with each session are encrypted with a key derived from it (AES-256-GCM). Without it they are stored as received.',
          ),
      })
      .prefault({})
      .describe('Sign-in sessions.'),
    allowedOrigins: z
      .array(z.url().max(2048))
      .max(50)
      .default([])
      .describe(
        'Web app origins allowed to start a sign-in besides app.baseUrl’s origin (e.g. a dev server at http://localhost:3000).',
      ),
    ownership: z
      .object({
        includeParentGroups: z
          .boolean()
          .default(false)
          .describe('Also count the parent groups (walking childOf) of the user’s groups as owned.'),
      })
      .prefault({})
      .describe('What counts as owned by a signed-in user.'),
    providers: z
      .record(z.string().max(64), z.unknown())
      .default({})
      .describe(
        'Sign-in providers: auth.providers.<providerId>.<environment>.{clientId, clientSecret, …}; the guest provider is auth.providers.guest.',
      ),
  })
  .prefault({})
  .describe('Sign-in and user identity (the auth plugin).');

/** The config keys the auth plugin reads, for `greenroom config schema` and validation. */
export const authConfigSchema = z.object({ auth: authBlockSchema });

/** The `auth` block as read. */
export type AuthConfig = z.output<typeof authBlockSchema>;
/** One resolver entry as read. */
export type SignInResolverEntry = z.output<typeof signInResolverEntrySchema>;

/** Scopes from config or a request: space or comma separated text, or a list. */
export function splitScopes(scopes: string | readonly string[] | undefined): string[] {
  if (scopes === undefined) return [];
  const parts = typeof scopes === 'string' ? scopes.split(/[\s,]+/) : scopes;
  return parts.map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * Scopes in a stable order without duplicates: required first, then configured, then asked for.
 *
 * @example
 * mergeScopes(['openid'], ['email', 'openid']); // ['openid', 'email']
 */
export function mergeScopes(...lists: ReadonlyArray<readonly string[]>): string[] {
  return [...new Set(lists.flat())];
}
