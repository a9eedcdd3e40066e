import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import { type Kysely, sql } from 'kysely';
import type { CatalogDatabase } from '../../database/tables.js';
import { type ScanOrder, type ScanPosition, type ScanRow, scanPositions } from './entity-scan.js';
import { sqlValueIn } from './filter-sql.js';
import { type MatchPlan, planConditions, sqlAnd } from './match-plan.js';
import type { ReadPlanner } from './read-planner.js';

/** Every match of a plan in scan order, and where each uid is in it. */
export interface MatchList {
  rows: readonly ScanPosition[];
  index: ReadonlyMap<string, number>;
}

/**
 * The complete, sorted match set of a plan when it has at most `planner.matchListCap`
 * entities, else undefined; cached like counts (per generation, at most 10 s). A
 * full-text filter cannot use an index, so each page would otherwise cost a scan of
 * every value of its keys or thousands of row tests; with the list, the first page pays
 * one scan (which also gives `totalItems`) and every page reads its rows by uid.
 *
 * @example
 * const list = await loadMatchList(db, dialect, planner, plan, { thenBy: [], absent: [], idOrder: 'asc' });
 */
export async function loadMatchList(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  planner: ReadPlanner,
  plan: MatchPlan,
  order: ScanOrder,
): Promise<MatchList | undefined> {
  if (plan.none) return { rows: [], index: new Map() };
  const key = { matchList: plan.filter ?? null, fullText: plan.fullText ?? null, order };
  const list = await planner.cachedList(key, async () => {
    const cap = planner.matchListCap;
    const rows = await scanPositions(db, dialect, { plan, order, strategy: 'collect', limit: cap + 1 });
    if (rows.length > cap) return null;
    return { rows, index: new Map(rows.map((row, i) => [row.id, i])) };
  });
  return list ?? undefined;
}

/**
 * The next `limit` positions of a list after `after` (backward: before it, nearest
 * first), or from `offset`; undefined when `after` is not in the list as it was (the
 * list is older or newer than the cursor: read the page from the tables instead).
 *
 * @example
 * const positions = listPage(list, { after, backward: false, offset: 0, limit: 51 });
 */
export function listPage(
  list: MatchList,
  options: { after?: ScanPosition; backward: boolean; offset: number; limit: number },
): ScanPosition[] | undefined {
  const { after, limit } = options;
  if (!after) return options.backward ? undefined : list.rows.slice(options.offset, options.offset + limit);
  const at = list.index.get(after.id);
  const row = at === undefined ? undefined : list.rows[at];
  if (!row || row.values.length !== after.values.length || row.values.some((v, i) => v !== after.values[i])) {
    return undefined;
  }
  if (!options.backward) return list.rows.slice(at! + 1, at! + 1 + limit);
  return list.rows.slice(Math.max(0, at! - limit), at).reverse();
}

/**
 * The stored JSON of listed positions, in their order, rechecked against the plan (an
 * entity changed since the list was made is left out rather than shown unfiltered).
 *
 * @example
 * const rows = await loadListedRows(db, dialect, plan, positions);
 */
export async function loadListedRows(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  plan: MatchPlan,
  positions: readonly ScanPosition[],
): Promise<ScanRow[]> {
  if (positions.length === 0) return [];
  const id = sql.ref('f.entity_id');
  const conditions = [
    sqlValueIn(
      dialect,
      id,
      positions.map((p) => p.id),
    ),
    ...planConditions(dialect, 'probe', id, plan, { withDriver: true }),
  ];
  const { rows } = await sql<{ entity_id: string; final: string }>`select f.entity_id, f.final
    from final_entities f where ${sqlAnd(conditions)}`.execute(db);
  const finals = new Map(rows.map((row) => [row.entity_id, row.final]));
  return positions.flatMap((p) => {
    const final = finals.get(p.id);
    return final === undefined ? [] : [{ id: p.id, values: [...p.values], final }];
  });
}
