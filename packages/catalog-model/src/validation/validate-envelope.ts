import { fieldRules } from './field-rules.js';
import { type EntityValidationIssue, invalidFieldMessage } from './issue.js';

const INPUT_ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'spec']);
const OUTPUT_ROOT_FIELDS = new Set(['relations', 'status']);

/**
 * Checks the root of an entity: only `apiVersion`, `kind`, `metadata` and `spec` (plus
 * `relations` and `status` when `allowOutputFields`), and valid `apiVersion` and `kind`.
 * Pushes what it finds onto `issues`; returns whether apiVersion and kind are usable.
 *
 * @example
 * const issues: EntityValidationIssue[] = [];
 * checkEnvelope({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: {}, extra: 1 }, issues, false);
 * // issues: [{ path: ['extra'], message: 'Unknown field "extra"; …' }]
 */
export function checkEnvelope(
  entity: Record<string, unknown>,
  issues: EntityValidationIssue[],
  allowOutputFields: boolean,
): boolean {
  for (const key of Object.keys(entity)) {
    if (INPUT_ROOT_FIELDS.has(key)) continue;
    if (OUTPUT_ROOT_FIELDS.has(key)) {
      if (allowOutputFields) continue;
      issues.push({
        path: [key],
        message: `Unknown field "${key}"; relations and status are computed by the catalog and must not be written in entity files`,
      });
    } else {
      issues.push({
        path: [key],
        message: `Unknown field "${key}"; the root of an entity holds only apiVersion, kind, metadata and spec`,
      });
    }
  }
  let usable = true;
  const { apiVersion, kind } = entity;
  if (apiVersion === undefined) {
    issues.push({ path: ['apiVersion'], message: '"apiVersion" is required, e.g. "backstage.io/v1alpha1"' });
    usable = false;
  } else if (!fieldRules.apiVersion.test(apiVersion)) {
    issues.push({
      path: ['apiVersion'],
      message: invalidFieldMessage('apiVersion', fieldRules.apiVersion.expectation, apiVersion),
    });
    usable = false;
  }
  if (kind === undefined) {
    issues.push({ path: ['kind'], message: '"kind" is required, e.g. "Component"' });
    usable = false;
  } else if (!fieldRules.kind.test(kind)) {
    issues.push({ path: ['kind'], message: invalidFieldMessage('kind', fieldRules.kind.expectation, kind) });
    usable = false;
  }
  return usable;
}

/**
 * Whether a value is a plain object (a YAML mapping), not an array or null.
 *
 * @example
 * isPlainObject({}); // true
 * isPlainObject([]); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
