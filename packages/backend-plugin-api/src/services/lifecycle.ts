/** A hook run at startup or shutdown. Shutdown hooks may take time; they are awaited. */
export type LifecycleHook = () => void | Promise<void>;

/** Options for a hook; `label` names it in logs when it fails or hangs. */
export interface LifecycleHookOptions {
  label?: string;
}

/**
 * Startup hooks run once every plugin has initialised; shutdown hooks run when the
 * backend stops (on SIGTERM/SIGINT or `backend.stop()`), after the HTTP server has
 * stopped accepting and finished in-flight requests.
 *
 * @example
 * lifecycle.addShutdownHook(() => pool.end(), { label: 'close pool' });
 */
export interface Lifecycle {
  addStartupHook(hook: LifecycleHook, options?: LifecycleHookOptions): void;
  addShutdownHook(hook: LifecycleHook, options?: LifecycleHookOptions): void;
}

/** The root lifecycle also runs hooks before shutdown starts (e.g. mark readiness false). */
export interface RootLifecycle extends Lifecycle {
  addBeforeShutdownHook(hook: LifecycleHook, options?: LifecycleHookOptions): void;
}
