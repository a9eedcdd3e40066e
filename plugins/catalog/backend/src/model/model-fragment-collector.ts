import {
  builtinModelFragment,
  type CatalogModel,
  compileModel,
  type ModelFragment,
} from '@greenroom/catalog-model';
import type { CatalogModelExtension } from './catalog-model-extension-point.js';

/**
 * The catalog plugin's side of `catalogModelExtensionPoint`: collects the fragments modules
 * add during their init and compiles them, after the built-in model, into the model the
 * catalog validates against. Adding once the model is compiled is a mistake and throws.
 *
 * @example
 * const collector = new ModelFragmentCollector();
 * reg.registerExtensionPoint(catalogModelExtensionPoint, collector);
 * reg.registerInit({ deps: {}, async init() {
 *   const model = collector.compile(); // a ConflictError naming both sources stops startup
 * } });
 */
export class ModelFragmentCollector implements CatalogModelExtension {
  readonly #fragments: ModelFragment[] = [];
  #compiled: CatalogModel | undefined;

  addModelFragment(...fragments: ModelFragment[]): void {
    if (this.#compiled) {
      const sources = fragments.map((fragment) => `"${fragment.source}"`).join(', ');
      throw new Error(
        `Model fragment ${sources} was added after the catalog compiled its model; add fragments in a catalog module's init`,
      );
    }
    this.#fragments.push(...fragments);
  }

  /** The fragments added so far, built-in model first. */
  fragments(): ModelFragment[] {
    return [builtinModelFragment, ...this.#fragments];
  }

  /**
   * Compiles the built-in model and every added fragment, once; later calls return the same
   * model. Throws the `ConflictError` (or `InputError`) of `compileModel` when fragments
   * disagree or are malformed.
   */
  compile(): CatalogModel {
    this.#compiled ??= compileModel(this.fragments());
    return this.#compiled;
  }
}
