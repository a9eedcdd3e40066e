/** What a permission does to its resource; policies can decide by action. */
export type PermissionAction = 'create' | 'read' | 'update' | 'delete';

export interface PermissionAttributes {
  action?: PermissionAction;
}

/** A permission that is not about one resource, e.g. `catalog.location.create`. */
export interface BasicPermission {
  type: 'basic';
  name: string;
  attributes: PermissionAttributes;
}

/**
 * A permission about resources of one type, e.g. `catalog.entity.read` on
 * `catalog-entity`. Policies may answer it with conditions on the resource.
 */
export interface ResourcePermission<TResourceType extends string = string> {
  type: 'resource';
  name: string;
  attributes: PermissionAttributes;
  resourceType: TResourceType;
}

export type Permission = BasicPermission | ResourcePermission;

/**
 * Declares a permission. With `resourceType` it is a resource permission.
 *
 * @example
 * export const catalogEntityReadPermission = createPermission({
 *   name: 'catalog.entity.read',
 *   attributes: { action: 'read' },
 *   resourceType: 'catalog-entity',
 * });
 */
export function createPermission<TResourceType extends string>(options: {
  name: string;
  attributes?: PermissionAttributes;
  resourceType: TResourceType;
}): ResourcePermission<TResourceType>;
export function createPermission(options: {
  name: string;
  attributes?: PermissionAttributes;
}): BasicPermission;
export function createPermission(options: {
  name: string;
  attributes?: PermissionAttributes;
  resourceType?: string;
}): Permission {
  const attributes = Object.freeze({ ...(options.attributes ?? {}) });
  return Object.freeze(
    options.resourceType
      ? { type: 'resource' as const, name: options.name, attributes, resourceType: options.resourceType }
      : { type: 'basic' as const, name: options.name, attributes },
  );
}

/** Whether `permission` is a resource permission (of `resourceType`, when given). */
export function isResourcePermission<T extends string>(
  permission: Permission,
  resourceType?: T,
): permission is ResourcePermission<T> {
  return permission.type === 'resource' && (!resourceType || permission.resourceType === resourceType);
}
