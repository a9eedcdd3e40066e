export { flattenEntity, type SearchableEntity, type SearchRow } from '../../search/search-rows.js';
export { type AfterCursor, decodeAfterCursor, encodeAfterCursor } from './after-cursor.js';
export {
  type EntitiesByRefsRequest,
  entitiesByRefsBodySchema,
  entitiesByRefsQuerySchema,
  parseEntitiesByRefsRequest,
} from './entities-by-refs-request.js';
export { type EntitiesRequest, getEntitiesQuerySchema, parseGetEntitiesRequest } from './entities-request.js';
export {
  decodeEntityCursor,
  type EntityCursorState,
  encodeEntityCursor,
  type FullTextFilter,
} from './entity-cursor.js';
export {
  type EntityFacetsRequest,
  entityFacetsBodySchema,
  entityFacetsQuerySchema,
  type FacetRequest,
  parseEntityFacetsGetRequest,
  parseEntityFacetsPostRequest,
} from './entity-facets-request.js';
export {
  combineFilters,
  type EntityFilter,
  entityFilterSchema,
  type FieldFilter,
  type FieldMatch,
  isMatchAll,
  MATCH_ALL,
  MATCH_NONE,
  measureFilter,
  simplifyFilter,
} from './entity-filter.js';
export {
  checkFieldPath,
  type EntityOrder,
  parseOrderBy,
  parseOrderFieldParams,
  parseOrderParams,
} from './entity-order.js';
export { createEntityProjector, parseFields, projectEntity } from './field-projection.js';
export { filterToPredicate } from './filter-to-predicate.js';
export {
  matchesFullText,
  type ResolvedFullText,
  resolveFullText,
  toFullTextFilter,
} from './full-text-filter.js';
export { parseLegacyFilterParams } from './legacy-filter.js';
export { LIKE_ESCAPE, likeContainsPattern, likePrefixPattern } from './like-pattern.js';
export { queryLimits } from './limits.js';
export {
  decodeLocationCursor,
  encodeLocationCursor,
  LOCATION_QUERY_FIELDS,
  type LocationCursorState,
  parseLocationPredicate,
} from './location-cursor.js';
export {
  type LocationsQuery,
  locationsQueryBodySchema,
  matchesLocation,
  parseLocationsQueryRequest,
} from './locations-query-request.js';
export {
  createEntityMatcher,
  indexSearchRows,
  matchesEntity,
  matchesSearchIndex,
  type SearchIndex,
} from './match-entity.js';
export {
  type FilterPredicate,
  type PredicatePrimitive,
  parseFilterPredicate,
} from './predicate.js';
export {
  type EntitiesQuery,
  encodeQueryCursor,
  parseQueryEntitiesGetRequest,
  parseQueryEntitiesPostRequest,
  queryEntitiesBodySchema,
  queryEntitiesQuerySchema,
  type TotalItemsMode,
} from './query-entities-request.js';
