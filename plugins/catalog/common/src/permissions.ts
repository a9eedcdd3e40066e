import { createPermission } from '@greenroom/plugin-permission-common';

/** The resource type of catalog entities in permission checks and conditions. */
export const CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/** Reading entities: lists, counts, facets, paging and by-refs are filtered by it. */
export const catalogEntityReadPermission = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/** Registering locations that create entities (`POST /locations`). */
export const catalogEntityCreatePermission = createPermission({
  name: 'catalog.entity.create',
  attributes: { action: 'create' },
});

/** Deleting an entity (`DELETE /entities/by-uid/:uid`). */
export const catalogEntityDeletePermission = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/** Asking for an entity to be refreshed (`POST /refresh`). */
export const catalogEntityRefreshPermission = createPermission({
  name: 'catalog.entity.refresh',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/** Validating an entity without storing it (`POST /validate-entity`). */
export const catalogEntityValidatePermission = createPermission({ name: 'catalog.entity.validate' });

/** Reading registered locations. */
export const catalogLocationReadPermission = createPermission({
  name: 'catalog.location.read',
  attributes: { action: 'read' },
});

/** Registering a location. */
export const catalogLocationCreatePermission = createPermission({
  name: 'catalog.location.create',
  attributes: { action: 'create' },
});

/** Removing a registered location. */
export const catalogLocationDeletePermission = createPermission({
  name: 'catalog.location.delete',
  attributes: { action: 'delete' },
});

/** Analysing a location without registering it (`POST /analyze-location`). */
export const catalogLocationAnalyzePermission = createPermission({ name: 'catalog.location.analyze' });

/** Every permission the catalog declares. */
export const catalogPermissions = [
  catalogEntityReadPermission,
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogLocationReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationAnalyzePermission,
];
