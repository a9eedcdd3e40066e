export { type CatalogModelExtension, catalogModelExtensionPoint } from './catalog-model-extension-point.js';
export {
  type CatalogModelModule,
  collectModelFragments,
  createCatalogModelModule,
} from './catalog-model-module.js';
export { ModelFragmentCollector } from './model-fragment-collector.js';
