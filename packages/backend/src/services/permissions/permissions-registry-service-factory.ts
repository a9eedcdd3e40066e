import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { DefaultPermissionsRegistry } from './default-permissions-registry.js';
import { permissionWellKnownRoutes } from './well-known-routes.js';

/**
 * The default `coreServices.permissionsRegistry`: one registry per plugin that asks for
 * it, and that plugin's router serves `/.well-known/greenroom/permissions/metadata` and
 * `/.well-known/greenroom/permissions/apply-conditions` for the permission plugin.
 *
 * @example
 * reg.registerInit({
 *   deps: { registry: coreServices.permissionsRegistry },
 *   async init({ registry }) { registry.addPermissions([catalogLocationCreatePermission]); },
 * });
 */
export const permissionsRegistryServiceFactory = createServiceFactory({
  service: coreServices.permissionsRegistry,
  deps: {
    plugin: coreServices.pluginMetadata,
    http: coreServices.httpRouter,
    httpAuth: coreServices.httpAuth,
  },
  factory({ plugin, http, httpAuth }) {
    const registry = new DefaultPermissionsRegistry(plugin.getId());
    http.use(permissionWellKnownRoutes({ registry, httpAuth }));
    return registry;
  },
});
