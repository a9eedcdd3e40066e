import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { CatalogDatabase } from '../../database/tables.js';
import { parseWith } from '../query/params.js';

const unprocessedQuerySchema = z.object({
  state: z
    .enum(['failed', 'pending'])
    .optional()
    .describe(
      "'failed' (default): entities whose processing failed and that were never stitched; 'pending': not processed yet",
    ),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('At most this many (default 100)'),
});

const unprocessedEntitySchema = z.object({
  entityId: z.string(),
  entityRef: z.string(),
  locationKey: z.string().nullable(),
  entity: z.looseObject({}).describe('The entity as its source gave it'),
  errors: z.array(z.object({ name: z.string(), message: z.string() })),
  updatedAt: z.string(),
});

/**
 * Entities that have no final form, so the entity API cannot show them: those whose
 * processing failed before they were ever valid (with their errors), and those still
 * waiting for processing. `GET /entities/unprocessed`.
 *
 * @example
 * const { items } = await new UnprocessedEntities(db).list({ state: 'failed' });
 */
export class UnprocessedEntities {
  readonly querySchema = unprocessedQuerySchema;
  readonly responseSchema = z.object({ items: z.array(unprocessedEntitySchema) });
  readonly #db: Kysely<CatalogDatabase>;

  constructor(db: Kysely<CatalogDatabase>) {
    this.#db = db;
  }

  async list(query: unknown): Promise<{ items: z.output<typeof unprocessedEntitySchema>[] }> {
    const q = parseWith(unprocessedQuerySchema, query ?? {}, 'query parameters of GET /entities/unprocessed');
    let select = this.#db
      .selectFrom('entities')
      .select(['entity_id', 'entity_ref', 'location_key', 'unprocessed', 'errors', 'updated_at'])
      .where('processed', 'is', null)
      .orderBy('entity_ref')
      .limit(q.limit ?? 100);
    select =
      (q.state ?? 'failed') === 'failed'
        ? select.where('errors', 'is not', null)
        : select.where('errors', 'is', null);
    const rows = await select.execute();
    return {
      items: rows.map((row) => ({
        entityId: row.entity_id,
        entityRef: row.entity_ref,
        locationKey: row.location_key,
        entity: JSON.parse(row.unprocessed) as Record<string, unknown>,
        errors: row.errors ? (JSON.parse(row.errors) as { name: string; message: string }[]) : [],
        updatedAt: new Date(Number(row.updated_at)).toISOString(),
      })),
    };
  }
}
