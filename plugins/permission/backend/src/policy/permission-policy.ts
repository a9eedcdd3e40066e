import type {
  Permission,
  PermissionCondition,
  PermissionCriteria,
} from '@greenroom/plugin-permission-common';

/** The signed-in user a policy decides for. */
export interface PolicyUser {
  /** Canonical entity ref, e.g. `user:default/jane`. */
  userEntityRef: string;
  /** The user and the groups they belong to, as entity refs. */
  ownershipEntityRefs: string[];
}

/** What a policy is asked: may the user use this permission? */
export interface PolicyQuery {
  permission: Permission;
}

/**
 * A policy's answer. For a conditional answer the permission plugin fills in
 * `resourceType` (from the permission) and `pluginId` (the plugin that registered the
 * resource type) when the policy leaves them out.
 */
export type PolicyResult =
  | { result: 'ALLOW' | 'DENY' }
  | {
      result: 'CONDITIONAL';
      conditions: PermissionCriteria<PermissionCondition>;
      pluginId?: string;
      resourceType?: string;
    };

/**
 * Decides permissions for signed-in users. Service callers never reach the policy:
 * they are allowed unless their access restrictions say otherwise.
 *
 * @example
 * const readOnly: PermissionPolicy = {
 *   handle: ({ permission }) => ({ result: permission.attributes.action === 'read' ? 'ALLOW' : 'DENY' }),
 * };
 */
export interface PermissionPolicy {
  /** Shown in startup messages, e.g. when two policies are installed. */
  readonly name?: string;
  handle(query: PolicyQuery, user: PolicyUser): PolicyResult | Promise<PolicyResult>;
}

/**
 * The policy used when none is configured: every signed-in user may do everything.
 *
 * @example
 * backend.add(permissionPlugin); // no policy configured → allowAllPolicy, with a startup log line
 */
export const allowAllPolicy: PermissionPolicy = Object.freeze({
  name: 'allow-all (default)',
  handle: (): PolicyResult => ({ result: 'ALLOW' }),
});
