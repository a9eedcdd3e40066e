import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { InputError } from '@greenroom/errors';
import type { ProxyEndpointConfig } from '../config/proxy-config.js';
import { isHopByHop, pickHeaders, SAFE_REQUEST_HEADERS, SAFE_RESPONSE_HEADERS } from './proxy-headers.js';

/**
 * One configured upstream, ready to forward: where a request path goes and which
 * headers pass in each direction.
 *
 * @example
 * const endpoint = new ProxyEndpoint('/github', { target: 'https://api.github.com', ... }, '/api/proxy');
 * endpoint.upstreamUrl('/api/proxy/github/repos/a?page=2'); // URL https://api.github.com/repos/a?page=2
 */
export class ProxyEndpoint {
  readonly route: string;
  readonly config: ProxyEndpointConfig;
  readonly #routePrefix: string;
  readonly #target: URL;
  readonly #rewrites: { pattern: RegExp; replacement: string }[] | undefined;
  readonly #requestHeaders: ReadonlySet<string>;
  readonly #responseHeaders: ReadonlySet<string>;
  readonly #addedHeaders: OutgoingHttpHeaders;

  constructor(route: string, config: ProxyEndpointConfig, basePath: string) {
    this.route = route;
    this.config = config;
    this.#routePrefix = `${basePath}${route}`;
    this.#target = new URL(config.target);
    this.#rewrites = config.pathRewrite
      ? Object.entries(config.pathRewrite).map(([pattern, replacement]) => ({
          pattern: new RegExp(pattern),
          replacement,
        }))
      : undefined;
    const allowed = config.allowedHeaders ?? [];
    const added = Object.keys(config.headers ?? {}).map((name) => name.toLowerCase());
    this.#requestHeaders = new Set([...SAFE_REQUEST_HEADERS, ...allowed, ...added]);
    this.#responseHeaders = new Set([...SAFE_RESPONSE_HEADERS, ...allowed]);
    this.#addedHeaders = Object.fromEntries(
      Object.entries(config.headers ?? {})
        .filter(([name]) => !isHopByHop(name))
        .map(([name, value]) => [name.toLowerCase(), value]),
    );
  }

  /** Whether the endpoint accepts `method` (all methods unless `allowedMethods` says otherwise). */
  allowsMethod(method: string): boolean {
    const allowed = this.config.allowedMethods;
    return !allowed || (allowed as string[]).includes(method.toUpperCase());
  }

  /**
   * Where a request goes. `originalUrl` is the path and query as received (origin-form).
   * Throws `InputError` for `.`/`..` segments (also percent-encoded) and for rewrites
   * that would leave the target's origin or path.
   */
  upstreamUrl(originalUrl: string): URL {
    const queryAt = originalUrl.indexOf('?');
    const path = queryAt === -1 ? originalUrl : originalUrl.slice(0, queryAt);
    const query = queryAt === -1 ? '' : originalUrl.slice(queryAt);
    if (hasDotSegment(path)) {
      throw new InputError("Proxy paths cannot contain '.' or '..' segments");
    }
    let rest: string;
    if (this.#rewrites) {
      rest = path;
      for (const { pattern, replacement } of this.#rewrites) {
        if (pattern.test(rest)) {
          rest = rest.replace(pattern, replacement);
          break;
        }
      }
    } else {
      rest = path.slice(this.#routePrefix.length);
    }
    if (rest !== '' && !rest.startsWith('/')) rest = `/${rest}`;
    const base = this.#target.pathname.replace(/\/$/, '');
    const url = new URL(this.#target.origin);
    url.pathname = `${base}${rest}` || '/';
    url.search = query;
    // Rewrites are config, but a path that escapes the target would make this an open proxy.
    if (url.origin !== this.#target.origin || hasDotSegment(url.pathname) || !url.pathname.startsWith(base)) {
      throw new InputError('The proxied path leaves the configured target');
    }
    return url;
  }

  /** The headers sent upstream: allowed ones of the caller, then the configured ones. */
  requestHeaders(
    incoming: IncomingHttpHeaders,
    options: { forwardAuthorization: boolean },
  ): OutgoingHttpHeaders {
    const headers = pickHeaders(incoming, (name) =>
      name === 'authorization' ? options.forwardAuthorization : this.#requestHeaders.has(name),
    );
    headers.host = this.config.changeOrigin ? this.#target.host : incoming.host;
    return { ...headers, ...this.#addedHeaders };
  }

  /** The upstream's response headers the caller may see. */
  responseHeaders(incoming: IncomingHttpHeaders): OutgoingHttpHeaders {
    return pickHeaders(incoming, (name) => this.#responseHeaders.has(name));
  }
}

function hasDotSegment(path: string): boolean {
  return path.split('/').some((segment) => {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // Malformed escapes are the upstream's business; only dot segments matter here.
    }
    // `%2F` is legitimate (GitLab project paths), but not as a way to smuggle `..` in.
    return decoded.split(/[\\/]/).some((part) => part === '.' || part === '..');
  });
}
