import { z } from 'zod';
import type { PermissionCondition, PermissionCriteria } from './decisions.js';

/** How deep a criteria tree may nest; deeper trees are refused as input. */
export const MAX_CRITERIA_DEPTH = 16;

const conditionSchema = z.strictObject({
  rule: z.string().min(1).max(200),
  resourceType: z.string().min(1).max(200),
  params: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Validates a criteria tree (`allOf` / `anyOf` / `not` / a condition) coming over the
 * wire, with bounded size. Nesting depth is checked by {@link criteriaDepth}.
 *
 * @example
 * permissionCriteriaSchema.parse({ anyOf: [{ rule: 'IS_ENTITY_OWNER', resourceType: 'catalog-entity', params: { claims: [] } }] });
 */
export const permissionCriteriaSchema: z.ZodType<PermissionCriteria<PermissionCondition>> = z.lazy(() =>
  // Conditions first: they are the most common node, and a failed branch costs an issue.
  z.union([
    conditionSchema,
    z.strictObject({ allOf: z.array(permissionCriteriaSchema).min(1).max(100) }),
    z.strictObject({ anyOf: z.array(permissionCriteriaSchema).min(1).max(100) }),
    z.strictObject({ not: permissionCriteriaSchema }),
  ]),
);

/**
 * Rebuilds a criteria tree with every condition replaced by `mapLeaf(condition)`.
 *
 * @example
 * const filter = mapCriteria(decision.conditions, (condition) => toFilter(condition));
 */
export function mapCriteria<A, B>(
  criteria: PermissionCriteria<A>,
  mapLeaf: (leaf: A) => B,
): PermissionCriteria<B> {
  if (isAllOf(criteria)) return { allOf: criteria.allOf.map((c) => mapCriteria(c, mapLeaf)) };
  if (isAnyOf(criteria)) return { anyOf: criteria.anyOf.map((c) => mapCriteria(c, mapLeaf)) };
  if (isNot(criteria)) return { not: mapCriteria(criteria.not, mapLeaf) };
  return mapLeaf(criteria as A);
}

/**
 * Evaluates a criteria tree with `test` for each condition: `allOf` of none is true,
 * `anyOf` of none is false.
 *
 * @example
 * const allowed = evaluateCriteria(decision.conditions, (condition) => applyRule(entity, condition));
 */
export function evaluateCriteria<A>(criteria: PermissionCriteria<A>, test: (leaf: A) => boolean): boolean {
  if (isAllOf(criteria)) return criteria.allOf.every((c) => evaluateCriteria(c, test));
  if (isAnyOf(criteria)) return criteria.anyOf.some((c) => evaluateCriteria(c, test));
  if (isNot(criteria)) return !evaluateCriteria(criteria.not, test);
  return test(criteria as A);
}

/** The nesting depth of a criteria tree (a single condition is 1). */
export function criteriaDepth<A>(criteria: PermissionCriteria<A>): number {
  if (isAllOf(criteria)) return 1 + Math.max(0, ...criteria.allOf.map(criteriaDepth));
  if (isAnyOf(criteria)) return 1 + Math.max(0, ...criteria.anyOf.map(criteriaDepth));
  if (isNot(criteria)) return 1 + criteriaDepth(criteria.not);
  return 1;
}

function isAllOf<A>(c: PermissionCriteria<A>): c is { allOf: PermissionCriteria<A>[] } {
  return typeof c === 'object' && c !== null && Array.isArray((c as { allOf?: unknown }).allOf);
}
function isAnyOf<A>(c: PermissionCriteria<A>): c is { anyOf: PermissionCriteria<A>[] } {
  return typeof c === 'object' && c !== null && Array.isArray((c as { anyOf?: unknown }).anyOf);
}
function isNot<A>(c: PermissionCriteria<A>): c is { not: PermissionCriteria<A> } {
  return typeof c === 'object' && c !== null && 'not' in c && Object.keys(c).length === 1;
}

/**
 * Whether a JSON value nests deeper than `limit`, walked without recursion: check
 * untrusted bodies with it before a recursive schema parses them.
 *
 * @example
 * if (exceedsJsonDepth(request.body, 32)) throw new InputError('Body nests too deeply');
 */
export function exceedsJsonDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
