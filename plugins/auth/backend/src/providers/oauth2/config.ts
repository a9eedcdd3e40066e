import { z } from 'zod';

/**
 * An absolute http(s) URL in provider config (endpoint overrides, enterprise
 * instances). Trailing slashes are dropped so paths can be appended.
 *
 * @example
 * httpUrlSchema.parse('https://ghe.example.com/'); // 'https://ghe.example.com'
 */
export const httpUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL, e.g. https://example.com' })
  .max(2048)
  .transform((url) => url.replace(/\/+$/, ''));

/**
 * `additionalScopes` as a list or a space/comma separated string.
 *
 * @example
 * scopesSchema.parse(['user:email']);
 */
export const scopesSchema = z.union([z.string().max(2048), z.array(z.string().max(256)).max(100)]);

/**
 * Keys every OAuth 2.0 provider's config block has. Unknown keys (`signIn`, and
 * whatever the auth plugin reads itself) are passed through, not rejected: the
 * plugin validates those.
 *
 * @example
 * const schema = z.looseObject({ ...oauth2ConfigShape, tenantId: z.string().optional() });
 */
export const oauth2ConfigShape = {
  clientId: z.string().min(1).max(1024).describe('The OAuth client id registered at the provider.'),
  clientSecret: z
    .string()
    .min(1)
    .max(4096)
    .meta({ visibility: 'secret' })
    .describe('The OAuth client secret; keep it in an environment variable.'),
  callbackUrl: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
    .max(2048)
    .optional()
    .describe(
      'Callback URL registered at the provider; default <backend.baseUrl>/api/auth/<provider>/handler/frame.',
    ),
  additionalScopes: scopesSchema.optional().describe('Scopes requested besides the required ones.'),
  authorizationUrl: httpUrlSchema
    .optional()
    .describe('Overrides the authorization endpoint (proxies, self-hosted instances).'),
  tokenUrl: httpUrlSchema
    .optional()
    .describe('Overrides the token endpoint (proxies, self-hosted instances).'),
  userInfoUrl: httpUrlSchema
    .optional()
    .describe('Overrides the user profile endpoint (proxies, self-hosted instances).'),
};

/**
 * `revocationUrl`, for providers with an RFC 7009 token revocation endpoint (used at logout).
 *
 * @example
 * const schema = z.looseObject({ ...oauth2ConfigShape, ...revocationConfigShape });
 */
export const revocationConfigShape = {
  revocationUrl: httpUrlSchema
    .optional()
    .describe('Overrides the token revocation endpoint used at logout (proxies, self-hosted instances).'),
};
