import type {
  Permission,
  PermissionCondition,
  PermissionCriteria,
} from '@greenroom/plugin-permission-common';
import type { PermissionPolicy, PolicyQuery, PolicyResult, PolicyUser } from '../policy/permission-policy.js';
import type { PermissionMatch, Role, RoleCondition } from './roles-schema.js';

/** Placeholder in rule params replaced by the caller's user entity ref. */
export const USER_ENTITY_REF_PLACEHOLDER = '$userEntityRef';
/** Placeholder in rule params replaced by the caller's ownership refs (user and groups). */
export const OWNERSHIP_REFS_PLACEHOLDER = '$ownershipRefs';

interface CompiledRole {
  role: Role;
  everyone: boolean;
  members: Set<string>;
}

/**
 * The declarative policy: roles with members and rules. For a caller, every rule of
 * every role they are a member of (directly, through a group in their ownership refs,
 * or through `'*'`) whose `match` fits the permission is collected, then:
 * 1. any `deny` → DENY (deny wins, whatever the order);
 * 2. else any `allow` → ALLOW;
 * 3. else any `conditional` (resource permissions only) → CONDITIONAL, `anyOf` the
 *    roles' conditions;
 * 4. else DENY (nothing granted).
 *
 * @example
 * const policy = new RolesPolicy(() => currentRoles);
 * await policy.handle({ permission: catalogEntityDeletePermission }, { userEntityRef, ownershipEntityRefs });
 */
export class RolesPolicy implements PermissionPolicy {
  readonly name = 'roles';
  readonly #getRoles: () => readonly Role[];
  #compiledFrom: readonly Role[] | undefined;
  #compiled: CompiledRole[] = [];
  readonly #callerRefsCache = new WeakMap<PolicyUser, Set<string>>();

  constructor(getRoles: () => readonly Role[]) {
    this.#getRoles = getRoles;
  }

  handle(query: PolicyQuery, user: PolicyUser): PolicyResult {
    const { permission } = query;
    const callerRefs = this.#callerRefs(user);
    let allowed = false;
    const conditions: PermissionCriteria<PermissionCondition>[] = [];
    for (const { role, everyone, members } of this.#roles()) {
      if (!everyone && !hasAny(members, callerRefs)) continue;
      for (const rule of role.permissions) {
        if (!matchesPermission(rule.match, permission)) continue;
        const decision = rule.decision;
        if (decision === 'deny') return { result: 'DENY' };
        if (decision === 'allow') allowed = true;
        else if (permission.type === 'resource') {
          conditions.push(toCriteria(decision.conditional, permission.resourceType, user));
        }
      }
    }
    if (allowed) return { result: 'ALLOW' };
    const [first, ...others] = conditions;
    if (!first) return { result: 'DENY' };
    return { result: 'CONDITIONAL', conditions: others.length === 0 ? first : { anyOf: conditions } };
  }

  // A batch asks about one user many times with the same object: normalise their refs once.
  #callerRefs(user: PolicyUser): Set<string> {
    let refs = this.#callerRefsCache.get(user);
    if (!refs) {
      refs = new Set([user.userEntityRef, ...user.ownershipEntityRefs].map(normalizeEntityRef));
      this.#callerRefsCache.set(user, refs);
    }
    return refs;
  }

  #roles(): CompiledRole[] {
    const roles = this.#getRoles();
    if (roles !== this.#compiledFrom) {
      this.#compiled = roles.map((role) => ({
        role,
        everyone: role.members.includes('*'),
        members: new Set(role.members.filter((m) => m !== '*').map(normalizeEntityRef)),
      }));
      this.#compiledFrom = roles;
    }
    return this.#compiled;
  }
}

/**
 * Whether a role rule's `match` fits the permission: `'*'`, or every given field
 * (name or `prefix*`, resource type, action) matches.
 */
export function matchesPermission(match: PermissionMatch, permission: Permission): boolean {
  if (match === '*') return true;
  if (match.name !== undefined) {
    const names = Array.isArray(match.name) ? match.name : [match.name];
    const fits = names.some((pattern) =>
      pattern.endsWith('*') ? permission.name.startsWith(pattern.slice(0, -1)) : permission.name === pattern,
    );
    if (!fits) return false;
  }
  if (match.resourceType !== undefined) {
    const types = Array.isArray(match.resourceType) ? match.resourceType : [match.resourceType];
    if (permission.type !== 'resource' || !types.includes(permission.resourceType)) return false;
  }
  if (match.action !== undefined) {
    const actions: string[] = Array.isArray(match.action) ? match.action : [match.action];
    if (!permission.attributes.action || !actions.includes(permission.attributes.action)) return false;
  }
  return true;
}

/** `Group:Platform` → `group:default/platform`: the canonical, comparable form. */
export function normalizeEntityRef(ref: string): string {
  const lower = ref.toLowerCase();
  const colon = lower.indexOf(':');
  if (colon > 0 && !lower.includes('/', colon))
    return `${lower.slice(0, colon)}:default/${lower.slice(colon + 1)}`;
  return lower;
}

function hasAny(members: Set<string>, callerRefs: Set<string>): boolean {
  for (const ref of callerRefs) if (members.has(ref)) return true;
  return false;
}

function toCriteria(
  condition: RoleCondition,
  resourceType: string,
  user: PolicyUser,
): PermissionCriteria<PermissionCondition> {
  if ('allOf' in condition) return { allOf: condition.allOf.map((c) => toCriteria(c, resourceType, user)) };
  if ('anyOf' in condition) return { anyOf: condition.anyOf.map((c) => toCriteria(c, resourceType, user)) };
  if ('not' in condition) return { not: toCriteria(condition.not, resourceType, user) };
  return {
    rule: condition.rule,
    resourceType,
    ...(condition.params
      ? { params: fillPlaceholders(condition.params, user) as Record<string, unknown> }
      : {}),
  };
}

function fillPlaceholders(value: unknown, user: PolicyUser): unknown {
  if (value === USER_ENTITY_REF_PLACEHOLDER) return user.userEntityRef;
  if (value === OWNERSHIP_REFS_PLACEHOLDER) return [...user.ownershipEntityRefs];
  if (Array.isArray(value)) {
    return value.flatMap((item) =>
      item === OWNERSHIP_REFS_PLACEHOLDER ? [...user.ownershipEntityRefs] : [fillPlaceholders(item, user)],
    );
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, user)]));
  }
  return value;
}
