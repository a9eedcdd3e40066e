import type { FastifyPluginAsync, RootHealthService } from '@greenroom/backend-plugin-api';

/** Where the root router mounts {@link createHealthRoutes}. */
export const HEALTH_ROUTES_PREFIX = '/.backstage/health/v1';

/**
 * Routes `GET /liveness` and `GET /readiness` answering with the health service's
 * status and JSON body; public, never cached. Mounted at `/.backstage/health/v1`.
 *
 * @example
 * rootHttpRouter.use(HEALTH_ROUTES_PREFIX, createHealthRoutes(health));
 * // GET /.backstage/health/v1/readiness → 503 {"status":"error","message":"Backend is starting"}
 */
export function createHealthRoutes(health: RootHealthService): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    app.get('/liveness', async (_request, reply) => {
      const { status, payload } = await health.getLiveness();
      return reply.code(status).send(payload);
    });
    app.get('/readiness', async (_request, reply) => {
      const { status, payload } = await health.getReadiness();
      return reply.code(status).send(payload);
    });
  };
}
