import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../database/tables.js';
import type { EntitiesRequest } from '../query/entities-request.js';
import type { EntityFilter } from '../query/entity-filter.js';
import type { EntityOrder } from '../query/entity-order.js';
import { queryLimits } from '../query/limits.js';
import { type ScanOrder, type ScanPosition, scanEntities } from './entity-scan.js';
import { combineRead, type MatchPlan } from './match-plan.js';
import type { ReadPlanner } from './read-planner.js';

/** Rows per statement when streaming `GET /entities`. */
export const STREAM_CHUNK_SIZE = 1_000;

/**
 * The scans that together give GET /entities' order `asc:a, desc:b`: entities with a
 * value for `a` (by a, then b with missing last, then uid); then those lacking `a` but
 * having `b` (by b, uid); then those lacking both (by uid). Each scan walks one index
 * in order, so streaming stays linear however large the catalog.
 *
 * @example
 * legacyScans([{ field: 'metadata.name', order: 'asc' }]); // [by name, lacking name by uid]
 */
export function legacyScans(order: readonly EntityOrder[]): ScanOrder[] {
  const fields: EntityOrder[] = [];
  for (const o of order) if (!fields.some((f) => f.field === o.field)) fields.push(o);
  const sortKey = (o: EntityOrder) =>
    ({ key: o.field, order: o.order, pick: o.order === 'asc' ? 'min' : 'max' }) as const;
  const scans: ScanOrder[] = fields.map((o, i) => ({
    lead: sortKey(o),
    thenBy: fields.slice(i + 1).map(sortKey),
    absent: fields.slice(0, i).map((f) => f.field),
    idOrder: 'asc',
  }));
  scans.push({ thenBy: [], absent: fields.map((f) => f.field), idOrder: 'asc' });
  return scans;
}

function countScope(scan: ScanOrder) {
  return { ...(scan.lead ? { hasKey: scan.lead.key } : {}), absent: scan.absent };
}

async function scanStrategy(planner: ReadPlanner, plan: MatchPlan, scan: ScanOrder, rows: number) {
  return planner.strategy(plan, { ordered: scan.lead !== undefined, rows, scope: countScope(scan) });
}

/**
 * Streams every entity GET /entities (without paging) matches, in its order, as
 * chunks of stored JSON: one keyset-paginated statement of at most
 * {@link STREAM_CHUNK_SIZE} rows per chunk, so memory stays flat and an entity that
 * exists throughout is yielded exactly once even while others are written.
 *
 * @example
 * for await (const chunk of streamEntities(db, dialect, planner, request, restriction)) reply.write(chunk.join(','));
 */
export async function* streamEntities(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  planner: ReadPlanner,
  request: EntitiesRequest,
  restriction: EntityFilter | undefined,
): AsyncGenerator<string[]> {
  const plan = await planner.plan(combineRead(request.filter, restriction), undefined);
  if (plan.none) return;
  for (const scan of legacyScans(request.order)) {
    const strategy = await scanStrategy(planner, plan, scan, STREAM_CHUNK_SIZE);
    let after: ScanPosition | undefined;
    for (;;) {
      const rows = await scanEntities(db, dialect, {
        plan,
        order: scan,
        strategy,
        limit: STREAM_CHUNK_SIZE,
        ...(after ? { after } : {}),
      });
      if (rows.length > 0) yield rows.map((row) => row.final);
      if (rows.length < STREAM_CHUNK_SIZE) break;
      const last = rows[rows.length - 1]!;
      after = { values: last.values, id: last.id };
    }
  }
}

/**
 * One page of GET /entities with `offset`/`limit` (Backstage's offset pagination),
 * in the request's order. Without a `limit` at most {@link queryLimits.maxLimit} items
 * are returned, with `hasMore` telling whether others follow.
 *
 * @example
 * const { items, hasMore } = await listEntitiesPage(db, dialect, planner, { order: [], page: { offset: 0, limit: 20 } }, undefined);
 */
export async function listEntitiesPage(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  planner: ReadPlanner,
  request: EntitiesRequest,
  restriction: EntityFilter | undefined,
): Promise<{ items: string[]; hasMore: boolean }> {
  const limit = request.page?.limit ?? queryLimits.maxLimit;
  let offset = request.page?.offset ?? 0;
  const plan = await planner.plan(combineRead(request.filter, restriction), undefined);
  const items: string[] = [];
  if (plan.none) return { items, hasMore: false };
  for (const scan of legacyScans(request.order)) {
    const wanted = limit + 1 - items.length;
    const strategy = await scanStrategy(planner, plan, scan, wanted + offset);
    const rows = await scanEntities(db, dialect, { plan, order: scan, strategy, limit: wanted, offset });
    if (rows.length === 0 && offset > 0) {
      // The offset lies beyond this scan: skip its rows and go on with the next one.
      offset = Math.max(0, offset - (await planner.count(plan, countScope(scan))));
      continue;
    }
    offset = 0;
    for (const row of rows) items.push(row.final);
    if (items.length > limit) break;
  }
  return { items: items.slice(0, limit), hasMore: items.length > limit };
}
