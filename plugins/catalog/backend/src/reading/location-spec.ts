import { z } from 'zod';

/**
 * A place entities are read from: a `url` read through the URL reader, or a `file` on the
 * backend's disk (an absolute path or glob inside an allowed directory). With `presence:
 * 'optional'` a missing target yields no entities and no error.
 *
 * @example
 * const location: LocationSpec = { type: 'file', target: '/srv/catalog/all.yaml', presence: 'required' };
 */
export const locationSpecSchema = z.object({
  type: z
    .enum(['url', 'file'])
    .describe("How the target is read: 'url' (URL reader) or 'file' (local disk)."),
  target: z
    .string()
    .min(1, 'the target must not be empty')
    .max(4096, 'the target must be at most 4096 characters')
    .describe('A URL, or an absolute path or glob pattern for file locations.'),
  presence: z
    .enum(['required', 'optional'])
    .optional()
    .describe("Whether a missing target is an error ('required', the default) or yields nothing."),
});

/** See {@link locationSpecSchema}. */
export type LocationSpec = z.output<typeof locationSpecSchema>;

/** Characters that make a path or URL path a glob pattern. */
const GLOB_CHARACTERS = /[*?[\]{}]/;

/**
 * Whether a file path or the (decoded) path of a URL is a glob pattern.
 *
 * @example
 * isGlobPattern('/srv/catalog/**\/catalog-info.yaml'); // true
 * isGlobPattern('/srv/catalog/all.yaml'); // false
 */
export function isGlobPattern(path: string): boolean {
  return GLOB_CHARACTERS.test(path);
}
