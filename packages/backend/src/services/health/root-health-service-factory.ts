import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { DefaultRootHealthService } from './root-health.js';

/**
 * The default `coreServices.rootHealth`. Readiness turns to 503 in a before-shutdown
 * hook; this factory is a dependency of the root HTTP router, so that hook is
 * registered, and runs, before the router's own before-shutdown hook drains the server.
 *
 * Readiness turns ok in a root startup hook that the root HTTP router registers right
 * after its listen hook (`markStarted`), so it never reports ready before the port is
 * open and every plugin's startup hook has run. Registering that hook here would put it
 * before the listen hook, because this service is built before the router.
 *
 * @example
 * backend.add(rootHealthServiceFactory);
 */
export const rootHealthServiceFactory = createServiceFactory({
  service: coreServices.rootHealth,
  deps: { lifecycle: coreServices.rootLifecycle },
  factory({ lifecycle }) {
    const health = new DefaultRootHealthService();
    lifecycle.addBeforeShutdownHook(() => health.markShuttingDown(), { label: 'rootHealth: readiness off' });
    return health;
  },
});
