import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { createHealthRoutes, DefaultRootHealthService, HEALTH_ROUTES_PREFIX } from '../health/index.js';
import { readRootHttpRouterSettings } from './http-server-config.js';
import { DefaultRootHttpRouter } from './root-http-router.js';

/**
 * The default `coreServices.rootHttpRouter`: one Fastify server for the backend,
 * configured from `backend.listen`, `backend.cors`, `backend.http` and `backend.lifecycle`.
 *
 * Hook order (root hooks run in registration order, after the plugins' startup hooks):
 * - startup: `listen` (every plugin has added its routes by now), then readiness turns
 *   ok (only for the default health service; another one manages its own readiness).
 * - before-shutdown: the health service was built first (it is a dependency), so its
 *   hook turns readiness to 503 first; then this router waits
 *   `backend.lifecycle.serverShutdownDelay`, stops accepting and drains in-flight requests.
 *
 * @example
 * backend.add(rootHttpRouterServiceFactory);
 */
export const rootHttpRouterServiceFactory = createServiceFactory({
  service: coreServices.rootHttpRouter,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
    lifecycle: coreServices.rootLifecycle,
    health: coreServices.rootHealth,
  },
  factory({ config, logger, lifecycle, health }) {
    const router = new DefaultRootHttpRouter({
      settings: readRootHttpRouterSettings(config),
      logger: logger.child({ service: 'rootHttpRouter' }),
      exposeInternalErrors: process.env.NODE_ENV === 'development',
    });
    router.use(HEALTH_ROUTES_PREFIX, createHealthRoutes(health));
    lifecycle.addStartupHook(async () => void (await router.listen()), { label: 'rootHttpRouter: listen' });
    if (health instanceof DefaultRootHealthService) {
      lifecycle.addStartupHook(() => health.markStarted(), { label: 'rootHealth: ready' });
    }
    lifecycle.addBeforeShutdownHook(() => router.stop(), { label: 'rootHttpRouter: drain and close' });
    return router;
  },
});
