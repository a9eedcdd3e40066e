import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import { InputError } from '@greenroom/errors';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../database/tables.js';
import type { EntityFilter } from '../query/entity-filter.js';
import { type EntitiesQuery, encodeQueryCursor } from '../query/query-entities-request.js';
import { type ScanOrder, type ScanPosition, type ScanRow, scanEntities } from './entity-scan.js';
import { listPage, loadListedRows, loadMatchList } from './match-list.js';
import { combineRead, type MatchPlan } from './match-plan.js';
import type { ReadPlanner } from './read-planner.js';

/** A page of `/entities/by-query`: stored entity JSON, the total, and the cursors. */
export interface QueryEntitiesResult {
  items: string[];
  totalItems: number;
  pageInfo: { nextCursor?: string; prevCursor?: string };
}

const invert = (order: 'asc' | 'desc') => (order === 'asc' ? 'desc' : 'asc');
const pickFor = (order: 'asc' | 'desc') => (order === 'asc' ? 'min' : 'max');

/**
 * Whether to page from a cached {@link loadMatchList}: when walking would test many
 * rows per match (no driver, e.g. full text; or an order field) and the match set is
 * known or likely to be small. A uid-ordered read with a driver walks its range directly.
 */
async function worthListing(
  planner: ReadPlanner,
  plan: MatchPlan,
  ordered: boolean,
  known: number | undefined,
): Promise<boolean> {
  const cap = planner.matchListCap;
  if (cap <= 0 || plan.none || (!plan.filter && !plan.fullText) || (!ordered && plan.driver)) return false;
  if (known !== undefined) return known <= cap;
  return !plan.driver || (await planner.driverRows(plan.driver)) < cap;
}

function positionOf(query: EntitiesQuery): ScanPosition | undefined {
  const values = query.position?.orderFieldValues;
  if (!values) return undefined;
  // The last value is the row's final id in decimal (cursors made before it held a uid).
  const field = query.orderField?.field;
  const [value, id] = field ? values : [undefined, values[0]];
  const wellFormed =
    values.length === (field ? 2 : 1) &&
    (!field || typeof value === 'string') &&
    typeof id === 'string' &&
    /^\d{1,15}$/.test(id);
  if (!wellFormed) {
    const shape = field ? `[value, position] for the order field ${field}` : '[position]';
    throw new InputError(`Malformed cursor: expected ${shape}; request page one again`);
  }
  return { values: field ? [value!] : [], id: Number(id) };
}

function sameValues(a: readonly (string | null)[], b: readonly (string | null)[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * Answers `/entities/by-query` with Backstage's semantics: order by the order field
 * (entities lacking it excluded) then uid, both in the field's direction, or by uid;
 * keyset pages over `(value, uid)` forward or, for `isPrevious`, backward; `offset`
 * only on the first request; `totalItems` counted when asked (cached), 0 when skipped,
 * or carried by the cursor. `nextCursor` when more rows follow (always when paging
 * back); `prevCursor` on pages after the first whose first row is not the first
 * page's first row. Cursors carry the caller's filter, never `restriction`.
 *
 * @example
 * const page = await queryEntities(db, 'sqlite', planner, parseQueryEntitiesGetRequest(req.query), undefined);
 */
export async function queryEntities(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  planner: ReadPlanner,
  query: EntitiesQuery,
  restriction: EntityFilter | undefined,
): Promise<QueryEntitiesResult> {
  const position = positionOf(query);
  const plan = await planner.plan(combineRead(query.filter, restriction), query.fullText);
  const field = query.orderField;
  const scope = field ? { hasKey: field.field } : {};
  const known = query.totalItems.kind === 'known' ? query.totalItems.value : planner.peekCount(plan, scope);
  const list = (await worthListing(planner, plan, field !== undefined, known))
    ? await loadMatchList(db, dialect, planner, plan, {
        ...(field ? { lead: { key: field.field, order: field.order, pick: pickFor(field.order) } } : {}),
        thenBy: [],
        absent: [],
        idOrder: field?.order ?? 'asc',
      })
    : undefined;
  const totalItems =
    query.totalItems.kind === 'count'
      ? (list?.ids.length ?? (await planner.count(plan, scope)))
      : query.totalItems.kind === 'known'
        ? query.totalItems.value
        : 0;

  const isPrevious = query.position?.isPrevious ?? false;
  const { limit } = query;
  const offset = position ? 0 : query.offset;
  const listed =
    list &&
    listPage(list, {
      ...(position ? { after: position } : {}),
      backward: isPrevious,
      offset,
      limit: limit + 1,
    });
  // `window`: the positions read (one past the page tells whether more follow);
  // `rows`: the page's entities. From a list, an entity changed since is left out of
  // `rows` but its position still moves the cursors on.
  let window: ScanPosition[];
  let rows: ScanRow[];
  if (listed) {
    window = listed;
    rows = await loadListedRows(db, dialect, plan, listed.slice(0, limit));
  } else {
    const walkOrder = field ? (isPrevious ? invert(field.order) : field.order) : isPrevious ? 'desc' : 'asc';
    const order: ScanOrder = {
      ...(field ? { lead: { key: field.field, order: walkOrder, pick: pickFor(field.order) } } : {}),
      thenBy: [],
      absent: [],
      idOrder: walkOrder,
    };
    const strategy = await planner.strategy(plan, {
      ordered: field !== undefined,
      rows: limit + 1 + offset,
      ...(query.totalItems.kind === 'skip' ? {} : { known: totalItems }),
      scope,
    });
    const scanned = await scanEntities(db, dialect, {
      plan,
      order,
      strategy,
      limit: limit + 1,
      offset,
      ...(position ? { after: position } : {}),
    });
    window = scanned;
    rows = scanned.slice(0, limit);
  }

  const hasMore = limit > 0 && (isPrevious || window.length > limit);
  const page = window.slice(0, limit);
  if (isPrevious) {
    page.reverse();
    rows.reverse();
  }
  const sortValues = (p: ScanPosition) => (field ? [p.values[0] ?? null, String(p.id)] : [String(p.id)]);
  const pageInfo: QueryEntitiesResult['pageInfo'] = {};
  const first = page[0];
  const last = page[page.length - 1];
  if (hasMore && first && last) {
    const firstSortFieldValues = query.position?.firstSortFieldValues ?? sortValues(first);
    pageInfo.nextCursor = encodeQueryCursor(
      query,
      { orderFieldValues: sortValues(last), isPrevious: false, firstSortFieldValues },
      totalItems,
    );
  }
  if (query.position && first && !sameValues(sortValues(first), query.position.firstSortFieldValues)) {
    const { firstSortFieldValues } = query.position;
    pageInfo.prevCursor = encodeQueryCursor(
      query,
      {
        orderFieldValues: sortValues(first),
        isPrevious: true,
        ...(firstSortFieldValues ? { firstSortFieldValues } : {}),
      },
      totalItems,
    );
  }
  return { items: rows.map((row) => row.final), totalItems, pageInfo };
}
