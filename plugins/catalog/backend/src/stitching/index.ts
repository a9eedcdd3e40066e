export {
  type CatalogChange,
  type CatalogChangeListener,
  CatalogChanges,
} from './catalog-changes.js';
export {
  ANNOTATION_ORPHAN,
  buildFinalEntity,
  type FinalEntity,
  type FinalEntityInput,
  LINK_ANNOTATIONS,
  PROCESSING_STATUS_TYPE,
  REJECTED_URL,
  type StoredProcessingError,
} from './final-entity.js';
export { diffEntities, escapePointerSegment, type JsonPatchOperation } from './json-patch.js';
export { type PruneHistoryOptions, pruneHistory } from './prune-history.js';
export {
  type StitchBatchResult,
  type StitchClaim,
  Stitcher,
  type StitcherOptions,
} from './stitcher.js';
export { StoredGeneration } from './stored-generation.js';
