import type { Insertable } from 'kysely';
import type { TableRowsSpec } from './sql-helpers.js';
import type { EntitiesTable } from './tables.js';

/** Every `entities` column, for writing many {@link entityRow}s with `insertRows`. */
export const ENTITY_ROWS: TableRowsSpec = {
  table: 'entities',
  columns: {
    entity_id: 'text',
    entity_ref: 'text',
    location_key: 'text',
    unprocessed: 'text',
    unprocessed_hash: 'text',
    processed: 'text',
    result_hash: 'text',
    errors: 'text',
    cache: 'text',
    next_update_at: 'bigint',
    claimed_until: 'bigint',
    updated_at: 'bigint',
  },
};

/**
 * An `entities` row for tests that write the table directly: unprocessed `{}`, never
 * processed, not due, unclaimed; `overrides` set the rest.
 *
 * @example
 * await db.insertInto('entities').values(entityRow('component:default/a', { next_update_at: 1 })).execute();
 */
export function entityRow(
  ref: string,
  overrides: Partial<Insertable<EntitiesTable>> = {},
): Insertable<EntitiesTable> {
  return {
    entity_id: `id-${ref}`,
    entity_ref: ref,
    location_key: null,
    unprocessed: '{}',
    unprocessed_hash: 'h',
    processed: null,
    result_hash: null,
    errors: null,
    cache: null,
    next_update_at: null,
    claimed_until: null,
    updated_at: 0,
    ...overrides,
  };
}
