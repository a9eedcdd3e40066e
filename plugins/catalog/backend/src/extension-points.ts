import { createExtensionPoint } from '@greenroom/backend-plugin-api';
import type { CatalogProcessor } from './processing/catalog-processor.js';
import type { EntityProvider } from './providers/entity-provider.js';

/** What modules can add to catalog processing. */
export interface CatalogProcessingExtension {
  /** Adds processors; names must be unique across all modules. */
  addProcessor(...processors: CatalogProcessor[]): void;
  /** Adds entity providers; names must be unique across all modules. */
  addEntityProvider(...providers: EntityProvider[]): void;
}

/**
 * Lets modules add processors and entity providers to the catalog.
 *
 * @example
 * createBackendModule({
 *   pluginId: 'catalog',
 *   moduleId: 'hr-directory',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { processing: catalogProcessingExtensionPoint },
 *       async init({ processing }) { processing.addEntityProvider(new HrDirectoryProvider()); },
 *     });
 *   },
 * });
 */
export const catalogProcessingExtensionPoint = createExtensionPoint<CatalogProcessingExtension>({
  id: 'catalog.processing',
});

/** What modules can change about locations registered through the API. */
export interface CatalogLocationsExtension {
  /** The location types `POST /locations` accepts (default `['url']`). */
  setAllowedLocationTypes(types: string[]): void;
}

/**
 * Lets modules change which location types may be registered through the API.
 *
 * @example
 * reg.registerInit({ deps: { locations: catalogLocationsExtensionPoint }, async init({ locations }) { locations.setAllowedLocationTypes(['url', 'file']); } });
 */
export const catalogLocationsExtensionPoint = createExtensionPoint<CatalogLocationsExtension>({
  id: 'catalog.locations',
});
