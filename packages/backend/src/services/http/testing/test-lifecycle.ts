import type { LifecycleHook, LifecycleHookOptions, RootLifecycle } from '@greenroom/backend-plugin-api';

/** A hook as recorded by {@link TestLifecycle}. */
export interface RecordedHook {
  hook: LifecycleHook;
  label: string;
}

/**
 * A root lifecycle for tests: it records hooks and lets the test run each phase (or
 * one hook at a time) in registration order, as the backend's wiring does for real.
 *
 * @example
 * const lifecycle = new TestLifecycle();
 * const router = await rootHttpRouterServiceFactory.factory({ ..., lifecycle }, undefined);
 * await lifecycle.startup();   // listens
 * await lifecycle.shutdown();  // before-shutdown hooks, then shutdown hooks
 */
export class TestLifecycle implements RootLifecycle {
  readonly startupHooks: RecordedHook[] = [];
  readonly beforeShutdownHooks: RecordedHook[] = [];
  readonly shutdownHooks: RecordedHook[] = [];

  addStartupHook(hook: LifecycleHook, options?: LifecycleHookOptions): void {
    this.startupHooks.push(record(hook, options));
  }
  addBeforeShutdownHook(hook: LifecycleHook, options?: LifecycleHookOptions): void {
    this.beforeShutdownHooks.push(record(hook, options));
  }
  addShutdownHook(hook: LifecycleHook, options?: LifecycleHookOptions): void {
    this.shutdownHooks.push(record(hook, options));
  }

  /** Runs the startup hooks in registration order. */
  async startup(): Promise<void> {
    for (const { hook } of this.startupHooks) await hook();
  }
  /** Runs the before-shutdown hooks, then the shutdown hooks, each in registration order. */
  async shutdown(): Promise<void> {
    for (const { hook } of this.beforeShutdownHooks) await hook();
    for (const { hook } of this.shutdownHooks) await hook();
  }
}

function record(hook: LifecycleHook, options?: LifecycleHookOptions): RecordedHook {
  return { hook, label: options?.label ?? hook.name };
}
