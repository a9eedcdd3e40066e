import type { Permission } from './permission.js';

/** What an external access token may do (the shape of `AccessRestrictions` in backend-plugin-api). */
export interface PermissionRestrictions {
  permissionNames?: string[];
  permissionAttributes?: { action?: string[] };
}

/**
 * Whether a service caller with `restrictions` may use `permission`. No restrictions
 * means everything; with `permissionNames` the name must be listed; with
 * `permissionAttributes.action` the permission's action must be listed (a permission
 * without an action is then refused).
 *
 * @example
 * isPermittedByRestrictions(catalogEntityReadPermission, { permissionAttributes: { action: ['read'] } }); // true
 */
export function isPermittedByRestrictions(
  permission: Permission,
  restrictions?: PermissionRestrictions,
): boolean {
  if (!restrictions) return true;
  const { permissionNames, permissionAttributes } = restrictions;
  if (permissionNames && !permissionNames.includes(permission.name)) return false;
  const actions = permissionAttributes?.action;
  if (actions) {
    const action = permission.attributes.action;
    if (!action || !actions.includes(action)) return false;
  }
  return true;
}
