import { z } from 'zod';

/**
 * A non-empty string field, described for editors.
 *
 * @example
 * const lifecycle = text('Where the component is in its life, e.g. production.');
 */
export function text(description: string) {
  return z.string().min(1).describe(description);
}

/**
 * A field holding one entity ref, e.g. `owner: group:default/payments`.
 *
 * @example
 * const owner = entityRef('The owning group or user; the kind defaults to Group.');
 */
export function entityRef(description: string) {
  return z.string().min(1).describe(description);
}

/**
 * A field holding a list of entity refs.
 *
 * @example
 * const providesApis = entityRefList('APIs the component serves; the kind defaults to API.');
 */
export function entityRefList(description: string) {
  return z.array(z.string().min(1)).describe(description);
}

/** The optional profile of a User or Group. */
export const profileSchema = z
  .object({
    displayName: text('A name to show instead of metadata.name.').optional(),
    email: text('An email address to reach them.').optional(),
    picture: text('The URL of an image representing them.').optional(),
  })
  .describe('Display information; every field is optional.');
