import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { CatalogDatabase } from '../../database/tables.js';
import type { EntityFilter } from '../query/entity-filter.js';
import { filterSql, sqlValueIn } from './filter-sql.js';
import { combineRead, sqlAnd } from './match-plan.js';

/** An entity and the refs of its parents: the entities whose processing emitted it. */
export interface EntityAncestryItem {
  entity: string;
  parentEntityRefs: string[];
}

/** The answer of `GET /entities/by-name/…/ancestry`. */
export interface EntityAncestry {
  rootEntityRef: string;
  items: EntityAncestryItem[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** How far {@link findAncestry} walks: levels above the root, and entities in all. */
export const ancestryLimits = Object.freeze({ maxDepth: 50, maxItems: 1_000 });

/**
 * Walks the `edges` upward from `ref`: a parent is the `source_entity_ref` of an edge
 * to the entity (a Location, or an entity a processor emitted it from); edges from
 * providers (`source_key`) end the walk, as do parents without a final entity. One
 * statement per level, each entity visited once (cycles are harmless), at most
 * {@link ancestryLimits} levels and entities; items in breadth-first order, the root first,
 * parents sorted by ref. With a `restriction`, the root must
 * match it (else `undefined`), and ancestors that do not match are left out, with
 * everything reachable only through them, and so are their refs.
 *
 * @example
 * const ancestry = await findAncestry(db, 'sqlite', 'component:default/billing', undefined);
 * // { rootEntityRef: 'component:default/billing', items: [{ entity: '{…}', parentEntityRefs: ['location:default/root'] }, …] }
 */
export async function findAncestry(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  ref: string,
  restriction: EntityFilter | undefined,
): Promise<EntityAncestry | undefined> {
  const filter = combineRead(undefined, restriction);
  if (filter && 'any' in filter && filter.any.length === 0) return undefined;
  const visible = (alias: string) =>
    filter ? [filterSql(dialect, 'probe', sql.ref(`${alias}.id`), filter)] : [];
  const { rows: roots } = await sql<{ final: string }>`select f.final from final_entities f
    where ${sqlAnd([sql<SqlBool>`f.entity_ref = ${ref}`, ...visible('f')])}`.execute(db);
  const root = roots[0];
  if (!root) return undefined;

  const items = new Map<string, EntityAncestryItem>([[ref, { entity: root.final, parentEntityRefs: [] }]]);
  let frontier = [ref];
  for (let depth = 0; depth < ancestryLimits.maxDepth && frontier.length > 0; depth++) {
    const conditions = [sqlValueIn(dialect, sql.ref('e.target_entity_ref'), frontier), ...visible('f')];
    const { rows } = await sql<{ child: string; parent: string; final: string }>`select
        e.target_entity_ref as child, f.entity_ref as parent, f.final
      from edges e join final_entities f on f.entity_ref = e.source_entity_ref
      where ${sqlAnd(conditions)}`.execute(db);
    const next: string[] = [];
    // Sorted, so items come in the same order on every engine.
    rows.sort((a, b) => compare(a.child, b.child) || compare(a.parent, b.parent));
    for (const row of rows) {
      const parents = items.get(row.child)!.parentEntityRefs;
      if (!parents.includes(row.parent)) parents.push(row.parent);
      if (!items.has(row.parent) && items.size < ancestryLimits.maxItems) {
        items.set(row.parent, { entity: row.final, parentEntityRefs: [] });
        next.push(row.parent);
      }
    }
    frontier = next;
  }
  return { rootEntityRef: ref, items: [...items.values()] };
}
