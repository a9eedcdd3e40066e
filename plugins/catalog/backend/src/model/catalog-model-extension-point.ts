import { createExtensionPoint } from '@greenroom/backend-plugin-api';
import type { ModelFragment } from '@greenroom/catalog-model';

/** What modules can add to the catalog's entity model. */
export interface CatalogModelExtension {
  /**
   * Adds kinds, relations, relation fields, annotations or labels. Declarations must agree
   * with the built-in model and with every other module's; the catalog refuses to start
   * otherwise, naming both sources.
   */
  addModelFragment(...fragments: ModelFragment[]): void;
}

/**
 * Lets modules extend the entity model the catalog validates against. Prefer
 * `createCatalogModelModule`, which also lets `greenroom catalog validate` and
 * `greenroom catalog schema` see the fragments without starting a backend.
 *
 * @example
 * createBackendModule({
 *   pluginId: 'catalog',
 *   moduleId: 'environments',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { model: catalogModelExtensionPoint },
 *       async init({ model }) { model.addModelFragment(environmentFragment); },
 *     });
 *   },
 * });
 */
export const catalogModelExtensionPoint = createExtensionPoint<CatalogModelExtension>({
  id: 'catalog.model',
});
