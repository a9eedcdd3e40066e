import type { FastifyCorsOptions } from '@fastify/cors';
import { z } from 'zod';

const stringOrList = z.union([z.string(), z.array(z.string())]);

/**
 * The schema of `backend.cors`. Leave it out and the backend sends no CORS headers.
 * Origins may use `*` as a wildcard within a host name or port, e.g.
 * `https://*.example.com` or `http://localhost:*`; a lone `*` allows every origin.
 *
 * @example
 * corsConfigSchema.parse({ origin: ['https://portal.example.com', 'https://*.preview.example.com'] });
 */
export const corsConfigSchema = z
  .object({
    origin: stringOrList.describe(
      "Allowed origins, e.g. 'https://portal.example.com'; '*' is a wildcard (https://*.example.com)",
    ),
    methods: stringOrList
      .optional()
      .describe('Allowed methods (default GET, HEAD, PUT, PATCH, POST, DELETE)'),
    credentials: z.boolean().optional().describe('Whether browsers may send cookies and credentials'),
    allowedHeaders: stringOrList
      .optional()
      .describe('Request headers browsers may send (default: those the preflight asks for)'),
    exposedHeaders: stringOrList.optional().describe('Response headers scripts may read'),
    maxAge: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('How long, in seconds, browsers may cache a preflight answer'),
  })
  .optional()
  .describe('Cross-origin resource sharing; no CORS headers are sent when this is not set');

/** The parsed value of `backend.cors`. */
export type CorsConfig = NonNullable<z.output<typeof corsConfigSchema>>;

/**
 * Whether an `Origin` header value matches one of the configured patterns.
 *
 * @example
 * const allowed = createOriginMatcher(['https://*.example.com']);
 * allowed('https://docs.example.com'); // true
 * allowed('https://example.org');      // false
 */
export function createOriginMatcher(patterns: readonly string[]): (origin: string) => boolean {
  const regexes = patterns.map(
    (pattern) =>
      new RegExp(
        pattern === '*'
          ? '^.*$'
          : `^${pattern
              .split('*')
              .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
              .join('[^/]*')}$`,
        'i',
      ),
  );
  return (origin) => /^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(origin) && regexes.some((re) => re.test(origin));
}

/**
 * Turns `backend.cors` into options for `@fastify/cors`. A request from an origin
 * that is not allowed is still served, but gets no `Access-Control-Allow-*` headers,
 * so the browser refuses to hand the answer to the calling page.
 *
 * @example
 * await server.register(fastifyCors, toFastifyCorsOptions(config.read('backend.cors', corsConfigSchema)!));
 */
export function toFastifyCorsOptions(cors: CorsConfig): FastifyCorsOptions {
  const allowed = createOriginMatcher(typeof cors.origin === 'string' ? [cors.origin] : cors.origin);
  return {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed(origin)),
    ...(cors.methods !== undefined ? { methods: cors.methods } : {}),
    ...(cors.credentials !== undefined ? { credentials: cors.credentials } : {}),
    ...(cors.allowedHeaders !== undefined ? { allowedHeaders: cors.allowedHeaders } : {}),
    ...(cors.exposedHeaders !== undefined ? { exposedHeaders: cors.exposedHeaders } : {}),
    ...(cors.maxAge !== undefined ? { maxAge: cors.maxAge } : {}),
  };
}
