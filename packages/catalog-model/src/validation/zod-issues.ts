import type { z } from 'zod';
import { type EntityValidationIssue, formatJsonPath, type JsonPathSegment } from './issue.js';

/**
 * Turns zod issues for a value found at `basePath` of an entity into entity issues whose
 * messages name the field: `"spec.owner" is required`,
 * `"spec.type" is not valid: expected string, received number`.
 *
 * @example
 * const result = schema.safeParse(entity.spec);
 * if (!result.success) issues.push(...zodIssuesToEntityIssues(result.error.issues, ['spec'], entity.spec));
 */
export function zodIssuesToEntityIssues(
  zodIssues: readonly z.core.$ZodIssue[],
  basePath: readonly JsonPathSegment[],
  value: unknown,
): EntityValidationIssue[] {
  return zodIssues.map((issue) => {
    const relative = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
    const path = [...basePath, ...relative];
    const field = formatJsonPath(path);
    if (issue.code === 'invalid_type' && valueAt(value, relative) === undefined) {
      return { path, message: `"${field}" is required` };
    }
    if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) {
      return { path, message: `"${field}" must not be empty` };
    }
    return { path, message: `"${field}" is not valid: ${describeIssue(issue)}` };
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const expected = new Set<string>();
    for (const branch of issue.errors) {
      for (const inner of branch) {
        if (inner.code === 'invalid_type' && inner.path.length === 0) expected.add(inner.expected);
      }
    }
    if (expected.size > 0) return `expected ${[...expected].join(' or ')}`;
  }
  const message = issue.message.replace(/^Invalid input: /, '');
  return message.charAt(0).toLowerCase() + message.slice(1);
}

function valueAt(value: unknown, path: readonly JsonPathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
