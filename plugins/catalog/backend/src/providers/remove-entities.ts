import type { Transaction } from 'kysely';
import type { CatalogDatabase } from '../database/tables.js';

/**
 * Deletes entities and, transitively, every child that no other parent or provider
 * still references (eager pruning, reference §3.6): their rows, the relations they
 * originated, their outgoing edges and refresh keys. Returns every ref whose final form
 * must be stitched again: the removed ones (so their finals go, with a `deleted` history
 * entry) and the peers of their relations.
 *
 * @example
 * const touched = await removeEntities(trx, ['component:default/legacy']);
 * await markForStitch(trx, touched);
 */
export async function removeEntities(
  trx: Transaction<CatalogDatabase>,
  refs: readonly string[],
): Promise<Set<string>> {
  const touched = new Set<string>();
  const pending = [...new Set(refs)];
  const removed = new Set<string>();
  let next = 0;
  while (next < pending.length) {
    const batch: string[] = [];
    while (next < pending.length && batch.length < 500) {
      const ref = pending[next++]!;
      if (!removed.has(ref) && !batch.includes(ref)) batch.push(ref);
    }
    if (batch.length === 0) continue;
    const rows = await trx
      .selectFrom('entities')
      .select(['entity_id', 'entity_ref'])
      .where('entity_ref', 'in', batch)
      .execute();
    const ids = rows.map((r) => r.entity_id);
    for (const ref of batch) {
      removed.add(ref);
      touched.add(ref);
    }
    if (ids.length > 0) {
      const peers = await trx
        .selectFrom('relations')
        .select('source_ref')
        .distinct()
        .where('originating_entity_id', 'in', ids)
        .execute();
      for (const { source_ref } of peers) touched.add(source_ref);
      await trx.deleteFrom('relations').where('originating_entity_id', 'in', ids).execute();
      await trx.deleteFrom('refresh_keys').where('entity_id', 'in', ids).execute();
      await trx.deleteFrom('entities').where('entity_id', 'in', ids).execute();
    }
    const children = await trx
      .selectFrom('edges')
      .select('target_entity_ref')
      .distinct()
      .where('source_entity_ref', 'in', batch)
      .execute();
    await trx.deleteFrom('edges').where('source_entity_ref', 'in', batch).execute();
    if (children.length === 0) continue;
    const childRefs = children.map((c) => c.target_entity_ref);
    const stillReferenced = new Set<string>();
    for (let i = 0; i < childRefs.length; i += 500) {
      const rows = await trx
        .selectFrom('edges')
        .select('target_entity_ref')
        .distinct()
        .where('target_entity_ref', 'in', childRefs.slice(i, i + 500))
        .execute();
      for (const row of rows) stillReferenced.add(row.target_entity_ref);
    }
    for (const child of childRefs) {
      if (!stillReferenced.has(child) && !removed.has(child)) pending.push(child);
    }
  }
  return touched;
}
