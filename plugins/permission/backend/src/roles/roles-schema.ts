import { z } from 'zod';

const actionSchema = z.enum(['create', 'read', 'update', 'delete']);
const entityRefSchema = z
  .string()
  .regex(/^[a-zA-Z][\w-]*:([\w.-]+\/)?[\w.-]+$/, "an entity ref such as 'group:default/platform'");

/** A permission name, or a prefix pattern ending in `*` (`catalog.*`). */
const namePatternSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.-]*\*?$/, "a permission name, or a prefix ending in '*' such as 'catalog.*'");

/**
 * Which permissions a role rule is about: `'*'` for all, or the fields that must all
 * match (name or name prefix, resource type, action).
 */
export const permissionMatchSchema = z.union([
  z.literal('*'),
  z
    .strictObject({
      name: z.union([namePatternSchema, z.array(namePatternSchema).min(1)]).optional(),
      resourceType: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
      action: z.union([actionSchema, z.array(actionSchema).min(1)]).optional(),
    })
    .refine((match) => Object.keys(match).length > 0, 'give at least one of name, resourceType, action'),
]);
export type PermissionMatch = z.infer<typeof permissionMatchSchema>;

/**
 * A condition tree as written in a role: a rule of the resource's plugin with params
 * (string values `$userEntityRef` and `$ownershipRefs` are filled from the caller), or
 * `allOf` / `anyOf` / `not` of such trees.
 */
export type RoleCondition =
  | { rule: string; params?: Record<string, unknown> }
  | { allOf: RoleCondition[] }
  | { anyOf: RoleCondition[] }
  | { not: RoleCondition };

export const roleConditionSchema: z.ZodType<RoleCondition> = z.lazy(() =>
  z.union([
    z.strictObject({
      rule: z.string().min(1).max(200),
      params: z.record(z.string(), z.unknown()).optional(),
    }),
    z.strictObject({ allOf: z.array(roleConditionSchema).min(1).max(50) }),
    z.strictObject({ anyOf: z.array(roleConditionSchema).min(1).max(50) }),
    z.strictObject({ not: roleConditionSchema }),
  ]),
);

/** What a matching rule decides: allow, deny, or allow where the conditions hold. */
export const roleDecisionSchema = z.union([
  z.enum(['allow', 'deny']),
  z.strictObject({ conditional: roleConditionSchema }),
]);

/** One role: who is in it and what its rules decide. */
export const roleSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-zA-Z0-9][\w.-]*$/, 'letters, digits, dots, dashes and underscores'),
  description: z.string().max(1000).optional(),
  members: z
    .array(z.union([z.literal('*'), entityRefSchema]))
    .min(1)
    .max(10_000)
    .describe("Users and groups as entity refs; '*' is every signed-in user"),
  permissions: z
    .array(z.strictObject({ match: permissionMatchSchema, decision: roleDecisionSchema }))
    .max(1000),
});
export type Role = z.infer<typeof roleSchema>;

/**
 * A roles file (or `permission.policy.roles` in config): the roles, names unique.
 *
 * @example
 * rolesFileSchema.parse({ roles: [{ name: 'admins', members: ['group:default/platform'], permissions: [{ match: '*', decision: 'allow' }] }] });
 */
export const rolesFileSchema = z
  .strictObject({ roles: z.array(roleSchema).max(10_000) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.roles.forEach((role, i) => {
      if (seen.has(role.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['roles', i, 'name'],
          message: `role '${role.name}' is defined twice`,
        });
      }
      seen.add(role.name);
    });
  });
export type RolesFile = z.infer<typeof rolesFileSchema>;

/**
 * JSON Schema of the roles file, for editors (`# yaml-language-server: $schema=…`).
 *
 * @example
 * writeFileSync('roles.schema.json', JSON.stringify(rolesFileJsonSchema(), null, 2));
 */
export function rolesFileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(rolesFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
