export { Authorizer, type AuthorizerOptions } from './authorize/authorizer.js';
export { type PermissionConfig, permissionConfigSchema, rolesPolicyConfigSchema } from './config.js';
export { type PermissionPolicyExtension, permissionPolicyExtensionPoint } from './extension-points.js';
export { type DeclaredPermission, PermissionDirectory } from './metadata/permission-directory.js';
export { permissionPlugin } from './permission-plugin.js';
export {
  permissionPluginPermissions,
  permissionPolicyReadPermission,
  permissionPolicyUpdatePermission,
} from './permissions.js';
export {
  allowAllPolicy,
  type PermissionPolicy,
  type PolicyQuery,
  type PolicyResult,
  type PolicyUser,
} from './policy/permission-policy.js';
export { DatabaseRolesSource, permissionMigrations } from './roles/database-roles-source.js';
export { FileRolesSource } from './roles/file-roles-source.js';
export { parseRolesYaml } from './roles/parse-roles-yaml.js';
export {
  matchesPermission,
  normalizeEntityRef,
  OWNERSHIP_REFS_PLACEHOLDER,
  RolesPolicy,
  USER_ENTITY_REF_PLACEHOLDER,
} from './roles/roles-policy.js';
export {
  type PermissionMatch,
  type Role,
  type RoleCondition,
  type RolesFile,
  roleSchema,
  rolesFileJsonSchema,
  rolesFileSchema,
} from './roles/roles-schema.js';
export { ConfigRolesSource, type RolesSource } from './roles/roles-source.js';
