export { createHealthRoutes, HEALTH_ROUTES_PREFIX } from './health-routes.js';
export { DefaultRootHealthService } from './root-health.js';
export { rootHealthServiceFactory } from './root-health-service-factory.js';
