import { createExtensionPoint } from '@greenroom/backend-plugin-api';
import type { PermissionPolicy } from './policy/permission-policy.js';

/** What modules of the permission plugin can set. */
export interface PermissionPolicyExtension {
  /**
   * Installs the TypeScript policy. Only one policy may be set, and not together with
   * `permission.policy` in config; either stops startup naming both.
   */
  setPolicy(policy: PermissionPolicy): void;
}

/**
 * Lets a module install a TypeScript permission policy.
 *
 * @example
 * export const myPolicyModule = createBackendModule({
 *   pluginId: 'permission',
 *   moduleId: 'my-policy',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { policy: permissionPolicyExtensionPoint },
 *       async init({ policy }) { policy.setPolicy({ handle: () => ({ result: 'ALLOW' }) }); },
 *     });
 *   },
 * });
 */
export const permissionPolicyExtensionPoint = createExtensionPoint<PermissionPolicyExtension>({
  id: 'permission.policy',
});
