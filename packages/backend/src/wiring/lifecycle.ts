import type {
  LifecycleHook,
  LifecycleHookOptions,
  Logger,
  RootLifecycle,
} from '@greenroom/backend-plugin-api';
import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';

interface Hook {
  fn: LifecycleHook;
  label: string;
}

type Phase = 'registering' | 'starting' | 'started' | 'stopping' | 'stopped';

/**
 * The backend's lifecycle. It is part of the wiring rather than a replaceable
 * service, because the backend itself drives it.
 *
 * Startup: plugin startup hooks (plugins in parallel, each plugin's hooks in order), then root
 * startup hooks in registration order (the HTTP server listens there).
 * Shutdown: before-shutdown hooks in order (readiness goes false, the HTTP server drains), then
 * plugin shutdown hooks (plugins in parallel), then root shutdown hooks in reverse registration
 * order (pools and clients close last). A failing shutdown hook is logged and the rest still run.
 */
export class BackendLifecycle implements RootLifecycle {
  readonly #startup: Hook[] = [];
  readonly #beforeShutdown: Hook[] = [];
  readonly #shutdown: Hook[] = [];
  readonly #pluginStartup = new Map<string, Hook[]>();
  readonly #pluginShutdown = new Map<string, Hook[]>();
  readonly #logger: () => Logger | undefined;
  #phase: Phase = 'registering';

  /** @param logger read lazily: the logger is itself a service built after the lifecycle */
  constructor(logger: () => Logger | undefined) {
    this.#logger = logger;
  }

  get phase(): Phase {
    return this.#phase;
  }

  addStartupHook(fn: LifecycleHook, options?: LifecycleHookOptions): void {
    this.#assertCanAddStartup('root');
    this.#startup.push({ fn, label: options?.label ?? 'root startup hook' });
  }

  addBeforeShutdownHook(fn: LifecycleHook, options?: LifecycleHookOptions): void {
    this.#beforeShutdown.push({ fn, label: options?.label ?? 'before-shutdown hook' });
  }

  addShutdownHook(fn: LifecycleHook, options?: LifecycleHookOptions): void {
    this.#shutdown.push({ fn, label: options?.label ?? 'root shutdown hook' });
  }

  /** The lifecycle a plugin sees: its hooks are kept apart and labelled with its id. */
  forPlugin(pluginId: string) {
    const add = (map: Map<string, Hook[]>, fn: LifecycleHook, label: string) => {
      const hooks = map.get(pluginId) ?? [];
      hooks.push({ fn, label: `${label} of plugin '${pluginId}'` });
      map.set(pluginId, hooks);
    };
    return {
      addStartupHook: (fn: LifecycleHook, options?: LifecycleHookOptions) => {
        this.#assertCanAddStartup(`plugin '${pluginId}'`);
        add(this.#pluginStartup, fn, options?.label ?? 'startup hook');
      },
      addShutdownHook: (fn: LifecycleHook, options?: LifecycleHookOptions) =>
        add(this.#pluginShutdown, fn, options?.label ?? 'shutdown hook'),
    };
  }

  /** Runs the startup hooks; a failing hook fails startup. */
  async startup(): Promise<void> {
    this.#phase = 'starting';
    await Promise.all(
      [...this.#pluginStartup.values()].map(async (hooks) => {
        for (const hook of hooks) await this.#run(hook, true);
      }),
    );
    for (const hook of this.#startup) await this.#run(hook, true);
    this.#phase = 'started';
  }

  /** Runs the shutdown phases once; later calls wait for the first. */
  async shutdown(): Promise<void> {
    if (this.#phase === 'stopping' || this.#phase === 'stopped') return;
    this.#phase = 'stopping';
    for (const hook of this.#beforeShutdown) await this.#run(hook, false);
    await Promise.all(
      [...this.#pluginShutdown.values()].map(async (hooks) => {
        for (const hook of hooks) await this.#run(hook, false);
      }),
    );
    for (const hook of [...this.#shutdown].reverse()) await this.#run(hook, false);
    this.#phase = 'stopped';
  }

  #assertCanAddStartup(owner: string) {
    if (this.#phase !== 'registering') {
      throw new Error(`A startup hook was added by ${owner} after the backend had started`);
    }
  }

  async #run(hook: Hook, rethrow: boolean) {
    try {
      await hook.fn();
    } catch (error) {
      if (rethrow) throw new Error(`The ${hook.label} failed: ${(error as Error).message}`, { cause: error });
      this.#logger()?.error(`The ${hook.label} failed`, error as Error);
    }
  }
}

/**
 * The factories for `coreServices.rootLifecycle` and `coreServices.lifecycle`, both
 * backed by the wiring's {@link BackendLifecycle}. Apps cannot replace them.
 */
export function lifecycleServiceFactories(lifecycle: BackendLifecycle) {
  return [
    createServiceFactory({
      service: coreServices.rootLifecycle,
      deps: {},
      factory: () => lifecycle,
    }),
    createServiceFactory({
      service: coreServices.lifecycle,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) => lifecycle.forPlugin(plugin.getId()),
    }),
  ];
}
