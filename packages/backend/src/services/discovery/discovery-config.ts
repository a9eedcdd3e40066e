import { PLUGIN_ID_PATTERN } from '@greenroom/backend-plugin-api';
import { z } from 'zod';

const PLACEHOLDER = /\{\{\s*pluginId\s*\}\}/g;

/** Replaces the `{{pluginId}}` placeholder of an endpoint target. */
export function fillTarget(target: string, pluginId: string): string {
  return target.replace(PLACEHOLDER, pluginId).replace(/\/+$/, '');
}

const targetUrl = z.string().refine(
  (value) => {
    try {
      return ['http:', 'https:'].includes(new URL(fillTarget(value, 'plugin')).protocol);
    } catch {
      return false;
    }
  },
  {
    message:
      "Use an http(s) URL, optionally with a {{pluginId}} placeholder: 'http://catalog:7007/api/{{pluginId}}'",
  },
);

/**
 * The schema of `discovery`: per-plugin overrides of where plugins are reached.
 * `target` is one URL for both internal and external callers, or `{ internal, external }`
 * (a missing side keeps the default). `{{pluginId}}` in a target is replaced.
 *
 * @example
 * discoveryConfigSchema.parse({
 *   endpoints: [{ target: 'http://catalog.internal:7007/api/{{pluginId}}', plugins: ['catalog'] }],
 * });
 */
export const discoveryConfigSchema = z
  .object({
    endpoints: z
      .array(
        z.object({
          target: z
            .union([
              targetUrl,
              z
                .object({
                  internal: targetUrl.optional().describe('URL for calls from other backends'),
                  external: targetUrl.optional().describe('URL for browsers and outside callers'),
                })
                .refine((t) => t.internal !== undefined || t.external !== undefined, {
                  message: 'Set internal, external or both',
                }),
            ])
            .describe('Base URL of the listed plugins, or { internal, external }; may contain {{pluginId}}'),
          plugins: z
            .array(z.string().regex(PLUGIN_ID_PATTERN, "Use plugin ids such as 'catalog' or 'tech-insights'"))
            .min(1)
            .describe('Ids of the plugins served at this target'),
        }),
      )
      .default([])
      .describe('Plugins served somewhere other than this backend'),
  })
  .prefault({})
  .describe('Where plugins are reached (service discovery)');

/** The parsed value of `discovery`. */
export type DiscoveryConfig = z.output<typeof discoveryConfigSchema>;

/**
 * The schema of `backend.baseUrl`: the URL browsers and outside callers use to reach
 * this backend (default `http://localhost:7007`).
 *
 * @example
 * backendBaseUrlConfigSchema.parse('https://portal.example.com/'); // 'https://portal.example.com'
 */
export const backendBaseUrlConfigSchema = z
  .url({ protocol: /^https?$/, error: "Use an http(s) URL such as 'https://portal.example.com'" })
  .default('http://localhost:7007')
  .transform((value) => value.replace(/\/+$/, ''))
  .describe('External URL of the backend, as browsers reach it (default http://localhost:7007)')
  .meta({ visibility: 'frontend' });
