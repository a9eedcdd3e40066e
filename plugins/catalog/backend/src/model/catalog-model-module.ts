import { type BackendFeature, type BackendModule, createBackendModule } from '@greenroom/backend-plugin-api';
import { builtinModelFragment, type ModelFragment } from '@greenroom/catalog-model';
import { catalogModelExtensionPoint } from './catalog-model-extension-point.js';

/** Where a module made by {@link createCatalogModelModule} carries its fragments. */
const MODEL_FRAGMENTS = Symbol.for('@greenroom/catalog-model-fragments');

/** A catalog module made by {@link createCatalogModelModule}. */
export type CatalogModelModule = BackendModule & { readonly [MODEL_FRAGMENTS]: readonly ModelFragment[] };

/**
 * A catalog module that adds model fragments through `catalogModelExtensionPoint`, and
 * carries them on the (frozen) feature so offline tools such as `greenroom catalog validate`
 * see the same model as the running catalog, via {@link collectModelFragments}.
 *
 * @example
 * export const environmentsModule = createCatalogModelModule({
 *   moduleId: 'environments',
 *   fragments: [environmentFragment],
 * });
 */
export function createCatalogModelModule(options: {
  moduleId: string;
  fragments: readonly ModelFragment[];
}): CatalogModelModule {
  const fragments = Object.freeze([...options.fragments]);
  const module = createBackendModule({
    pluginId: 'catalog',
    moduleId: options.moduleId,
    register(reg) {
      reg.registerInit({
        deps: { model: catalogModelExtensionPoint },
        async init({ model }) {
          model.addModelFragment(...fragments);
        },
      });
    },
  });
  // Not enumerable: the feature reads like any other module when logged or compared.
  return Object.freeze(
    Object.defineProperty({ ...module }, MODEL_FRAGMENTS, { value: fragments, enumerable: false }),
  ) as CatalogModelModule;
}

/**
 * The model fragments an app's features declare, without starting them: the built-in model,
 * then the fragments of every module made by {@link createCatalogModelModule}, in feature
 * order — the same fragments, in the same order, as the running catalog compiles.
 *
 * @example
 * const model = compileModel(collectModelFragments(features));
 */
export function collectModelFragments(features: readonly BackendFeature[]): ModelFragment[] {
  const fragments: ModelFragment[] = [builtinModelFragment];
  for (const feature of features) {
    const carried = (feature as Partial<CatalogModelModule>)[MODEL_FRAGMENTS];
    if (carried) fragments.push(...carried);
  }
  return fragments;
}
