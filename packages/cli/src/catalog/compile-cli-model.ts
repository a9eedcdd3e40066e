import { builtinModelFragment, type CatalogModel, compileModel } from '@greenroom/catalog-model';
import type { CliContext } from '../cli-command.js';

/**
 * The catalog model of the app the CLI was built for: its features' fragments, or the
 * built-in model alone. Fragments that disagree throw the `ConflictError` naming both
 * sources, which the CLI prints — the same error the catalog would stop startup with.
 *
 * @example
 * const model = compileCliModel(ctx);
 * model.validateEntity(entity);
 */
export function compileCliModel(ctx: CliContext): CatalogModel {
  return compileModel(ctx.modelFragments ?? [builtinModelFragment]);
}
