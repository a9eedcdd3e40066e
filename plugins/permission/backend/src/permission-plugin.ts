import { coreServices, createBackendPlugin } from '@greenroom/backend-plugin-api';
import { Authorizer } from './authorize/authorizer.js';
import { type PermissionConfig, permissionConfigSchema } from './config.js';
import { permissionPolicyExtensionPoint } from './extension-points.js';
import { PermissionDirectory } from './metadata/permission-directory.js';
import { ServiceTokens } from './metadata/service-tokens.js';
import { permissionPluginPermissions } from './permissions.js';
import { allowAllPolicy, type PermissionPolicy } from './policy/permission-policy.js';
import { DatabaseRolesSource } from './roles/database-roles-source.js';
import { FileRolesSource } from './roles/file-roles-source.js';
import { RolesPolicy } from './roles/roles-policy.js';
import { ConfigRolesSource, type RolesSource } from './roles/roles-source.js';
import { authorizeRoutes } from './routes/authorize-routes.js';
import { rolesRoutes } from './routes/roles-routes.js';

const DOCS = 'docs/permissions.md';

/**
 * The permission plugin (id `permission`, `/api/permission`): answers `POST /authorize`
 * with the installed policy — a TypeScript policy set through
 * `permissionPolicyExtensionPoint`, the roles policy from `permission.policy`, or by
 * default allow-all for signed-in users — and serves the roles admin API.
 *
 * @example
 * backend.add(permissionPlugin);
 */
export const permissionPlugin = createBackendPlugin({
  pluginId: 'permission',
  configSchema: permissionConfigSchema,
  register(reg) {
    let modulePolicy: PermissionPolicy | undefined;
    reg.registerExtensionPoint(permissionPolicyExtensionPoint, {
      setPolicy(policy) {
        if (modulePolicy) {
          throw new Error(
            `Two permission policies were installed: '${policyName(modulePolicy)}' and '${policyName(policy)}'; ` +
              'install one (permissionPolicyExtensionPoint.setPolicy)',
          );
        }
        modulePolicy = policy;
      },
    });
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        http: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        userInfo: coreServices.userInfo,
        database: coreServices.database,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        registry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        logger,
        http,
        httpAuth,
        auth,
        discovery,
        userInfo,
        database,
        auditor,
        lifecycle,
        registry,
      }) {
        const settings: PermissionConfig = config.read('permission', permissionConfigSchema.shape.permission);
        registry.addPermissions(permissionPluginPermissions);
        if (!settings.enabled) {
          logger.warn(
            "The permission plugin is installed but 'permission.enabled' is not true: plugins allow everything " +
              `without asking it. Set 'permission.enabled: true' to use it (see ${DOCS})`,
          );
        }
        let policy: PermissionPolicy;
        let source: RolesSource | undefined;
        if (modulePolicy && settings.policy) {
          throw new Error(
            `Two permission policies were configured: '${policyName(modulePolicy)}' (a module) and ` +
              "'roles' (permission.policy in config); remove one",
          );
        } else if (modulePolicy) {
          policy = modulePolicy;
          logger.info(`Permission policy: '${policyName(modulePolicy)}' (TypeScript)`);
        } else if (settings.policy) {
          if (settings.policy.roles) {
            source = new ConfigRolesSource(settings.policy.roles);
          } else if (settings.policy.file) {
            const fileSource = await FileRolesSource.load({ path: settings.policy.file, logger, auditor });
            lifecycle.addShutdownHook(() => fileSource.close());
            source = fileSource;
          } else {
            const dbSource = await DatabaseRolesSource.create({ database, logger });
            lifecycle.addShutdownHook(() => dbSource.close());
            source = dbSource;
          }
          const rolesSource = source;
          policy = new RolesPolicy(() => rolesSource.current());
          logger.info(
            `Permission policy: roles from ${source.description} (${source.current().length} role(s))`,
          );
        } else {
          policy = allowAllPolicy;
          logger.info(
            `No permission policy configured: every signed-in user is allowed everything. Configure roles or a policy module (see ${DOCS})`,
          );
        }
        const tokens = new ServiceTokens(auth);
        const directory = new PermissionDirectory({
          auth,
          tokens,
          discovery,
          logger,
          ...(settings.pluginIds ? { extraPluginIds: settings.pluginIds } : {}),
        });
        const authorizer = new Authorizer({
          directory,
          getPolicy: () => policy,
          userInfo,
          tokens,
          discovery,
          logger,
        });
        http.use(authorizeRoutes({ authorizer, httpAuth }));
        http.use(rolesRoutes({ source, authorizer, httpAuth, auditor }));
      },
    });
  },
});

function policyName(policy: PermissionPolicy): string {
  return (
    policy.name ??
    (policy.constructor?.name && policy.constructor.name !== 'Object'
      ? policy.constructor.name
      : 'unnamed policy')
  );
}
