import type { DiscoveryService } from '@greenroom/backend-plugin-api';
import { PLUGIN_ID_PATTERN } from '@greenroom/backend-plugin-api';
import { InputError } from '@greenroom/errors';
import { type DiscoveryConfig, fillTarget } from './discovery-config.js';

/** Options for {@link HostDiscovery}. */
export interface HostDiscoveryOptions {
  /** This backend's URL for calls from the same network, e.g. `http://localhost:7007`; read per call. */
  internalBaseUrl(): string;
  /** This backend's external URL (`backend.baseUrl`), without a trailing slash. */
  externalBaseUrl: string;
  /** Overrides from `discovery.endpoints`. */
  endpoints?: DiscoveryConfig['endpoints'];
}

/**
 * Discovery for a backend that serves its plugins itself, with per-plugin overrides:
 * `getBaseUrl('catalog')` is `<internal>/api/catalog`, `getExternalBaseUrl('catalog')`
 * is `<backend.baseUrl>/api/catalog`, unless a `discovery.endpoints` entry lists the plugin.
 *
 * @example
 * const discovery = new HostDiscovery({
 *   internalBaseUrl: () => 'http://localhost:7007',
 *   externalBaseUrl: 'https://portal.example.com',
 * });
 * await discovery.getExternalBaseUrl('catalog'); // 'https://portal.example.com/api/catalog'
 */
export class HostDiscovery implements DiscoveryService {
  readonly #options: HostDiscoveryOptions;

  constructor(options: HostDiscoveryOptions) {
    this.#options = options;
  }

  async getBaseUrl(pluginId: string): Promise<string> {
    const target = this.#target(pluginId);
    const override = typeof target === 'string' ? target : target?.internal;
    if (override !== undefined) return fillTarget(override, pluginId);
    return `${this.#options.internalBaseUrl()}/api/${pluginId}`;
  }

  async getExternalBaseUrl(pluginId: string): Promise<string> {
    const target = this.#target(pluginId);
    const override = typeof target === 'string' ? target : target?.external;
    if (override !== undefined) return fillTarget(override, pluginId);
    return `${this.#options.externalBaseUrl}/api/${pluginId}`;
  }

  #target(pluginId: string): DiscoveryConfig['endpoints'][number]['target'] | undefined {
    if (!PLUGIN_ID_PATTERN.test(pluginId)) {
      throw new InputError(
        `Invalid plugin id '${pluginId}': use lowercase words joined by dashes, e.g. 'catalog'`,
      );
    }
    return this.#options.endpoints?.find((endpoint) => endpoint.plugins.includes(pluginId))?.target;
  }
}
