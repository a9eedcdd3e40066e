import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import { type Kysely, sql } from 'kysely';
import type { CatalogDatabase } from '../../database/tables.js';
import { type ScanOrder, type ScanPosition, type ScanRow, scanPositions } from './entity-scan.js';
import { sqlIdIn } from './filter-sql.js';
import { type MatchPlan, planConditions, sqlAnd } from './match-plan.js';
import type { ReadPlanner } from './read-planner.js';

/**
 * Every match of a plan in scan order: final ids, their sort values (one per row, for an
 * ordered list) and where each id is. Kept as flat arrays and one map, not as row objects.
 */
export interface MatchList {
  ids: readonly number[];
  values?: readonly (string | null)[];
  index: ReadonlyMap<number, number>;
}

function positionAt(list: MatchList, i: number): ScanPosition {
  return { id: list.ids[i]!, values: list.values ? [list.values[i] ?? null] : [] };
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
  if (plan.none) return { ids: [], index: new Map() };
  const key = { matchList: plan.filter ?? null, fullText: plan.fullText ?? null, order };
  const list = await planner.cachedList(key, async () => {
    const cap = planner.matchListCap;
    const rows = await scanPositions(db, dialect, { plan, order, strategy: 'collect', limit: cap + 1 });
    if (rows.length > cap) return null;
    const ids = rows.map((row) => row.id);
    const list: MatchList = { ids, index: new Map(ids.map((id, i) => [id, i])) };
    if (order.lead) list.values = rows.map((row) => row.values[0] ?? null);
    return list;
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
  const slice = (from: number, to: number) =>
    Array.from({ length: Math.max(0, to - from) }, (_, i) => positionAt(list, from + i));
  const size = list.ids.length;
  if (!after)
    return options.backward ? undefined : slice(options.offset, Math.min(size, options.offset + limit));
  const at = list.index.get(after.id);
  if (at === undefined) return undefined;
  const here = positionAt(list, at).values;
  if (here.length !== after.values.length || here.some((v, i) => v !== after.values[i])) return undefined;
  if (!options.backward) return slice(at + 1, Math.min(size, at + 1 + limit));
  return slice(Math.max(0, at - limit), at).reverse();
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
  const id = sql.ref('f.id');
  const conditions = [
    sqlIdIn(
      dialect,
      id,
      positions.map((p) => p.id),
    ),
    ...planConditions(dialect, 'probe', id, plan, { withDriver: true }),
  ];
  const { rows } = await sql<{ id: number; final: string }>`select f.id, f.final
    from final_entities f where ${sqlAnd(conditions)}`.execute(db);
  const finals = new Map(rows.map((row) => [Number(row.id), row.final]));
  return positions.flatMap((p) => {
    const final = finals.get(p.id);
    return final === undefined ? [] : [{ id: p.id, values: [...p.values], final }];
  });
}
