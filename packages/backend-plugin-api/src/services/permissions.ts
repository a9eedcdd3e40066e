import type {
  AuthorizePermissionRequest,
  AuthorizePermissionResponse,
  Permission,
  PermissionCondition,
  PermissionCriteria,
  QueryPermissionRequest,
  QueryPermissionResponse,
} from '@greenroom/plugin-permission-common';
import type { z } from 'zod';
import type { Credentials } from './auth.js';

/**
 * A rule a resource's plugin offers to policies, e.g. `IS_ENTITY_OWNER` for
 * `catalog-entity`. `apply` checks one resource in memory; `toQuery` turns the rule
 * into the plugin's own query type, so lists are filtered in the database.
 *
 * @example
 * const isEntityKind: PermissionRule<Entity, EntityFilter, 'catalog-entity', { kinds: string[] }> = {
 *   name: 'IS_ENTITY_KIND',
 *   description: 'Allow entities of the given kinds',
 *   resourceType: 'catalog-entity',
 *   paramsSchema: z.object({ kinds: z.array(z.string()) }),
 *   apply: (entity, { kinds }) => kinds.some((kind) => kind.toLowerCase() === entity.kind.toLowerCase()),
 *   toQuery: ({ kinds }) => ({ key: 'kind', match: { op: 'eq', values: kinds } }),
 * };
 */
export interface PermissionRule<
  TResource,
  TQuery,
  TResourceType extends string = string,
  TParams extends Record<string, unknown> = Record<string, unknown>,
> {
  name: string;
  description: string;
  resourceType: TResourceType;
  /** Validates `params`; also published (as JSON Schema) for policy authors. */
  paramsSchema?: z.ZodType<TParams>;
  apply(resource: TResource, params: TParams): boolean;
  toQuery(params: TParams): PermissionCriteria<TQuery>;
}

/** A resource type a plugin owns: its permissions, rules, and how to load resources by ref. */
export interface PermissionResourceTypeOptions<TResource, TQuery> {
  resourceType: string;
  permissions?: Permission[];
  rules: PermissionRule<TResource, TQuery, string, any>[];
  /** Loads resources for `authorize` with `resourceRef`; `undefined` where one is missing. */
  getResources?(resourceRefs: string[]): Promise<(TResource | undefined)[]>;
}

/**
 * Where a plugin declares its permissions, resource types and rules, and turns
 * conditional decisions into queries or in-memory checks with its own rules.
 *
 * @example
 * permissionsRegistry.addResourceType({ resourceType: 'catalog-entity', permissions, rules, getResources });
 * const filter = permissionsRegistry.toQuery<EntityFilter>('catalog-entity', decision.conditions);
 */
export interface PermissionsRegistryService {
  addResourceType<TResource, TQuery>(options: PermissionResourceTypeOptions<TResource, TQuery>): void;
  addPermissions(permissions: Permission[]): void;
  addPermissionRules(rules: PermissionRule<any, any, string, any>[]): void;
  /**
   * The conditions as this plugin's query type; throws `InputError` for rules it does
   * not know or params that fail the rule's schema.
   */
  toQuery<TQuery>(
    resourceType: string,
    conditions: PermissionCriteria<PermissionCondition>,
  ): PermissionCriteria<TQuery>;
  /** Whether `resource` satisfies the conditions (for single-resource checks). */
  applyConditions<TResource>(
    resourceType: string,
    resource: TResource,
    conditions: PermissionCriteria<PermissionCondition>,
  ): boolean;
}

/**
 * Asks the permission policy. `authorize` gives definite answers (resource checks with
 * `resourceRef` are resolved with the resource's conditions); `authorizeConditional`
 * may answer `CONDITIONAL` so a plugin can filter a list in its query.
 *
 * @example
 * const [decision] = await permissions.authorizeConditional([{ permission: catalogEntityReadPermission }], { credentials });
 */
export interface PermissionsService {
  authorize(
    requests: AuthorizePermissionRequest[],
    options: { credentials: Credentials },
  ): Promise<AuthorizePermissionResponse[]>;
  authorizeConditional(
    requests: QueryPermissionRequest[],
    options: { credentials: Credentials },
  ): Promise<QueryPermissionResponse[]>;
}
