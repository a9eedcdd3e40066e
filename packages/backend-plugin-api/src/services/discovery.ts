/**
 * Where plugins are reached. Internal URLs are for backend-to-backend calls;
 * external URLs are what browsers and other outside callers use.
 *
 * @example
 * const catalogUrl = await discovery.getBaseUrl('catalog'); // http://localhost:7007/api/catalog
 */
export interface DiscoveryService {
  getBaseUrl(pluginId: string): Promise<string>;
  getExternalBaseUrl(pluginId: string): Promise<string>;
}
