import type {
  PermissionResourceTypeOptions,
  PermissionRule,
  PermissionsRegistryService,
} from '@greenroom/backend-plugin-api';
import { InputError } from '@greenroom/errors';
import {
  type ApplyConditionsRequestBody,
  type ApplyConditionsResponseBody,
  evaluateCriteria,
  mapCriteria,
  type Permission,
  type PermissionCondition,
  type PermissionCriteria,
  type PermissionMetadata,
} from '@greenroom/plugin-permission-common';
import { z } from 'zod';

type AnyRule = PermissionRule<any, any, string, any>;

interface ResourceTypeEntry {
  rules: Map<string, AnyRule>;
  getResources?: (refs: string[]) => Promise<unknown[]>;
}

/**
 * One plugin's permissions registry: the permissions it declares, its resource types
 * and their rules. Turns conditional decisions into the plugin's query type or checks
 * them in memory, and answers the well-known metadata and apply-conditions routes.
 *
 * @example
 * const registry = new DefaultPermissionsRegistry('catalog');
 * registry.addResourceType({ resourceType: 'catalog-entity', permissions, rules, getResources });
 * const filter = registry.toQuery('catalog-entity', decision.conditions);
 */
export class DefaultPermissionsRegistry implements PermissionsRegistryService {
  readonly #pluginId: string;
  readonly #permissions = new Map<string, Permission>();
  readonly #resourceTypes = new Map<string, ResourceTypeEntry>();

  constructor(pluginId: string) {
    this.#pluginId = pluginId;
  }

  addResourceType<TResource, TQuery>(options: PermissionResourceTypeOptions<TResource, TQuery>): void {
    if (this.#resourceTypes.has(options.resourceType)) {
      throw new Error(
        `Plugin '${this.#pluginId}' registered resource type '${options.resourceType}' twice; register it once`,
      );
    }
    this.#resourceTypes.set(options.resourceType, {
      rules: new Map(),
      ...(options.getResources ? { getResources: options.getResources } : {}),
    });
    this.addPermissions(options.permissions ?? []);
    this.addPermissionRules(options.rules);
  }

  addPermissions(permissions: Permission[]): void {
    for (const permission of permissions) {
      const existing = this.#permissions.get(permission.name);
      if (existing && JSON.stringify(existing) !== JSON.stringify(permission)) {
        throw new Error(
          `Plugin '${this.#pluginId}' declared permission '${permission.name}' twice with different shapes`,
        );
      }
      this.#permissions.set(permission.name, permission);
    }
  }

  addPermissionRules(rules: AnyRule[]): void {
    for (const rule of rules) {
      const entry = this.#resourceTypes.get(rule.resourceType);
      if (!entry) {
        throw new Error(
          `Plugin '${this.#pluginId}' added rule '${rule.name}' for resource type '${rule.resourceType}', ` +
            'which it has not registered; call addResourceType first',
        );
      }
      if (entry.rules.has(rule.name)) {
        throw new Error(
          `Plugin '${this.#pluginId}' added rule '${rule.name}' for '${rule.resourceType}' twice`,
        );
      }
      entry.rules.set(rule.name, rule);
    }
  }

  toQuery<TQuery>(
    resourceType: string,
    conditions: PermissionCriteria<PermissionCondition>,
  ): PermissionCriteria<TQuery> {
    return mapCriteria(conditions, (condition) => {
      const { rule, params } = this.#resolve(resourceType, condition);
      return rule.toQuery(params) as TQuery;
    }) as PermissionCriteria<TQuery>;
  }

  applyConditions<TResource>(
    resourceType: string,
    resource: TResource,
    conditions: PermissionCriteria<PermissionCondition>,
  ): boolean {
    return evaluateCriteria(conditions, (condition) => {
      const { rule, params } = this.#resolve(resourceType, condition);
      return rule.apply(resource, params);
    });
  }

  /** What this plugin declares, as served on the metadata route. */
  getMetadata(): PermissionMetadata {
    return {
      pluginId: this.#pluginId,
      permissions: [...this.#permissions.values()],
      resourceTypes: [...this.#resourceTypes.keys()],
      rules: [...this.#resourceTypes.values()].flatMap((entry) =>
        [...entry.rules.values()].map((rule) => ({
          name: rule.name,
          description: rule.description,
          resourceType: rule.resourceType,
          ...(rule.paramsSchema
            ? {
                paramsSchema: z.toJSONSchema(rule.paramsSchema, { unrepresentable: 'any' }) as Record<
                  string,
                  unknown
                >,
              }
            : {}),
        })),
      ),
    };
  }

  /**
   * Loads each item's resource with the type's `getResources` and applies the item's
   * conditions; a missing resource is `DENY`. Throws `InputError` for unknown types,
   * rules or params.
   */
  async applyConditionsBatch(body: ApplyConditionsRequestBody): Promise<ApplyConditionsResponseBody> {
    const byType = new Map<string, ApplyConditionsRequestBody['items']>();
    for (const item of body.items) {
      const entry = this.#resourceTypes.get(item.resourceType);
      if (!entry) {
        throw new InputError(
          `Plugin '${this.#pluginId}' has no resource type '${item.resourceType}' (item '${item.id}'); ` +
            `it has: ${[...this.#resourceTypes.keys()].join(', ') || 'none'}`,
        );
      }
      if (!entry.getResources) {
        throw new InputError(
          `Plugin '${this.#pluginId}' cannot load '${item.resourceType}' resources by ref (no getResources)`,
        );
      }
      byType.set(item.resourceType, [...(byType.get(item.resourceType) ?? []), item]);
    }
    const results = new Map<string, 'ALLOW' | 'DENY'>();
    for (const [resourceType, items] of byType) {
      const entry = this.#resourceTypes.get(resourceType) as Required<ResourceTypeEntry>;
      const refs = [...new Set(items.map((item) => item.resourceRef))];
      const loaded = await entry.getResources(refs);
      const resources = new Map(refs.map((ref, i) => [ref, loaded[i]]));
      for (const item of items) {
        const resource = resources.get(item.resourceRef);
        const allowed =
          resource !== undefined && this.applyConditions(resourceType, resource, item.conditions);
        results.set(item.id, allowed ? 'ALLOW' : 'DENY');
      }
    }
    return { items: body.items.map((item) => ({ id: item.id, result: results.get(item.id) ?? 'DENY' })) };
  }

  #resolve(resourceType: string, condition: PermissionCondition): { rule: AnyRule; params: unknown } {
    const entry = this.#resourceTypes.get(resourceType);
    if (!entry) {
      throw new InputError(`Plugin '${this.#pluginId}' has no permission resource type '${resourceType}'`);
    }
    if (condition.resourceType !== resourceType) {
      throw new InputError(
        `Condition '${condition.rule}' is for resource type '${condition.resourceType}', expected '${resourceType}'`,
      );
    }
    const rule = entry.rules.get(condition.rule);
    if (!rule) {
      throw new InputError(
        `Unknown permission rule '${condition.rule}' for '${resourceType}' in plugin '${this.#pluginId}'; ` +
          `known rules: ${[...entry.rules.keys()].join(', ') || 'none'}`,
      );
    }
    if (!rule.paramsSchema) return { rule, params: condition.params ?? {} };
    const parsed = rule.paramsSchema.safeParse(condition.params ?? {});
    if (!parsed.success) {
      throw new InputError(
        `Invalid params for permission rule '${condition.rule}' (${resourceType}): ${z.prettifyError(parsed.error)}`,
      );
    }
    return { rule, params: parsed.data };
  }
}
