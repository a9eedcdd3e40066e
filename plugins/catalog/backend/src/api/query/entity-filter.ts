import { z } from 'zod';

/**
 * How one search key must match. Keys and values are already lowercased, the way
 * the flattened `search(entity_id, key, value)` table stores them.
 *
 * - `eq`: some row of the key has one of `values` (never empty; `IN (...)`).
 * - `exists`: the key has at least one row, even a null-valued one.
 * - `hasPrefix`: some non-null value of the key starts with `value`
 *   (`LIKE 'value%'`, with `%`, `_` and `\` escaped; see {@link likePrefixPattern}).
 */
export type FieldMatch =
  | { op: 'eq'; values: string[] }
  | { op: 'exists' }
  | { op: 'hasPrefix'; value: string };

/** A condition on one key of the flattened entity, e.g. `spec.type` or `relations.ownedby`. */
export interface FieldFilter {
  key: string;
  matches: FieldMatch;
}

/**
 * The one filter shape of the catalog. Both wire syntaxes (legacy `filter=` params
 * and JSON predicates) and permission conditions become this; storage compiles it
 * to SQL over the `search` table, {@link matchesEntity} evaluates it in memory.
 *
 * SQL shape, per node (`e` = the entity id column):
 * - field: `e IN (SELECT entity_id FROM search WHERE key = :key AND <match>)`
 * - `all`: AND of the children, `TRUE` when empty
 * - `any`: OR of the children, `FALSE` when empty
 * - `not`: `NOT (<child>)`
 *
 * Treat values as immutable; the parsers share arrays between nodes.
 *
 * @example
 * const filter: EntityFilter = {
 *   all: [
 *     { key: 'kind', matches: { op: 'eq', values: ['component'] } },
 *     { not: { key: 'spec.lifecycle', matches: { op: 'eq', values: ['experimental'] } } },
 *   ],
 * };
 */
export type EntityFilter =
  | { all: EntityFilter[] }
  | { any: EntityFilter[] }
  | { not: EntityFilter }
  | FieldFilter;

const fieldMatchSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('eq'), values: z.array(z.string()).min(1) }),
  z.object({ op: z.literal('exists') }),
  z.object({ op: z.literal('hasPrefix'), value: z.string() }),
]);

/**
 * Zod schema of {@link EntityFilter}, for filters stored or passed between
 * services (e.g. permission conditions). Request parsers build filters themselves.
 *
 * @example
 * const filter = entityFilterSchema.parse(JSON.parse(stored));
 */
export const entityFilterSchema: z.ZodType<EntityFilter> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(entityFilterSchema) }),
    z.strictObject({ any: z.array(entityFilterSchema) }),
    z.strictObject({ not: entityFilterSchema }),
    z.strictObject({ key: z.string().min(1), matches: fieldMatchSchema }),
  ]),
);

/** A filter that matches every entity (`{ all: [] }`). */
export const MATCH_ALL: EntityFilter = Object.freeze({ all: [] }) as EntityFilter;
/** A filter that matches no entity (`{ any: [] }`). */
export const MATCH_NONE: EntityFilter = Object.freeze({ any: [] }) as EntityFilter;

/** Whether the filter is the empty `all`, i.e. no restriction at all. */
export function isMatchAll(filter: EntityFilter | undefined): boolean {
  return filter === undefined || ('all' in filter && filter.all.length === 0);
}

/**
 * ANDs filters, skipping `undefined` ones; `undefined` when nothing restricts.
 *
 * @example
 * combineFilters(queryFilter, bodyFilter); // both must match
 */
export function combineFilters(...filters: (EntityFilter | undefined)[]): EntityFilter | undefined {
  const present = filters.filter((f): f is EntityFilter => f !== undefined);
  if (present.length === 0) return undefined;
  const combined = simplifyFilter(present.length === 1 ? present[0]! : { all: present });
  return isMatchAll(combined) ? undefined : combined;
}

/**
 * Flattens nested `all`/`any`, drops neutral children, unwraps single children and
 * double negations. Keeps the meaning; gives storage fewer, flatter subqueries.
 *
 * @example
 * simplifyFilter({ all: [{ all: [a] }, { all: [] }] }); // a
 */
export function simplifyFilter(filter: EntityFilter): EntityFilter {
  return simplifyTree(filter);
}

