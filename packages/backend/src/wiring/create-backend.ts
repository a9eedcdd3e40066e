import type {
  BackendFeature,
  BackendFeatureInput,
  Logger,
  ServiceFactory,
  ServiceRef,
} from '@greenroom/backend-plugin-api';
import { coreServices } from '@greenroom/backend-plugin-api';
import { type RegisteredPlugin, registerFeatures } from './feature-registry.js';
import { BackendLifecycle, lifecycleServiceFactories } from './lifecycle.js';
import { ServiceRegistry, ServiceWiringError } from './service-registry.js';

/** A backend: add features, start it, stop it. */
export interface Backend {
  /** Adds a plugin, module or service factory (or a dynamic import of one). Only before `start`. */
  add(feature: BackendFeatureInput): void;
  /** Wires services, initialises every plugin, runs startup hooks; rejects with a message naming the culprit. */
  start(): Promise<void>;
  /** Stops gracefully: readiness off, in-flight requests finish, shutdown hooks run. Idempotent. */
  stop(): Promise<void>;
}

/** Options for {@link createBackendWith}. */
export interface CreateBackendOptions {
  /** The default service factories; `backend.add` of a factory replaces the default for its ref. */
  defaultServiceFactories: ServiceFactory[];
  /**
   * Called after the root config service is built and before anything else, with the
   * features that were added, e.g. to validate config against every installed schema.
   */
  onConfigLoaded?(context: { features: BackendFeature[]; registry: ServiceRegistry }): Promise<void>;
  /** Stop on SIGTERM/SIGINT and exit the process (default true). Tests turn it off. */
  handleSignals?: boolean;
}

const WIRING_OWNED = new Set([
  coreServices.rootLifecycle.id,
  coreServices.lifecycle.id,
  coreServices.pluginMetadata.id,
]);

/**
 * Creates a backend with the given default services. Most apps call `createBackend()`,
 * which passes Greenroom's default implementation of every core service.
 */
export function createBackendWith(options: CreateBackendOptions): Backend {
  const inputs: BackendFeatureInput[] = [];
  let starting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  let logger: Logger | undefined;
  const lifecycle = new BackendLifecycle(() => logger);
  const signals = new SignalHandler(
    () => backend.stop(),
    () => logger,
  );

  const start = async () => {
    const features = await Promise.all(inputs.map(unwrapFeature));
    const { plugins, serviceFactories } = registerFeatures(features);
    for (const factory of serviceFactories) {
      if (WIRING_OWNED.has(factory.service.id)) {
        throw new ServiceWiringError(
          `'${factory.service.id}' is provided by the backend itself and cannot be replaced`,
        );
      }
    }
    const registry = new ServiceRegistry(
      [...lifecycleServiceFactories(lifecycle), ...options.defaultServiceFactories],
      serviceFactories,
    );
    registry.checkDependencies(
      'the backend',
      registry.rootFactories().map((f) => f.service),
    );
    for (const { plugin, init, modules } of plugins) {
      registry.checkDependencies(`plugin '${plugin.pluginId}'`, serviceRefs(init.deps));
      for (const m of modules) {
        registry.checkDependencies(
          `module '${m.module.moduleId}' of plugin '${plugin.pluginId}'`,
          serviceRefs(m.init.deps),
        );
      }
    }

    await registry.getRoot(coreServices.rootConfig);
    await options.onConfigLoaded?.({ features, registry });
    await Promise.all(registry.rootFactories().map((f) => registry.getRoot(f.service)));
    logger = await registry.getRoot(coreServices.rootLogger);

    await Promise.all(plugins.map((plugin) => initPlugin(plugin, registry, logger!)));
    await lifecycle.startup();
  };

  const backend: Backend = {
    add(feature) {
      if (starting)
        throw new Error('backend.add() was called after backend.start(); add every feature before starting');
      inputs.push(feature);
    },
    start() {
      if (starting) return Promise.reject(new Error('backend.start() was called twice'));
      if (options.handleSignals ?? true) signals.install();
      starting = start().catch(async (error) => {
        await lifecycle.shutdown().catch(() => {});
        signals.uninstall();
        throw error;
      });
      return starting;
    },
    stop() {
      stopping ??= (async () => {
        await starting?.catch(() => {});
        await lifecycle.shutdown();
        signals.uninstall();
      })();
      return stopping;
    },
  };
  return backend;
}

async function initPlugin(registered: RegisteredPlugin, registry: ServiceRegistry, logger: Logger) {
  const { plugin, init, modules, extensionPoints } = registered;
  const started = performance.now();
  for (const { module, init: moduleInit } of modules) {
    try {
      const deps: Record<string, unknown> = {};
      for (const [name, dep] of Object.entries(moduleInit.deps)) {
        deps[name] =
          dep.$$type === '@greenroom/ExtensionPoint'
            ? extensionPoints.get(dep.id)
            : await registry.get(dep, plugin.pluginId);
      }
      await moduleInit.init(deps);
    } catch (error) {
      throw new Error(
        `Module '${module.moduleId}' of plugin '${plugin.pluginId}' failed to initialize: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  try {
    const deps = await registry.resolveDeps(
      init.deps as Record<string, ServiceRef<unknown>>,
      plugin.pluginId,
    );
    await init.init(deps);
  } catch (error) {
    throw new Error(`Plugin '${plugin.pluginId}' failed to initialize: ${(error as Error).message}`, {
      cause: error,
    });
  }
  logger.debug(`Plugin '${plugin.pluginId}' initialized`, {
    plugin: plugin.pluginId,
    modules: modules.map((m) => m.module.moduleId),
    durationMs: Math.round(performance.now() - started),
  });
}

function serviceRefs(deps: RegisteredPlugin['init']['deps']): ServiceRef<unknown>[] {
  return Object.values(deps).filter((d): d is ServiceRef<unknown> => d.$$type === '@greenroom/ServiceRef');
}

async function unwrapFeature(input: BackendFeatureInput): Promise<BackendFeature> {
  const value: unknown = await input;
  if (value && typeof value === 'object' && !('$$type' in value) && 'default' in value) {
    return (value as { default: BackendFeature }).default;
  }
  return value as BackendFeature;
}

/** Stops the backend on SIGTERM/SIGINT, then exits: 0 after a clean stop, 1 otherwise. */
class SignalHandler {
  readonly #stop: () => Promise<void>;
  readonly #logger: () => Logger | undefined;
  #installed = false;
  #signalled = false;

  constructor(stop: () => Promise<void>, logger: () => Logger | undefined) {
    this.#stop = stop;
    this.#logger = logger;
  }

  readonly #onSignal = (signal: NodeJS.Signals) => {
    if (this.#signalled) {
      this.#logger()?.warn(`Received ${signal} again; exiting now`);
      process.exit(1);
    }
    this.#signalled = true;
    this.#logger()?.info(`Received ${signal}; shutting down`);
    this.#stop().then(
      () => process.exit(0),
      (error) => {
        this.#logger()?.error('Shutdown failed', error as Error);
        process.exit(1);
      },
    );
  };

  install() {
    if (this.#installed) return;
    this.#installed = true;
    process.on('SIGTERM', this.#onSignal);
    process.on('SIGINT', this.#onSignal);
  }

  uninstall() {
    if (!this.#installed) return;
    this.#installed = false;
    process.off('SIGTERM', this.#onSignal);
    process.off('SIGINT', this.#onSignal);
  }
}
