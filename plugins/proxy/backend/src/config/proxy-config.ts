import { DURATION_DESCRIPTION, durationSchema } from '@greenroom/config';
import { z } from 'zod';

/** HTTP methods an endpoint can allow. */
export const PROXY_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Who may call an endpoint, and whether their Greenroom credentials reach the target. */
export const proxyCredentialsSchema = z
  .enum(['require', 'forward', 'dangerously-allow-unauthenticated'])
  .describe(
    "'require' (default): callers need Greenroom credentials, which are not forwarded. " +
      "'forward': callers need credentials, and their Authorization header is forwarded. " +
      "'dangerously-allow-unauthenticated': anyone may call; the caller's Authorization header is forwarded only if listed in allowedHeaders.",
  );

// `/github`, `/jira/api`: plain path segments only, so a route can never reach another one.
const ROUTE_PATTERN = /^(\/[A-Za-z0-9._~-]+)+$/;

/** A route key under `proxy.endpoints`, e.g. `/github`. */
export const proxyRouteSchema = z
  .string()
  .regex(ROUTE_PATTERN, {
    message: "Use a path of plain segments starting with '/', such as '/github' or '/jira/api'",
  })
  .refine((route) => !route.split('/').some((segment) => segment === '.' || segment === '..'), {
    message: "A proxy route cannot contain '.' or '..' segments",
  });

const targetSchema = z
  .url({ protocol: /^https?$/, error: 'Use an http:// or https:// URL' })
  .refine((url) => !new URL(url).search && !new URL(url).hash, {
    message: 'A target cannot have a query or a fragment',
  })
  .refine((url) => !new URL(url).username && !new URL(url).password, {
    message: 'Put credentials in headers (e.g. Authorization), not in the target URL',
  })
  .describe('The upstream URL; the rest of the request path is appended to it.');

const pathRewriteSchema = z
  .record(z.string().refine(isRegExp, { message: 'Not a valid regular expression' }), z.string())
  .describe(
    "Rewrites of the full request path, tried in order: { '^/api/proxy/github/': '/' }. " +
      'Without it, the route prefix (/api/proxy/<route>) is removed.',
  );

const HEADERS_DESCRIPTION =
  'Headers added to every upstream request. Keep secrets in environment variables and substitute them (docs/config.md).';

/** One endpoint in its long form. */
export const proxyEndpointObjectSchema = z
  .object({
    target: targetSchema,
    pathRewrite: pathRewriteSchema.optional(),
    headers: z
      .record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'Not a valid header name'), z.string())
      .optional()
      .describe(HEADERS_DESCRIPTION)
      .meta({ visibility: 'secret' }),
    changeOrigin: z
      .boolean()
      .default(true)
      .describe('Send the target host as the Host header (default true).'),
    allowedMethods: z
      .array(
        z
          .string()
          .transform((method) => method.toUpperCase())
          .pipe(z.enum(PROXY_METHODS)),
      )
      .optional()
      .describe('Methods the endpoint accepts; others get 405. Default: all.'),
    allowedHeaders: z
      .array(z.string().transform((name) => name.toLowerCase()))
      .optional()
      .describe('Extra request and response headers passed through, beyond the safe default list.'),
    credentials: proxyCredentialsSchema.default('require'),
    timeout: durationSchema
      .prefault('30s')
      .describe(
        `How long to wait for the upstream to answer, and longest pause while streaming. ${DURATION_DESCRIPTION}`,
      ),
  })
  .strict();

/** An endpoint: a target URL, or the long form. */
export const proxyEndpointSchema = z.union([
  targetSchema.transform((target) => proxyEndpointObjectSchema.parse({ target })),
  proxyEndpointObjectSchema,
]);

export type ProxyEndpointConfig = z.output<typeof proxyEndpointObjectSchema>;

/** The `proxy` config block. Every endpoint is checked at startup, with file and line on errors. */
export const proxyBlockSchema = z
  .object({
    endpoints: z
      .record(proxyRouteSchema, proxyEndpointSchema)
      .default({})
      .describe('Upstreams by route: /api/proxy/<route>/… goes to the target.'),
  })
  .prefault({})
  .describe('The proxy: forwards /api/proxy/<route> to configured upstreams.');

/** The keys this plugin declares in app-config.yaml. */
export const proxyConfigSchema = z.object({ proxy: proxyBlockSchema });

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
