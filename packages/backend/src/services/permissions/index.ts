export { DefaultPermissionsRegistry } from './default-permissions-registry.js';
export {
  DefaultPermissionsService,
  type DefaultPermissionsServiceOptions,
  PERMISSION_PLUGIN_ID,
} from './default-permissions-service.js';
export { permissionsServiceConfigSchema } from './permissions-config.js';
export { permissionsRegistryServiceFactory } from './permissions-registry-service-factory.js';
export { permissionsServiceFactory } from './permissions-service-factory.js';
export { permissionWellKnownRoutes } from './well-known-routes.js';
