import type { ReadingAllowEntry } from './url-reader-config.js';

/**
 * Decides which URLs may be read, from `backend.reading.allow`. Hosts are compared
 * with the URL's host including a non-default port; `*.example.com` matches any
 * subdomain but not `example.com` itself. Path prefixes match whole segments of the
 * normalised, decoded path, and paths that still hold `.`/`..` segments or
 * backslashes after decoding (encoded traversal tricks) are refused.
 *
 * @example
 * const allowList = new ReadingAllowList([{ host: 'example.com', paths: ['/catalog/'] }]);
 * allowList.allows(new URL('https://example.com/catalog/a.yaml')); // true
 * allowList.allows(new URL('https://example.com/catalog/%2e%2e/secret')); // false
 */
export class ReadingAllowList {
  readonly #entries: readonly ReadingAllowEntry[];

  constructor(entries: readonly ReadingAllowEntry[]) {
    this.#entries = entries.map((entry) => ({ ...entry, host: entry.host.toLowerCase() }));
  }

  allows(url: URL): boolean {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (url.username || url.password) return false;
    return this.#entries.some(
      (entry) => hostMatches(entry.host, url.host) && pathMatches(entry.paths, url.pathname),
    );
  }
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return host === pattern;
}

function pathMatches(prefixes: readonly string[] | undefined, pathname: string): boolean {
  if (!prefixes) return true;
  const path = decodePath(pathname);
  if (path === undefined) return false;
  return prefixes.some((prefix) => {
    if (prefix.endsWith('/')) return path.startsWith(prefix);
    return path === prefix || path.startsWith(`${prefix}/`);
  });
}

/** The decoded path, or undefined when decoding reveals a traversal attempt. */
function decodePath(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return undefined;
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '.' || segment === '..')) return undefined;
  return decoded;
}
