/** The outcome of a permission check. */
export const AuthorizeResult = Object.freeze({
  ALLOW: 'ALLOW',
  DENY: 'DENY',
  CONDITIONAL: 'CONDITIONAL',
} as const);
export type AuthorizeResult = (typeof AuthorizeResult)[keyof typeof AuthorizeResult];

/**
 * One rule applied to a resource: `{ rule: 'IS_ENTITY_OWNER', resourceType:
 * 'catalog-entity', params: { claims: ['group:default/team-a'] } }`.
 */
export interface PermissionCondition<TParams extends Record<string, unknown> = Record<string, unknown>> {
  rule: string;
  resourceType: string;
  params?: TParams;
}

/** A tree of conditions: all of, any of, not, or one condition. */
export type PermissionCriteria<T> =
  | { allOf: PermissionCriteria<T>[] }
  | { anyOf: PermissionCriteria<T>[] }
  | { not: PermissionCriteria<T> }
  | T;

/** What a policy answers: allow, deny, or allow where conditions hold. */
export type PolicyDecision =
  | { result: 'ALLOW' | 'DENY' }
  | {
      result: 'CONDITIONAL';
      /** The plugin that owns the resource type and can apply the conditions. */
      pluginId: string;
      resourceType: string;
      conditions: PermissionCriteria<PermissionCondition>;
    };

/** A definite answer (what `authorize` returns). */
export interface DefinitivePolicyDecision {
  result: 'ALLOW' | 'DENY';
}
