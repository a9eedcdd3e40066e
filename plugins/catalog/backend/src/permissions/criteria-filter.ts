import type { PermissionCriteria } from '@greenroom/plugin-permission-common';
import type { EntityFilter } from '../api/query/entity-filter.js';

/**
 * A permission criteria tree whose leaves are catalog filters, as one catalog filter:
 * `allOf` → `all`, `anyOf` → `any`, `not` → `not`.
 *
 * @example
 * criteriaToFilter({ anyOf: [ownedByTeamA, { not: isTemplate }] });
 * // { any: [ownedByTeamA, { not: isTemplate }] }
 */
export function criteriaToFilter(criteria: PermissionCriteria<EntityFilter>): EntityFilter {
  if ('allOf' in criteria) return { all: criteria.allOf.map(criteriaToFilter) };
  if ('anyOf' in criteria) return { any: criteria.anyOf.map(criteriaToFilter) };
  if ('not' in criteria) return { not: criteriaToFilter(criteria.not as PermissionCriteria<EntityFilter>) };
  return criteria;
}
