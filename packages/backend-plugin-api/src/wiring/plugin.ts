import type { z } from 'zod';
import type { ExtensionPoint } from './extension-point.js';
import type { ResolvedDeps, ServiceRef } from './service-ref.js';

/** Plugin ids are lowercase words joined by dashes, e.g. `catalog` or `tech-insights`. */
export const PLUGIN_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** What a plugin may do while it registers. */
export interface PluginRegistrationPoints {
  /** Offers an extension point to this plugin's modules. Only allowed before `registerInit`. */
  registerExtensionPoint<T>(ref: ExtensionPoint<T>, impl: T): void;
  /** Declares the plugin's dependencies and its init; exactly once per plugin. */
  registerInit<TDeps extends Record<string, ServiceRef<unknown>>>(options: {
    deps: TDeps;
    init(deps: ResolvedDeps<TDeps>): void | Promise<void>;
  }): void;
}

/** Resolves both services and extension points. */
export type ResolvedModuleDeps<TDeps> = {
  [K in keyof TDeps]: TDeps[K] extends ServiceRef<infer T, any>
    ? T
    : TDeps[K] extends ExtensionPoint<infer E>
      ? E
      : never;
};

/** What a module may do while it registers. */
export interface ModuleRegistrationPoints {
  /** Declares the module's dependencies (services and its plugin's extension points) and its init. */
  registerInit<TDeps extends Record<string, ServiceRef<unknown> | ExtensionPoint<unknown>>>(options: {
    deps: TDeps;
    init(deps: ResolvedModuleDeps<TDeps>): void | Promise<void>;
  }): void;
}

/**
 * A config schema contributed by a feature: a zod schema for the *whole* config
 * document, in which the feature declares just the keys it reads. Mark values with
 * `.meta({ visibility: 'frontend' })` or `.meta({ visibility: 'secret' })`.
 */
export type ConfigSchema = z.ZodType;

/** A backend plugin: a value to pass to `backend.add`. */
export interface BackendPlugin {
  readonly $$type: '@greenroom/BackendFeature';
  readonly kind: 'plugin';
  readonly pluginId: string;
  readonly configSchema?: ConfigSchema;
  readonly register: (reg: PluginRegistrationPoints) => void;
}

/** A backend module: extends one plugin and initialises before it. */
export interface BackendModule {
  readonly $$type: '@greenroom/BackendFeature';
  readonly kind: 'module';
  readonly pluginId: string;
  readonly moduleId: string;
  readonly configSchema?: ConfigSchema;
  readonly register: (reg: ModuleRegistrationPoints) => void;
}

/**
 * Creates a backend plugin. Its routes live under `/api/<pluginId>`.
 *
 * @example
 * export const helloPlugin = createBackendPlugin({
 *   pluginId: 'hello',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { http: coreServices.httpRouter },
 *       async init({ http }) {
 *         http.use(async (app) => {
 *           app.get('/greeting', async () => ({ hello: 'world' }));
 *         });
 *       },
 *     });
 *   },
 * });
 */
export function createBackendPlugin(options: {
  pluginId: string;
  configSchema?: ConfigSchema;
  register(reg: PluginRegistrationPoints): void;
}): BackendPlugin {
  if (!PLUGIN_ID_PATTERN.test(options.pluginId)) {
    throw new Error(
      `Invalid plugin id '${options.pluginId}': use lowercase letters and digits joined by dashes, e.g. 'tech-insights'`,
    );
  }
  return Object.freeze({
    $$type: '@greenroom/BackendFeature' as const,
    kind: 'plugin' as const,
    pluginId: options.pluginId,
    ...(options.configSchema ? { configSchema: options.configSchema } : {}),
    register: options.register,
  });
}

/**
 * Creates a module that extends the plugin `pluginId`, usually through one of its
 * extension points.
 *
 * @example
 * export const catalogModuleExample = createBackendModule({
 *   pluginId: 'catalog',
 *   moduleId: 'example-provider',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { providers: catalogProvidersExtensionPoint },
 *       async init({ providers }) { providers.addEntityProvider(new ExampleProvider()); },
 *     });
 *   },
 * });
 */
export function createBackendModule(options: {
  pluginId: string;
  moduleId: string;
  configSchema?: ConfigSchema;
  register(reg: ModuleRegistrationPoints): void;
}): BackendModule {
  if (!PLUGIN_ID_PATTERN.test(options.pluginId)) {
    throw new Error(`Invalid plugin id '${options.pluginId}' for module '${options.moduleId}'`);
  }
  if (!PLUGIN_ID_PATTERN.test(options.moduleId)) {
    throw new Error(
      `Invalid module id '${options.moduleId}': use lowercase letters and digits joined by dashes`,
    );
  }
  return Object.freeze({
    $$type: '@greenroom/BackendFeature' as const,
    kind: 'module' as const,
    pluginId: options.pluginId,
    moduleId: options.moduleId,
    ...(options.configSchema ? { configSchema: options.configSchema } : {}),
    register: options.register,
  });
}
