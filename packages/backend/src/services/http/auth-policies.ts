import type { HttpAuthPolicy } from '@greenroom/backend-plugin-api';

/**
 * The auth policies of one plugin router. A policy path is matched against the
 * request path (relative to `/api/<pluginId>`) as a prefix on whole segments:
 * `/static` covers `/static` and `/static/logo.png` but not `/statistics`; `/` covers
 * the whole plugin; a `:name` segment matches any one segment (`/entities/:id/badge`).
 *
 * @example
 * const policies = new AuthPolicies();
 * policies.add({ path: '/static', allow: 'unauthenticated' });
 * policies.match('/static/logo.png'); // 'unauthenticated'
 * policies.match('/entities');        // undefined: credentials required
 */
export class AuthPolicies {
  readonly #policies: { segments: string[]; allow: HttpAuthPolicy['allow'] }[] = [];

  /** Records a policy; throws a `TypeError` naming the problem when it is malformed. */
  add(policy: HttpAuthPolicy): void {
    if (policy.allow !== 'unauthenticated' && policy.allow !== 'user-cookie') {
      throw new TypeError(
        `Invalid auth policy allow '${String(policy.allow)}' for '${policy.path}': use 'unauthenticated' or 'user-cookie'`,
      );
    }
    if (typeof policy.path !== 'string' || !/^\/[^?#*\s]*$/.test(policy.path)) {
      throw new TypeError(
        `Invalid auth policy path '${String(policy.path)}': use a path relative to the plugin that starts with '/', ` +
          "such as '/' (the whole plugin) or '/static'",
      );
    }
    this.#policies.push({ segments: segmentsOf(policy.path), allow: policy.allow });
  }

  /**
   * The most permissive policy covering `path`: `'unauthenticated'` before
   * `'user-cookie'`; `undefined` when none does (credentials required).
   */
  match(path: string): HttpAuthPolicy['allow'] | undefined {
    const segments = segmentsOf(path);
    let found: HttpAuthPolicy['allow'] | undefined;
    for (const policy of this.#policies) {
      if (!covers(policy.segments, segments)) continue;
      if (policy.allow === 'unauthenticated') return 'unauthenticated';
      found = policy.allow;
    }
    return found;
  }
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment, i, all) => !(segment === '' && (i === 0 || i === all.length - 1)));
}

function covers(prefix: string[], path: string[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((segment, i) =>
    segment.startsWith(':') && segment.length > 1 ? path[i] !== '' : segment === path[i],
  );
}
