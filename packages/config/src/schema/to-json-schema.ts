import { z } from 'zod';
import type { JsonSchema, SchemaDefs } from './json-schema.js';

/**
 * Converts one feature's zod config schema to JSON Schema (draft-07, the newest
 * draft that editors' YAML support handles fully; input shape, so keys with
 * defaults stay optional). Its `definitions` are renamed with the source as prefix,
 * so that schemas of several features can share one `definitions` map.
 *
 * @example
 * const { root, defs } = configSchemaToJsonSchema({ source: 'catalog', schema: catalogConfigSchema });
 */
export function configSchemaToJsonSchema(entry: { source: string; schema: z.ZodType }): {
  root: JsonSchema;
  defs: SchemaDefs;
} {
  const json = z.toJSONSchema(entry.schema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  const { $schema: _schema, definitions, ...root } = json;
  const prefix = entry.source.replace(/[^A-Za-z0-9_-]/g, '_');
  const renamed = (ref: string) => {
    if (ref === '#') return `#/definitions/${prefix}.root`;
    if (ref.startsWith('#/definitions/'))
      return `#/definitions/${prefix}.${ref.slice('#/definitions/'.length)}`;
    return ref;
  };
  let refersToRoot = false;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    const out: JsonSchema = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        refersToRoot ||= child === '#';
        out[key] = renamed(child);
      } else {
        out[key] = rewrite(child);
      }
    }
    return out;
  };
  const defs: SchemaDefs = {};
  for (const [name, def] of Object.entries((definitions ?? {}) as SchemaDefs)) {
    defs[`${prefix}.${name}`] = rewrite(def) as JsonSchema;
  }
  const rewrittenRoot = rewrite(root) as JsonSchema;
  if (refersToRoot) defs[`${prefix}.root`] = rewrittenRoot;
  return { root: rewrittenRoot, defs };
}
