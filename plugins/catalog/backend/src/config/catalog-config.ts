import { DURATION_DESCRIPTION, durationSchema } from '@greenroom/config';
import { z } from 'zod';
import { catalogLocationRuleSchema, catalogRuleSchema } from '../reading/index.js';

const configLocationSchema = z.object({
  type: z
    .enum(['url', 'file'])
    .describe("How the target is read: 'url' (URL reader) or 'file' (local disk)."),
  target: z
    .string()
    .min(1)
    .max(4096)
    .describe(
      'A URL, or a path or glob for file locations (relative paths resolve against the working directory).',
    ),
  presence: z
    .enum(['required', 'optional'])
    .optional()
    .describe("Whether a missing target is an error ('required', the default) or yields nothing."),
  rules: z
    .array(catalogLocationRuleSchema)
    .optional()
    .describe('Kinds this location may bring in, besides those catalog.rules allows everywhere.'),
});

const disabledSchema = z.object({ disabled: z.boolean().optional().describe('Turn it off.') });

/** The `catalog` block of app-config.yaml; every key is optional. */
export const catalogBlockSchema = z
  .object({
    locations: z
      .array(configLocationSchema)
      .default([])
      .describe('Where the catalog reads entities from, besides locations registered through the API.'),
    rules: z
      .array(catalogRuleSchema)
      .optional()
      .describe(
        'Which kinds of entity locations may bring in (providers are not subject to it). Default: Component, API and Location.',
      ),
    allowedFileDirectories: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Directories that file locations may read from (relative paths resolve against the working directory). ' +
          'The folder of every file location in catalog.locations is allowed as well; nothing else is.',
      ),
    processingInterval: durationSchema
      .prefault('100s')
      .describe(
        `How often entities read from outside (location files, URLs) are read again; each refresh is scheduled between this and 1.5 times this. ${DURATION_DESCRIPTION}`,
      ),
    orphanStrategy: z
      .enum(['keep', 'delete'])
      .default('delete')
      .describe(
        "What happens to an entity its source stopped emitting: 'delete' removes it, 'keep' keeps it marked backstage.io/orphan.",
      ),
    readonly: z
      .boolean()
      .default(false)
      .describe('Refuse registering, changing and deleting locations through the API.'),
    defaultLocationConflictStrategy: z
      .enum(['reject', 'refresh'])
      .default('reject')
      .describe(
        "What POST /locations does with an already registered location: 'reject' (409) or 'refresh' it.",
      ),
    history: z
      .object({
        retention: durationSchema
          .prefault('90d')
          .describe(`How long entity history entries are kept. ${DURATION_DESCRIPTION}`),
      })
      .prefault({})
      .describe('Entity history (GET /entities/by-name/…/history).'),
    stitchingStrategy: z
      .object({
        pollingInterval: durationSchema
          .prefault('1s')
          .describe(`How often the stitch queue is polled when idle. ${DURATION_DESCRIPTION}`),
      })
      .prefault({})
      .describe('How final entities are built from processed ones.'),
    processorOptions: z
      .record(
        z.string(),
        disabledSchema.extend({
          priority: z.number().int().optional().describe('Lower runs first (default 20).'),
        }),
      )
      .default({})
      .describe('Per processor name: turn it off or change its priority.'),
    providerOptions: z
      .record(z.string(), disabledSchema)
      .default({})
      .describe('Per entity provider name: turn it off.'),
  })
  .prefault({})
  .describe('The software catalog');

/** The keys the catalog plugin declares in app-config.yaml. */
export const catalogConfigSchema = z.object({ catalog: catalogBlockSchema });

/** The `catalog` block as read. */
export type CatalogConfig = z.output<typeof catalogBlockSchema>;
