import type { CatalogModel } from '@greenroom/catalog-model';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../database/tables.js';
import type { CatalogProcessor } from '../processing/catalog-processor.js';
import { stableHash } from '../shared/stable-hash.js';

const KEY = 'processing-version';

/**
 * What processing depends on besides each entity: the compiled model (kinds, schemas,
 * relation fields, annotations) and the processors in their order. When it differs from
 * the version the stored results were made with, every entity is made due, so results
 * follow an upgrade or a new plugin without waiting for their inputs to change.
 * Returns whether a reprocessing was scheduled (never on a new, empty catalog).
 *
 * @example
 * if (await scheduleReprocessingOnChange(db, model, processors)) logger.info('Model changed: processing everything again');
 */
export async function scheduleReprocessingOnChange(
  db: Kysely<CatalogDatabase>,
  model: CatalogModel,
  processors: readonly CatalogProcessor[],
  now = Date.now(),
): Promise<boolean> {
  const version = stableHash({
    model: model.introspect(),
    processors: processors.map((p) => [p.name, p.priority ?? 20, p.readsExternalState === true]),
  });
  return db.transaction().execute(async (trx) => {
    const stored = await trx
      .selectFrom('catalog_meta')
      .select('value')
      .where('key', '=', KEY)
      .executeTakeFirst();
    if (stored?.value === version) return false;
    if (stored) {
      await trx.updateTable('catalog_meta').set({ value: version }).where('key', '=', KEY).execute();
    } else {
      await trx.insertInto('catalog_meta').values({ key: KEY, value: version }).execute();
    }
    if (!stored) return false;
    await trx.updateTable('entities').set({ next_update_at: now, result_hash: null }).execute();
    return true;
  });
}
