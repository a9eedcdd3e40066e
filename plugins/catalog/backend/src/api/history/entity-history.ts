import { InputError } from '@greenroom/errors';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { CatalogDatabase } from '../../database/tables.js';
import { decodeBase64Json, encodeBase64Json } from '../query/base64-json.js';
import { formatIssues, parseWith } from '../query/params.js';

const historyQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional().describe('Entries per page, 1–500 (default 50)'),
  cursor: z.string().max(200).optional().describe('The nextCursor of the previous page'),
});

const historyCursorSchema = z.object({ beforeId: z.number().int().min(1) });

const historyEntrySchema = z.object({
  id: z.number().int(),
  at: z.string().describe('When the change was stitched (ISO 8601)'),
  change: z.enum(['created', 'updated', 'deleted']),
  source: z.string().nullable().describe('The location or provider key the entity came from'),
  diff: z
    .array(z.looseObject({ op: z.string(), path: z.string() }))
    .nullable()
    .describe('JSON Patch (RFC 6902) from the previous version; null for created and deleted'),
});

const historyPageSchema = z.object({
  entityRef: z.string(),
  items: z.array(historyEntrySchema),
  pageInfo: z.object({ nextCursor: z.string().optional() }),
});

/** One page of an entity's history. */
export type EntityHistoryPage = z.output<typeof historyPageSchema>;

/**
 * Reads `entity_history` for `GET /entities/by-name/:kind/:namespace/:name/history`,
 * newest first, paged by a cursor. The history of a deleted entity stays readable
 * until retention removes it.
 *
 * @example
 * const page = await new EntityHistory(db).page('component:default/billing', { limit: '20' });
 */
export class EntityHistory {
  readonly querySchema = historyQuerySchema;
  readonly pageSchema = historyPageSchema;
  readonly #db: Kysely<CatalogDatabase>;

  constructor(db: Kysely<CatalogDatabase>) {
    this.#db = db;
  }

  /** A page of history; undefined when the ref has none. */
  async page(entityRef: string, query: unknown): Promise<EntityHistoryPage | undefined> {
    const q = parseWith(historyQuerySchema, query ?? {}, 'query parameters of the history');
    const limit = q.limit ?? 50;
    let beforeId: number | undefined;
    if (q.cursor) {
      const cursor = historyCursorSchema.safeParse(decodeBase64Json(q.cursor, 'Malformed cursor'));
      if (!cursor.success) throw new InputError(`Malformed cursor: ${formatIssues(cursor.error)}`);
      beforeId = cursor.data.beforeId;
    }
    let select = this.#db
      .selectFrom('entity_history')
      .select(['id', 'at', 'change', 'source', 'diff'])
      .where('entity_ref', '=', entityRef)
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (beforeId !== undefined) select = select.where('id', '<', beforeId);
    const rows = await select.execute();
    if (rows.length === 0 && beforeId === undefined) return undefined;
    const items = rows.slice(0, limit).map((row) => ({
      id: Number(row.id),
      at: new Date(Number(row.at)).toISOString(),
      change: row.change,
      source: row.source,
      diff: row.diff === null ? null : (JSON.parse(row.diff) as { op: string; path: string }[]),
    }));
    const last = items.at(-1);
    return {
      entityRef,
      items,
      pageInfo: rows.length > limit && last ? { nextCursor: encodeBase64Json({ beforeId: last.id }) } : {},
    };
  }
}
