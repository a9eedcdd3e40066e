import { createApiRef } from './api-ref.js';
import type { ConfigApi } from './config-api.js';
import type { DiscoveryApi } from './discovery-api.js';
import type { FetchApi } from './fetch-api.js';
import type { IdentityApi } from './identity-api.js';

/**
 * The frontend config (only keys marked `visibility: 'frontend'`).
 *
 * @example
 * useApi(configApiRef).getOptionalString('app.title');
 */
export const configApiRef = createApiRef<ConfigApi>({ id: 'core.config' });

/**
 * Where each backend plugin's API lives (`/api/<pluginId>`).
 *
 * @example
 * await useApi(discoveryApiRef).getBaseUrl('catalog');
 */
export const discoveryApiRef = createApiRef<DiscoveryApi>({ id: 'core.discovery' });

/**
 * The signed-in user's session: sign in, credentials, profile, sign out.
 *
 * @example
 * const { token } = await useApi(identityApiRef).getCredentials();
 */
export const identityApiRef = createApiRef<IdentityApi>({ id: 'core.identity' });

/**
 * `fetch` that sends the user's token to the portal's own backend.
 *
 * @example
 * await useApi(fetchApiRef).fetch('/api/catalog/entities/by-query?limit=20');
 */
export const fetchApiRef = createApiRef<FetchApi>({ id: 'core.fetch' });
