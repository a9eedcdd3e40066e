import { createPermission } from '@greenroom/plugin-permission-common';

/** Read the roles of the declarative policy (`GET /api/permission/roles`). */
export const permissionPolicyReadPermission = createPermission({
  name: 'permission.policy.read',
  attributes: { action: 'read' },
});

/** Create, change or delete roles (`POST/PUT/DELETE /api/permission/roles`). */
export const permissionPolicyUpdatePermission = createPermission({
  name: 'permission.policy.update',
  attributes: { action: 'update' },
});

/** Every permission the permission plugin declares. */
export const permissionPluginPermissions = [permissionPolicyReadPermission, permissionPolicyUpdatePermission];
