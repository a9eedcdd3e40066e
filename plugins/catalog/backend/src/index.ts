export type { EntityHistoryPage } from './api/history/entity-history.js';
export { type CatalogConfig, catalogConfigSchema } from './config/catalog-config.js';
export {
  type CatalogLocationsExtension,
  type CatalogProcessingExtension,
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from './extension-points.js';
export type { Location } from './locations/location-entity.js';
export * from './model/index.js';
export type {
  CatalogProcessor,
  DeferredEntity,
  ProcessingEmitter,
  ProcessorCache,
  ProcessorContext,
} from './processing/catalog-processor.js';
export type {
  EntityProvider,
  EntityProviderConnection,
  EntityProviderMutation,
  ProvidedEntity,
} from './providers/entity-provider.js';
export { catalogPlugin } from './service/catalog-plugin.js';
