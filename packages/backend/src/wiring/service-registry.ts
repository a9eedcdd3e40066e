import type { ServiceFactory, ServiceRef } from '@greenroom/backend-plugin-api';
import { coreServices } from '@greenroom/backend-plugin-api';

/** Thrown when the services a plugin needs cannot be wired; the message names the plugin and the chain. */
export class ServiceWiringError extends Error {
  override name = 'ServiceWiringError';
}

const PLUGIN_METADATA_ID = coreServices.pluginMetadata.id;

/**
 * Holds the service factories of one backend and builds service instances on
 * demand: root services once, plugin services once per plugin. Dependencies are
 * checked up front by {@link ServiceRegistry.checkDependencies} so that a missing or
 * circular dependency fails startup with a readable chain instead of hanging.
 */
export class ServiceRegistry {
  readonly #factories = new Map<string, ServiceFactory>();
  readonly #rootInstances = new Map<string, Promise<unknown>>();
  readonly #rootContexts = new Map<string, Promise<unknown>>();
  readonly #pluginInstances = new Map<string, Map<string, Promise<unknown>>>();

  /**
   * @param defaults factories installed by `createBackend`
   * @param overrides factories the app added; each replaces the default for its ref
   */
  constructor(defaults: ServiceFactory[], overrides: ServiceFactory[]) {
    for (const factory of defaults) this.#factories.set(factory.service.id, factory);
    const seen = new Set<string>();
    for (const factory of overrides) {
      if (seen.has(factory.service.id)) {
        throw new ServiceWiringError(
          `Two service factories were added for '${factory.service.id}'; add only one`,
        );
      }
      seen.add(factory.service.id);
      this.#factories.set(factory.service.id, factory);
    }
  }

  /** The factory that builds `ref`, if any: the installed one, else the ref's own default. */
  factoryFor(ref: ServiceRef<unknown>): ServiceFactory | undefined {
    if (ref.id === PLUGIN_METADATA_ID) return undefined;
    return this.#factories.get(ref.id) ?? ref.defaultFactory;
  }

  /** Every installed root-scoped factory; the backend builds these eagerly. */
  rootFactories(): ServiceFactory[] {
    return [...this.#factories.values()].filter((f) => f.service.scope === 'root');
  }

  /**
   * Walks the dependency graph of `refs` and throws if a service has no factory,
   * a root service needs a plugin service, or services depend on each other in a circle.
   *
   * @param owner who needs these services, e.g. `plugin 'catalog'`
   */
  checkDependencies(owner: string, refs: ServiceRef<unknown>[]): void {
    const visit = (ref: ServiceRef<unknown>, chain: string[]) => {
      if (chain.includes(ref.id)) {
        throw new ServiceWiringError(
          `Circular service dependency for ${owner}: ${[...chain, ref.id].join(' → ')}`,
        );
      }
      if (ref.id === PLUGIN_METADATA_ID) return;
      const factory = this.factoryFor(ref);
      if (!factory) {
        const path = chain.length > 0 ? ` (via ${[...chain, ref.id].join(' → ')})` : '';
        throw new ServiceWiringError(
          `${capitalize(owner)} needs service '${ref.id}'${path}, but no implementation is installed. Add a service factory for it with backend.add(...)`,
        );
      }
      const next = [...chain, ref.id];
      for (const dep of [...Object.values(factory.deps), ...Object.values(factory.rootDeps)]) {
        if (factory.service.scope === 'root' && dep.scope !== 'root') {
          throw new ServiceWiringError(
            `Root service '${ref.id}' cannot depend on plugin service '${dep.id}' (needed by ${owner})`,
          );
        }
        visit(dep, next);
      }
    };
    for (const ref of refs) visit(ref, []);
  }

  /** The instance of `ref` for `pluginId` (root services ignore the plugin). */
  get<T>(ref: ServiceRef<T>, pluginId: string): Promise<T> {
    if (ref.id === PLUGIN_METADATA_ID) {
      return Promise.resolve(Object.freeze({ getId: () => pluginId }) as T);
    }
    const factory = this.factoryFor(ref);
    if (!factory) {
      return Promise.reject(new ServiceWiringError(`No implementation is installed for '${ref.id}'`));
    }
    if (ref.scope === 'root') return this.getRoot(ref);
    let instances = this.#pluginInstances.get(pluginId);
    if (!instances) {
      instances = new Map();
      this.#pluginInstances.set(pluginId, instances);
    }
    let instance = instances.get(ref.id);
    if (!instance) {
      instance = (async () => {
        const context = await this.#rootContext(factory);
        const deps = await this.#resolveAll(factory.deps, pluginId);
        return factory.factory(deps, context);
      })();
      instances.set(ref.id, instance);
    }
    return instance as Promise<T>;
  }

  /** The single instance of a root service. */
  getRoot<T>(ref: ServiceRef<T>): Promise<T> {
    let instance = this.#rootInstances.get(ref.id);
    if (!instance) {
      const factory = this.factoryFor(ref);
      if (!factory) {
        return Promise.reject(new ServiceWiringError(`No implementation is installed for '${ref.id}'`));
      }
      instance = (async () => factory.factory(await this.#resolveAll(factory.deps, 'root'), undefined))();
      this.#rootInstances.set(ref.id, instance);
    }
    return instance as Promise<T>;
  }

  /** Resolves a map of dependency refs for one plugin. */
  async resolveDeps(deps: Record<string, ServiceRef<unknown>>, pluginId: string) {
    return this.#resolveAll(deps, pluginId);
  }

  #rootContext(factory: ServiceFactory): Promise<unknown> {
    if (!factory.createRootContext) return Promise.resolve(undefined);
    let context = this.#rootContexts.get(factory.service.id);
    if (!context) {
      const create = factory.createRootContext.bind(factory);
      context = (async () => create(await this.#resolveAll(factory.rootDeps, 'root')))();
      this.#rootContexts.set(factory.service.id, context);
    }
    return context;
  }

  async #resolveAll(deps: Record<string, ServiceRef<unknown>>, pluginId: string) {
    const entries = await Promise.all(
      Object.entries(deps).map(async ([name, ref]) => [name, await this.get(ref, pluginId)] as const),
    );
    return Object.fromEntries(entries);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
