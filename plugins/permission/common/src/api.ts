import { z } from 'zod';
import { permissionCriteriaSchema } from './criteria.js';
import type { PolicyDecision } from './decisions.js';
import type { Permission, ResourcePermission } from './permission.js';

/** Asks whether the caller may do `permission` (on `resourceRef`, for resource permissions). */
export interface AuthorizePermissionRequest {
  permission: Permission;
  resourceRef?: string;
}
export interface AuthorizePermissionResponse {
  result: 'ALLOW' | 'DENY';
}

/** Asks what the caller may do with resources of a type, as conditions a plugin turns into a query. */
export interface QueryPermissionRequest {
  permission: ResourcePermission;
  resourceRef?: undefined;
}
/** A policy's decision as the caller receives it: allow, deny, or conditions to apply. */
export type QueryPermissionResponse = PolicyDecision;

const permissionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('basic'),
    name: z.string().min(1).max(200),
    attributes: z.object({ action: z.enum(['create', 'read', 'update', 'delete']).optional() }),
  }),
  z.object({
    type: z.literal('resource'),
    name: z.string().min(1).max(200),
    attributes: z.object({ action: z.enum(['create', 'read', 'update', 'delete']).optional() }),
    resourceType: z.string().min(1).max(200),
  }),
]);

/**
 * The body of `POST /api/permission/authorize` (Backstage's shape): at most 1000 items,
 * each with a caller-chosen `id` echoed in the response.
 *
 * @example
 * authorizeRequestSchema.parse({ items: [{ id: '1', permission: catalogEntityReadPermission, resourceRef: 'component:default/a' }] });
 */
export const authorizeRequestSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        permission: permissionSchema,
        resourceRef: z.string().min(1).max(1000).optional(),
      }),
    )
    .max(1000),
});
export type AuthorizeRequestBody = z.infer<typeof authorizeRequestSchema>;

/** The response of `POST /api/permission/authorize`: one item per request item, same ids. */
export interface AuthorizeResponseBody {
  items: ({ id: string } & QueryPermissionResponse)[];
}

/**
 * Validates the response of `POST /api/permission/authorize` (used by the typed client).
 *
 * @example
 * const { items } = authorizeResponseSchema.parse(await response.json());
 */
export const authorizeResponseSchema = z.object({
  items: z.array(
    z.union([
      z.object({ id: z.string(), result: z.enum(['ALLOW', 'DENY']) }),
      z.object({
        id: z.string(),
        result: z.literal('CONDITIONAL'),
        pluginId: z.string(),
        resourceType: z.string(),
        conditions: z.lazy(() => permissionCriteriaSchema),
      }),
    ]),
  ),
});
