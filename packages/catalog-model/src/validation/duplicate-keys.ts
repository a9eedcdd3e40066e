import type { EntityValidationIssue, JsonPathSegment } from './issue.js';
import { formatJsonPath } from './issue.js';

/** Deeper values are not walked; an entity this deep is reported instead. */
export const MAX_ENTITY_DEPTH = 128;

/**
 * Checks the Backstage rule that no object in an entity may hold two keys that differ only
 * in casing (`spec.owner` and `spec.Owner`), and that the entity is not absurdly deep.
 * Pushes onto `issues`.
 *
 * @example
 * const issues: EntityValidationIssue[] = [];
 * checkCaseDuplicateKeys({ spec: { owner: 'a', Owner: 'b' } }, issues);
 * // issues[0]: { path: ['spec', 'Owner'], message: '"spec" has keys that differ only in casing: "owner" and "Owner"; …' }
 */
export function checkCaseDuplicateKeys(value: unknown, issues: EntityValidationIssue[]): void {
  walk(value, [], issues);
}

function walk(value: unknown, path: JsonPathSegment[], issues: EntityValidationIssue[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (path.length >= MAX_ENTITY_DEPTH) {
    issues.push({
      path: path.slice(),
      message: `"${formatJsonPath(path)}" is nested more than ${MAX_ENTITY_DEPTH} levels deep; flatten the data`,
    });
    return;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item = value[index];
      if (typeof item !== 'object' || item === null) continue;
      path.push(index);
      walk(item, path, issues);
      path.pop();
    }
    return;
  }
  const record = value as Record<string, unknown>;
  let keyCount = 0;
  let hasUppercase = false;
  for (const key in record) {
    keyCount++;
    if (!hasUppercase && key !== key.toLowerCase()) hasUppercase = true;
    const child = record[key];
    if (typeof child !== 'object' || child === null) continue;
    path.push(key);
    walk(child, path, issues);
    path.pop();
  }
  // Keys that are already lowercase are distinct from each other, so only a key with an
  // uppercase letter can collide.
  if (hasUppercase && keyCount > 1) reportCollisions(record, path, issues);
}

function reportCollisions(
  record: Record<string, unknown>,
  path: JsonPathSegment[],
  issues: EntityValidationIssue[],
) {
  const firstByLowercase = new Map<string, string>();
  for (const key in record) {
    const lower = key.toLowerCase();
    const first = firstByLowercase.get(lower);
    if (first === undefined) {
      firstByLowercase.set(lower, key);
      continue;
    }
    issues.push({
      path: [...path, key],
      message: `"${formatJsonPath(path)}" has keys that differ only in casing: "${first}" and "${key}"; keys must be unique regardless of case`,
    });
  }
}
