export { ancestryLimits, type EntityAncestry, type EntityAncestryItem } from './ancestry.js';
export { CatalogReader, type CatalogReaderOptions, type ReadOptions } from './catalog-reader.js';
export type { EntityFacets } from './facets.js';
export { STREAM_CHUNK_SIZE } from './list-entities.js';
export type { QueryEntitiesResult } from './query-entities.js';
