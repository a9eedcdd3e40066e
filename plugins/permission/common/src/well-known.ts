import { z } from 'zod';
import { permissionCriteriaSchema } from './criteria.js';
import type { Permission } from './permission.js';

/** Where every plugin with a permissions registry publishes what it declares (service callers only). */
export const PERMISSION_METADATA_PATH = '/.well-known/greenroom/permissions/metadata';
/** Where every plugin with a permissions registry applies conditions to its resources (service callers only). */
export const APPLY_CONDITIONS_PATH = '/.well-known/greenroom/permissions/apply-conditions';

/** The most items one apply-conditions request may carry (the authorize batch limit). */
export const MAX_APPLY_CONDITIONS_ITEMS = 1000;

/**
 * The body of `POST <plugin>/.well-known/greenroom/permissions/apply-conditions`.
 *
 * @example
 * applyConditionsRequestSchema.parse({ items: [{ id: '1', resourceRef: 'component:default/a', resourceType: 'catalog-entity', conditions: { rule: 'IS_ENTITY_KIND', resourceType: 'catalog-entity', params: { kinds: ['component'] } } }] });
 */
export const applyConditionsRequestSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(200),
        resourceRef: z.string().min(1).max(1000),
        resourceType: z.string().min(1).max(200),
        conditions: permissionCriteriaSchema,
      }),
    )
    .max(MAX_APPLY_CONDITIONS_ITEMS),
});
export type ApplyConditionsRequestBody = z.infer<typeof applyConditionsRequestSchema>;

/** The answer of apply-conditions: one item per request item, same ids. */
export const applyConditionsResponseSchema = z.object({
  items: z.array(z.object({ id: z.string(), result: z.enum(['ALLOW', 'DENY']) })),
});
export type ApplyConditionsResponseBody = z.infer<typeof applyConditionsResponseSchema>;

/** A rule as a plugin publishes it to policy authors. */
export interface PermissionRuleMetadata {
  name: string;
  description: string;
  resourceType: string;
  /** JSON Schema of the rule's params (from its zod schema). */
  paramsSchema?: Record<string, unknown>;
}

/**
 * What `GET <plugin>/.well-known/greenroom/permissions/metadata` answers: the plugin's
 * permissions, resource types and rules.
 *
 * @example
 * const { permissions } = permissionMetadataSchema.parse(await response.json());
 */
export interface PermissionMetadata {
  pluginId: string;
  permissions: Permission[];
  resourceTypes: string[];
  rules: PermissionRuleMetadata[];
}

const actionSchema = z.enum(['create', 'read', 'update', 'delete']);
/** Validates {@link PermissionMetadata} read from another plugin. */
export const permissionMetadataSchema: z.ZodType<PermissionMetadata> = z.object({
  pluginId: z.string(),
  permissions: z.array(
    z.union([
      z.object({
        type: z.literal('basic'),
        name: z.string(),
        attributes: z.object({ action: actionSchema.optional() }),
      }),
      z.object({
        type: z.literal('resource'),
        name: z.string(),
        attributes: z.object({ action: actionSchema.optional() }),
        resourceType: z.string(),
      }),
    ]),
  ),
  resourceTypes: z.array(z.string()),
  rules: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      resourceType: z.string(),
      paramsSchema: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});
