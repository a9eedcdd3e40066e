import type {
  BackendFeature,
  BackendModule,
  BackendPlugin,
  ExtensionPoint,
  ServiceFactory,
  ServiceRef,
} from '@greenroom/backend-plugin-api';

/** What a plugin or module declared in its `register` call. */
export interface RegisteredInit {
  deps: Record<string, ServiceRef<unknown> | ExtensionPoint<unknown>>;
  init(deps: Record<string, unknown>): void | Promise<void>;
}

/** A plugin after registration, with its modules. */
export interface RegisteredPlugin {
  plugin: BackendPlugin;
  init: RegisteredInit;
  extensionPoints: Map<string, unknown>;
  modules: { module: BackendModule; init: RegisteredInit }[];
}

/** Thrown when features are added or registered the wrong way; the message names the feature. */
export class FeatureRegistrationError extends Error {
  override name = 'FeatureRegistrationError';
}

/**
 * Sorts added features into plugins, modules and service factories, and runs
 * every plugin's and module's `register` once, checking how they use it.
 */
export function registerFeatures(features: BackendFeature[]): {
  plugins: RegisteredPlugin[];
  serviceFactories: ServiceFactory[];
} {
  const plugins = new Map<string, BackendPlugin>();
  const modules: BackendModule[] = [];
  const serviceFactories: ServiceFactory[] = [];
  for (const feature of features) {
    if (feature.$$type === '@greenroom/ServiceFactory') {
      serviceFactories.push(feature);
    } else if (feature.$$type === '@greenroom/BackendFeature' && feature.kind === 'plugin') {
      if (plugins.has(feature.pluginId)) {
        throw new FeatureRegistrationError(`Plugin '${feature.pluginId}' was added twice`);
      }
      plugins.set(feature.pluginId, feature);
    } else if (feature.$$type === '@greenroom/BackendFeature' && feature.kind === 'module') {
      if (modules.some((m) => m.pluginId === feature.pluginId && m.moduleId === feature.moduleId)) {
        throw new FeatureRegistrationError(
          `Module '${feature.moduleId}' for plugin '${feature.pluginId}' was added twice`,
        );
      }
      modules.push(feature);
    } else {
      throw new FeatureRegistrationError(
        `backend.add() got something that is not a plugin, module or service factory: ${describe(feature)}`,
      );
    }
  }

  const registered = new Map<string, RegisteredPlugin>();
  for (const plugin of plugins.values()) {
    registered.set(plugin.pluginId, registerPlugin(plugin));
  }
  for (const module of modules) {
    const target = registered.get(module.pluginId);
    if (!target) {
      throw new FeatureRegistrationError(
        `Module '${module.moduleId}' extends plugin '${module.pluginId}', which is not installed. Add the plugin with backend.add(...) or remove the module`,
      );
    }
    const init = registerModule(module);
    for (const [name, dep] of Object.entries(init.deps)) {
      if (dep.$$type === '@greenroom/ExtensionPoint' && !target.extensionPoints.has(dep.id)) {
        throw new FeatureRegistrationError(
          `Module '${module.moduleId}' of plugin '${module.pluginId}' depends on extension point '${dep.id}' (as '${name}'), which plugin '${module.pluginId}' does not offer`,
        );
      }
    }
    target.modules.push({ module, init });
  }
  return { plugins: [...registered.values()], serviceFactories };
}

function registerPlugin(plugin: BackendPlugin): RegisteredPlugin {
  const where = `Plugin '${plugin.pluginId}'`;
  let open = true;
  let init: RegisteredInit | undefined;
  const extensionPoints = new Map<string, unknown>();
  plugin.register({
    registerExtensionPoint(ref, impl) {
      if (!open)
        throw new FeatureRegistrationError(
          `${where} registered extension point '${ref.id}' after its registration`,
        );
      if (extensionPoints.has(ref.id)) {
        throw new FeatureRegistrationError(`${where} registered extension point '${ref.id}' twice`);
      }
      extensionPoints.set(ref.id, impl);
    },
    registerInit(options) {
      if (!open) throw new FeatureRegistrationError(`${where} called registerInit after its registration`);
      if (init) throw new FeatureRegistrationError(`${where} called registerInit twice`);
      init = options as unknown as RegisteredInit;
    },
  });
  open = false;
  if (!init) throw new FeatureRegistrationError(`${where} did not call registerInit in register()`);
  for (const [name, dep] of Object.entries(init.deps)) {
    if (dep.$$type !== '@greenroom/ServiceRef') {
      throw new FeatureRegistrationError(
        `${where} lists '${name}' as a dependency, but only services can be plugin dependencies (extension points are for modules)`,
      );
    }
  }
  return { plugin, init, extensionPoints, modules: [] };
}

function registerModule(module: BackendModule): RegisteredInit {
  const where = `Module '${module.moduleId}' of plugin '${module.pluginId}'`;
  let open = true;
  let init: RegisteredInit | undefined;
  module.register({
    registerInit(options) {
      if (!open) throw new FeatureRegistrationError(`${where} called registerInit after its registration`);
      if (init) throw new FeatureRegistrationError(`${where} called registerInit twice`);
      init = options as unknown as RegisteredInit;
    },
  });
  open = false;
  if (!init) throw new FeatureRegistrationError(`${where} did not call registerInit in register()`);
  return init;
}

function describe(value: unknown): string {
  if (typeof value === 'function')
    return `a function (${value.name || 'anonymous'}); pass the feature value, not a factory to call`;
  try {
    return JSON.stringify(value)?.slice(0, 100) ?? String(value);
  } catch {
    return String(value);
  }
}
