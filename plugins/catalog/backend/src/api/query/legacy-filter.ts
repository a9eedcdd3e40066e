import { InputError } from '@greenroom/errors';
import { type EntityFilter, type FieldFilter, measureFilter, simplifyFilter } from './entity-filter.js';
import { queryLimits } from './limits.js';

/**
 * Parses the legacy `filter` query parameters into one {@link EntityFilter}:
 * - each `filter` parameter is a set of comma-separated conditions that are ANDed;
 *   the sets are ORed;
 * - a condition is `key` (the key exists), `key=value` (split on the first `=`)
 *   or `key=` (the value is the empty string);
 * - within one set, repeating a key ORs its values (`kind=a,kind=b`);
 * - keys and values are trimmed and matched case-insensitively;
 * - `relations.<type>=<ref>` and `metadata.tags.<tag>` work because the search table
 *   holds those keys; `metadata.namespace=default` matches entities without one.
 *
 * Returns `undefined` when there is no filter (no parameter, or only empty sets).
 *
 * @throws InputError for a condition without a key (`=x`) or a filter over the limits.
 * @example
 * parseLegacyFilterParams(['kind=component,spec.type=service', 'kind=api']);
 * // { any: [{ all: [kind=component, spec.type=service] }, kind=api] }
 */
export function parseLegacyFilterParams(
  params: string | readonly string[] | undefined,
): EntityFilter | undefined {
  if (params === undefined) return undefined;
  const sets: EntityFilter[] = [];
  for (const param of typeof params === 'string' ? [params] : params) {
    const set = parseFilterSet(param);
    if (set) sets.push(set);
  }
  if (sets.length === 0) return undefined;
  const filter = simplifyFilter({ any: sets });
  const { nodes } = measureFilter(filter);
  if (nodes > queryLimits.maxFilterNodes) {
    throw new InputError(
      `Filter too large: ${nodes} conditions and values, at most ${queryLimits.maxFilterNodes} are allowed; ` +
        'split the request, or use POST /entities/by-query with a predicate',
    );
  }
  return filter;
}

function parseFilterSet(param: string): EntityFilter | undefined {
  // Grouped by the key as written: `kind=a,Kind=b` are two ANDed conditions, as in Backstage.
  const byKey = new Map<string, { exists: boolean; values: string[] }>();
  for (const rawStatement of param.split(',')) {
    const statement = rawStatement.trim();
    if (!statement) continue;
    const equals = statement.indexOf('=');
    const key = (equals === -1 ? statement : statement.slice(0, equals)).trim();
    if (!key) {
      throw new InputError(
        `Invalid filter, '${statement}' is not a valid statement (expected a string on the form a=b or a= or a)`,
      );
    }
    if (key.startsWith('$')) {
      throw new InputError(
        `Invalid filter key '${key}': keys are entity field paths such as kind, spec.type or metadata.tags; ` +
          'for $-operators use POST /entities/by-query with a predicate',
      );
    }
    let entry = byKey.get(key);
    if (!entry) {
      entry = { exists: false, values: [] };
      byKey.set(key, entry);
    }
    if (equals === -1) entry.exists = true;
    else
      entry.values.push(
        statement
          .slice(equals + 1)
          .trim()
          .toLowerCase(),
      );
  }
  if (byKey.size === 0) return undefined;

  const conditions: FieldFilter[] = [];
  for (const [key, { values }] of byKey) {
    // A value list already implies the key exists, so `key,key=v` is just `key=v`.
    conditions.push({
      key: key.toLowerCase(),
      matches: values.length > 0 ? { op: 'eq', values: [...new Set(values)] } : { op: 'exists' },
    });
  }
  return conditions.length === 1 ? conditions[0] : { all: conditions };
}
