import {
  acceptsAnything,
  isSchemaNode,
  type JsonSchema,
  resolveSchemaRef,
  type SchemaDefs,
} from './json-schema.js';

const MAX_REF_DEPTH = 32;

/** The schema nodes that apply to one config value, and the visibilities marked on the way. */
export interface SchemaMatch {
  nodes: JsonSchema[];
  visibility: Set<string>;
}

/**
 * Finds the schema nodes that describe `value`: follows `$ref` and `allOf`, and of
 * `anyOf`/`oneOf` the branches whose type fits the value (all of them when none fits).
 * Collects every `visibility` marked on the way.
 *
 * @example
 * const match = matchSchemas([mergedSchema], config, defs);
 * const children = childSchemas(match.nodes, 'backend');
 */
export function matchSchemas(schemas: readonly unknown[], value: unknown, defs: SchemaDefs): SchemaMatch {
  const match: SchemaMatch = { nodes: [], visibility: new Set() };
  const visit = (schema: unknown, depth: number) => {
    if (schema === true) match.nodes.push({});
    if (!isSchemaNode(schema) || depth > MAX_REF_DEPTH) return;
    if (typeof schema.visibility === 'string') match.visibility.add(schema.visibility);
    if (typeof schema.$ref === 'string') visit(resolveSchemaRef(schema.$ref, defs), depth + 1);
    for (const member of asArray(schema.allOf)) visit(member, depth + 1);
    for (const keyword of ['anyOf', 'oneOf']) {
      const branches = asArray(schema[keyword]);
      const fitting = branches.filter((branch) => fitsType(branch, value, defs, depth));
      for (const branch of fitting.length > 0 ? fitting : branches) visit(branch, depth + 1);
    }
    if ('type' in schema || acceptsAnything(schema)) match.nodes.push(schema);
  };
  for (const schema of schemas) visit(schema, 0);
  return match;
}

/** The schemas for the value under `key` of an object described by `nodes`. */
export function childSchemas(nodes: readonly JsonSchema[], key: string): unknown[] {
  const children: unknown[] = [];
  for (const node of nodes) {
    const properties = isSchemaNode(node.properties) ? node.properties : undefined;
    if (properties && key in properties) {
      children.push(properties[key]);
      continue;
    }
    const patterns = isSchemaNode(node.patternProperties) ? node.patternProperties : {};
    const byPattern = Object.entries(patterns).filter(([pattern]) => matchesPattern(pattern, key));
    if (byPattern.length > 0) children.push(...byPattern.map(([, schema]) => schema));
    else if (node.additionalProperties !== undefined && node.additionalProperties !== false) {
      children.push(node.additionalProperties);
    } else if (acceptsAnything(node) || (node.type === 'object' && !properties)) {
      children.push({});
    }
  }
  return children;
}

/** The schemas for the array item at `index` of an array described by `nodes`. */
export function itemSchemas(nodes: readonly JsonSchema[], index: number): unknown[] {
  const items: unknown[] = [];
  for (const node of nodes) {
    const prefix = asArray(node.prefixItems);
    if (index < prefix.length) items.push(prefix[index]);
    else if (node.items !== undefined && node.items !== false) items.push(node.items);
    else if (acceptsAnything(node)) items.push({});
  }
  return items;
}

function matchesPattern(pattern: string, key: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(key);
  } catch {
    return false;
  }
}

function fitsType(schema: unknown, value: unknown, defs: SchemaDefs, depth: number): boolean {
  if (!isSchemaNode(schema)) return schema === true;
  if (typeof schema.$ref === 'string' && depth < MAX_REF_DEPTH) {
    return fitsType(resolveSchemaRef(schema.$ref, defs), value, defs, depth + 1);
  }
  if (schema.type === undefined) return true;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.some(
    (type) => type === jsonSchemaType(value) || (type === 'number' && Number.isInteger(value)),
  );
}

function jsonSchemaType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
