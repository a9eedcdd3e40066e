export {
  type CatalogApi,
  CatalogClient,
  catalogApiFactory,
  catalogApiRef,
  type EntityFilterMap,
  type EntityHistoryEntry,
  type EntityPage,
  type EntityQuery,
} from './api/catalog-api.js';
export { EntityLink } from './EntityLink.js';
export { useEntity } from './entity-page/use-entity.js';
export { type EntityName, entityTitle, humanizeRef, parseRef, stringifyRef } from './entity-ref.js';
export { catalogPlugin } from './plugin.js';
export { catalogIndexRouteRef, createComponentRouteRef, entityRouteRef } from './routes.js';
export { CatalogSearchBox } from './search/CatalogSearchBox.js';
export { useStarredEntities } from './starred-entities.js';
