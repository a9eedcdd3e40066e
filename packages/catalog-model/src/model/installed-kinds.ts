import type { CompiledModel } from './compiled-model.js';

const cache = new WeakMap<CompiledModel, string>();

/**
 * The installed kinds for messages, kinds that share apiVersions grouped together:
 * `Component, API (backstage.io/v1alpha1, backstage.io/v1beta1); Template (scaffolder.backstage.io/v1beta3)`.
 *
 * @example
 * installedKindsText(compiled); // 'Component, API, … (backstage.io/v1alpha1, backstage.io/v1beta1); …'
 */
export function installedKindsText(model: CompiledModel): string {
  const cached = cache.get(model);
  if (cached !== undefined) return cached;
  const kindsByVersions = new Map<string, string[]>();
  for (const [kind, versions] of model.kindVersions) {
    const key = [...versions.keys()].join(', ');
    const kinds = kindsByVersions.get(key) ?? [];
    kinds.push(kind);
    kindsByVersions.set(key, kinds);
  }
  const text =
    [...kindsByVersions].map(([versions, kinds]) => `${kinds.join(', ')} (${versions})`).join('; ') || 'none';
  cache.set(model, text);
  return text;
}