/**
 * {@link simplifyFilter}, then drops what cannot match because of the conjunction's
 * own `eq` conditions on single-valued keys (see {@link SINGLE_VALUED_KEYS}). Reads
 * apply it to the caller's filter ANDed with a permission restriction.
 *
 * @example
 * narrowFilter({ all: [kindIsComponent, { any: [ownedByTeamA, kindIsUser] }] }); // { all: [kindIsComponent, ownedByTeamA] }
 */
export function narrowFilter(filter: EntityFilter): EntityFilter {
  const simple = simplifyTree(filter);
  if (!('all' in simple)) return simple;
  const pruned = pruneContradictions(simple.all);
  return pruned === simple.all ? simple : simplifyTree({ all: pruned });
}

/**
 * Keys every final entity has exactly one non-null value for: `metadata.name`,
 * `metadata.namespace` (`default` when absent) and `metadata.uid` are added by the
 * search-row flattening, `kind` and `apiversion` are required strings.
 */
export const SINGLE_VALUED_KEYS: ReadonlySet<string> = new Set([
  'kind',
  'apiversion',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
]);

/**
 * Drops the branches of `any` children that contradict the conjunction's own `eq`
 * conditions on single-valued keys: in `kind=component ∧ (owner=x ∨ kind∈{group,user})`
 * the second branch can never hold. Permission restrictions are shaped like that, and
 * without the dead branch the owner condition can drive the query.
 */
function pruneContradictions(conjuncts: EntityFilter[]): EntityFilter[] {
  const fixed = new Map<string, ReadonlySet<string>>();
  for (const c of conjuncts) {
    if ('key' in c && c.matches.op === 'eq' && SINGLE_VALUED_KEYS.has(c.key)) {
      const values = new Set(c.matches.values);
      const known = fixed.get(c.key);
      fixed.set(c.key, known ? new Set([...known].filter((v) => values.has(v))) : values);
    }
  }
  if (fixed.size === 0) return conjuncts;
  // `kind=component ∧ kind=user`: nothing matches.
  if ([...fixed.values()].some((values) => values.size === 0)) return [MATCH_NONE];
  const contradicts = (branch: EntityFilter): boolean => {
    const parts = 'all' in branch ? branch.all : [branch];
    return parts.some(
      (p) =>
        'key' in p &&
        p.matches.op === 'eq' &&
        fixed.has(p.key) &&
        !p.matches.values.some((v) => fixed.get(p.key)!.has(v)),
    );
  };
  let changed = false;
  const result = conjuncts.map((c) => {
    if (!('any' in c)) return c;
    const kept = c.any.filter((branch) => !contradicts(branch));
    if (kept.length === c.any.length) return c;
    changed = true;
    return { any: kept };
  });
  return changed ? result : conjuncts;
}

function simplifyTree(filter: EntityFilter): EntityFilter {
  if ('not' in filter) {
    const inner = simplifyFilter(filter.not);
    return 'not' in inner ? inner.not : { not: inner };
  }
  if ('all' in filter || 'any' in filter) {
    const isAll = 'all' in filter;
    const children: EntityFilter[] = [];
    for (const child of isAll ? filter.all : filter.any) {
      const simple = simplifyFilter(child);
      const nested = isAll
        ? 'all' in simple
          ? simple.all
          : undefined
        : 'any' in simple
          ? simple.any
          : undefined;
      if (nested) children.push(...nested);
      else children.push(simple);
    }
    if (isAll && children.some((c) => 'any' in c && c.any.length === 0)) return { any: [] };
    if (!isAll && children.some((c) => 'all' in c && c.all.length === 0)) return { all: [] };
    if (children.length === 1) return children[0]!;
    return isAll ? { all: children } : { any: children };
  }
  return filter;
}

/**
 * Depth (nesting of `all`/`any`/`not`) and node count (each matched value counts)
 * of a filter, for enforcing {@link queryLimits}.
 *
 * @example
 * measureFilter({ key: 'kind', matches: { op: 'eq', values: ['a', 'b'] } }); // { depth: 0, nodes: 2 }
 */
export function measureFilter(filter: EntityFilter): { depth: number; nodes: number } {
  if ('key' in filter) {
    return { depth: 0, nodes: filter.matches.op === 'eq' ? Math.max(1, filter.matches.values.length) : 1 };
  }
  const children = 'not' in filter ? [filter.not] : 'all' in filter ? filter.all : filter.any;
  let depth = 0;
  let nodes = 1;
  for (const child of children) {
    const m = measureFilter(child);
    depth = Math.max(depth, m.depth);
    nodes += m.nodes;
  }
  return { depth: depth + 1, nodes };
}
