/**
 * Where a backend plugin's HTTP API is.
 *
 * @example
 * await discovery.getBaseUrl('catalog'); // 'http://localhost:7007/api/catalog'
 */
export interface DiscoveryApi {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * Discovery for a portal whose backend serves the web app: `<origin>/api/<pluginId>`.
 *
 * @example
 * new SameOriginDiscoveryApi(window.location.origin);
 */
export class SameOriginDiscoveryApi implements DiscoveryApi {
  readonly #origin: string;

  constructor(origin: string) {
    this.#origin = origin.replace(/\/+$/, '');
  }

  async getBaseUrl(pluginId: string): Promise<string> {
    return `${this.#origin}/api/${encodeURIComponent(pluginId)}`;
  }
}
