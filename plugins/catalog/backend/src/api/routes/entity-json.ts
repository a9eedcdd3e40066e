import { createEntityProjector } from '../query/index.js';

/**
 * Turns stored entity JSON into response JSON: as is, or projected to `fields`
 * (only then is it parsed).
 *
 * @example
 * const toJson = entityJson(['kind', 'metadata.name']);
 * toJson('{"kind":"Component","metadata":{"name":"a","uid":"…"}}'); // '{"kind":"Component","metadata":{"name":"a"}}'
 */
export function entityJson(fields: readonly string[] | undefined): (stored: string) => string {
  if (!fields || fields.length === 0) return (stored) => stored;
  const project = createEntityProjector(fields);
  return (stored) => JSON.stringify(project(JSON.parse(stored) as object));
}

/** A JSON array of stored entities (`null` stays `null`), projected to `fields`. */
export function entityArrayJson(items: readonly (string | null)[], fields?: readonly string[]): string {
  const toJson = entityJson(fields);
  return `[${items.map((item) => (item === null ? 'null' : toJson(item))).join(',')}]`;
}
