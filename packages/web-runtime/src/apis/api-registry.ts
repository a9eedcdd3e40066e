import type { ApiFactory, ApiRef } from './api-ref.js';

/**
 * Builds APIs on first use from their factories, resolving dependencies and
 * reporting cycles and missing factories by API id.
 *
 * @example
 * const registry = new ApiRegistry([configFactory, fetchFactory]);
 * registry.get(fetchApiRef).fetch('/api/catalog/entities');
 */
export class ApiRegistry {
  readonly #factories = new Map<string, ApiFactory>();
  readonly #instances = new Map<string, unknown>();

  /** Later factories for the same API id replace earlier ones (app over plugin defaults). */
  constructor(factories: readonly ApiFactory<any, any>[]) {
    for (const factory of factories) this.#factories.set(factory.api.id, factory);
  }

  /** Whether a factory for the API is registered. */
  has(ref: ApiRef<unknown>): boolean {
    return this.#factories.has(ref.id);
  }

  /** The API's implementation; throws naming the API when no factory is registered. */
  get<T>(ref: ApiRef<T>): T {
    return this.#build(ref.id, []) as T;
  }

  #build(id: string, path: string[]): unknown {
    if (this.#instances.has(id)) return this.#instances.get(id);
    if (path.includes(id)) throw new Error(`API dependency cycle: ${[...path, id].join(' -> ')}`);
    const factory = this.#factories.get(id);
    if (!factory) {
      const via = path.length > 0 ? ` (needed by '${path.at(-1)}')` : '';
      throw new Error(`No implementation for API '${id}'${via}; add its factory to createApp({ apis })`);
    }
    const deps: Record<string, unknown> = {};
    for (const [name, dep] of Object.entries(factory.deps)) deps[name] = this.#build(dep.id, [...path, id]);
    const instance = factory.factory(deps as never);
    this.#instances.set(id, instance);
    return instance;
  }
}
