import type { IdentityApi } from './identity-api.js';

/**
 * `fetch` for plugin clients.
 *
 * @example
 * const response = await fetchApi.fetch(`${baseUrl}/entities/by-query`);
 */
export interface FetchApi {
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
}

/**
 * A {@link FetchApi} that adds `Authorization: Bearer <user token>` to requests
 * for the portal's own origin (never to other hosts, so the token cannot leak).
 *
 * @example
 * new IdentityFetchApi({ identityApi, origin: window.location.origin });
 */
export class IdentityFetchApi implements FetchApi {
  readonly #identityApi: Pick<IdentityApi, 'getCredentials'>;
  readonly #origin: string;
  readonly #fetch: typeof fetch;

  constructor(options: {
    identityApi: Pick<IdentityApi, 'getCredentials'>;
    origin: string;
    fetch?: typeof fetch;
  }) {
    this.#identityApi = options.identityApi;
    this.#origin = new URL(options.origin).origin;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async fetch(input: string | URL, init?: RequestInit): Promise<Response> {
    const url = new URL(input, this.#origin);
    const headers = new Headers(init?.headers);
    if (url.origin === this.#origin && !headers.has('authorization')) {
      const { token } = await this.#identityApi.getCredentials();
      if (token) headers.set('authorization', `Bearer ${token}`);
    }
    return this.#fetch(url, { ...init, headers });
  }
}
