import { TimeSlice } from '@greenroom/backend-plugin-api';
import type { Entity } from '@greenroom/catalog-model';
import { flattenEntity, type SearchRow } from '../search/index.js';
import { buildFinalEntity, type FinalEntity, type StoredProcessingError } from './final-entity.js';
import { diffEntities } from './json-patch.js';
import type { PreviousFinals, StitchInputs } from './stitch-inputs.js';

/**
 * A final entity to store, with its search rows and history entry. An update names the
 * stored final's id; a created final gets its id when written.
 */
export type StitchWrite = StitchWriteContent &
  ({ change: 'created' } | { change: 'updated'; finalId: number });

interface StitchWriteContent {
  ref: string;
  entityId: string;
  final: FinalEntity;
  /** Search rows to add and (for updates) to remove, after {@link diffWithPrevious}. */
  searchInserts: SearchRow[];
  searchDeletes: SearchRow[];
  /** JSON Patch from the previous final form, for updates. */
  diff: string | null;
  source: string | null;
}

/** What one stitch batch will do, decided before anything is written. */
export interface StitchPlan {
  writes: StitchWrite[];
  /** Finals to remove: the entity is gone, or was re-created under a new id. */
  deletes: { ref: string; entityId: string; finalId: number }[];
  unchanged: string[];
  /** Refs with nothing to stitch: never processed successfully, or unknown. */
  skipped: string[];
  /** Refs whose final could not be built (e.g. keys that clash by case); left as they are. */
  failed: { ref: string; error: Error }[];
}

/**
 * Decides, from the loaded inputs, what each ref needs: a new or updated final (only
 * when its hash changed), the removal of a final whose entity is gone, or nothing.
 * Building a batch's finals and search rows takes a few hundred milliseconds for 2,000
 * entities, so it runs in slices of `slice` (10 ms by default) and lets requests through
 * between them.
 *
 * @example
 * const plan = await planStitch(refs, await loadStitchInputs(db, dialect, refs));
 */
export async function planStitch(
  refs: readonly string[],
  inputs: StitchInputs,
  slice: TimeSlice = new TimeSlice(),
): Promise<StitchPlan> {
  const plan: StitchPlan = { writes: [], deletes: [], unchanged: [], skipped: [], failed: [] };
  for (const ref of refs) {
    if (slice.due) await slice.yield();
    const row = inputs.entities.get(ref);
    const previous = inputs.previous.get(ref);
    const sameEntity = previous !== undefined && row !== undefined && previous.entity_id === row.entity_id;
    const replaced = previous !== undefined && !sameEntity;
    if (replaced) plan.deletes.push({ ref, entityId: previous.entity_id, finalId: previous.id });
    if (!row || row.processed === null) {
      if (!replaced) plan.skipped.push(ref);
      continue;
    }
    try {
      const final = buildFinalEntity({
        entityId: row.entity_id,
        processed: JSON.parse(row.processed) as Entity,
        errors: parseErrors(row.errors),
        relations: inputs.relations.get(ref) ?? [],
        isOrphan: !inputs.referenced.has(ref),
      });
      if (sameEntity && previous.hash === final.hash) {
        plan.unchanged.push(ref);
        continue;
      }
      const content: StitchWriteContent = {
        ref,
        entityId: row.entity_id,
        final,
        searchInserts: flattenEntity(final.entity),
        searchDeletes: [],
        diff: null,
        source: row.location_key,
      };
      plan.writes.push(
        sameEntity
          ? { ...content, change: 'updated', finalId: previous.id }
          : { ...content, change: 'created' },
      );
    } catch (error) {
      plan.failed.push({ ref, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return plan;
}

/**
 * Turns the updates of a plan into differences against what is stored: the JSON Patch
 * for the history, and only the search rows that were added or removed. In slices, as
 * {@link planStitch}.
 *
 * @example
 * await diffWithPrevious(plan, await loadPreviousFinals(db, dialect, updatedIds));
 */
export async function diffWithPrevious(
  plan: StitchPlan,
  previous: PreviousFinals,
  slice: TimeSlice = new TimeSlice(),
): Promise<void> {
  for (const write of plan.writes) {
    if (write.change !== 'updated') continue;
    if (slice.due) await slice.yield();
    const stored = previous.finals.get(write.finalId);
    if (stored !== undefined)
      write.diff = JSON.stringify(diffEntities(JSON.parse(stored), write.final.entity));
    const storedRows = previous.searchRows.get(write.finalId) ?? [];
    const next = new Set(write.searchInserts.map(rowIdentity));
    const kept = new Set<string>();
    for (const row of storedRows) {
      const identity = rowIdentity(row);
      if (next.has(identity)) kept.add(identity);
      else write.searchDeletes.push(row);
    }
    write.searchInserts = write.searchInserts.filter((row) => !kept.has(rowIdentity(row)));
  }
}

function rowIdentity(row: SearchRow): string {
  return `${row.key}\u0000${row.value ?? '\u0001'}\u0000${row.originalValue ?? '\u0001'}`;
}

function parseErrors(errors: string | null): StoredProcessingError[] {
  if (!errors) return [];
  const parsed: unknown = JSON.parse(errors);
  return Array.isArray(parsed) ? (parsed as StoredProcessingError[]) : [];
}
