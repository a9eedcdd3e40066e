import { z } from 'zod';

/**
 * What the permissions service reads from `permission`: only `enabled`. The rest of
 * the block belongs to the permission plugin.
 *
 * @example
 * const { enabled } = config.read('permission', permissionsServiceConfigSchema);
 */
export const permissionsServiceConfigSchema = z
  .looseObject({
    enabled: z
      .boolean()
      .default(false)
      .describe('Ask the permission plugin for decisions; when false every request is allowed'),
  })
  .default({ enabled: false });
