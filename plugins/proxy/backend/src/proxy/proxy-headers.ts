import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Request headers forwarded to every upstream (besides configured and allowed ones). */
export const SAFE_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-unmodified-since',
  'last-modified',
  'pragma',
  'range',
  'user-agent',
]);

/** Response headers passed back to every caller (besides allowed ones). */
export const SAFE_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'accept-ranges',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-length',
  'content-range',
  'content-type',
  'etag',
  'expires',
  'last-modified',
  'pragma',
  'retry-after',
  'vary',
]);

// Meaningful for one connection only (RFC 9110 §7.6.1); never forwarded, whatever the config says.
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * The headers of `incoming` whose (lowercase) names `isAllowed` accepts, without
 * hop-by-hop headers and without those the `Connection` header names.
 *
 * @example
 * pickHeaders(request.headers, (name) => SAFE_REQUEST_HEADERS.has(name));
 */
export function pickHeaders(
  incoming: IncomingHttpHeaders,
  isAllowed: (name: string) => boolean,
): OutgoingHttpHeaders {
  const connectionScoped = new Set(
    String(incoming.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const picked: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || connectionScoped.has(name)) continue;
    if (isAllowed(name)) picked[name] = value;
  }
  return picked;
}

/** Whether a header name is hop-by-hop (never forwarded). */
export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name.toLowerCase());
}
