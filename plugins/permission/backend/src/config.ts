import { z } from 'zod';
import { roleSchema } from './roles/roles-schema.js';

/**
 * `permission.policy` with `type: roles`: roles inline (`roles`), from a watched YAML
 * file (`file`), or, with neither, from the database (editable through the admin API).
 */
export const rolesPolicyConfigSchema = z
  .strictObject({
    type: z.literal('roles'),
    roles: z.array(roleSchema).optional().describe('Roles written in config (read-only through the API)'),
    file: z
      .string()
      .min(1)
      .optional()
      .describe('A roles YAML file, watched for changes (read-only through the API)'),
  })
  .refine((policy) => !(policy.roles && policy.file), {
    message: "give either 'roles' or 'file', not both",
  });

/**
 * The permission plugin's config block.
 *
 * @example
 * permission:
 *   enabled: true
 *   policy: { type: roles, file: ./roles.yaml }
 */
export const permissionConfigSchema = z.object({
  permission: z
    .object({
      enabled: z
        .boolean()
        .default(false)
        .describe('Ask the permission plugin for decisions; when false every request is allowed'),
      policy: rolesPolicyConfigSchema.optional(),
      pluginIds: z
        .array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/))
        .optional()
        .describe("Plugins whose permission names do not start with '<pluginId>.' and must be asked too"),
    })
    .default({ enabled: false }),
});
export type PermissionConfig = z.output<typeof permissionConfigSchema>['permission'];
