import { InputError } from '@greenroom/errors';
import type { EntityFilter } from './entity-filter.js';
import { queryLimits } from './limits.js';

/** A primitive in a predicate; numbers and booleans are compared as text. */
export type PredicatePrimitive = string | number | boolean;

/**
 * The JSON filter predicate of the POST endpoints (`query`), as sent on the wire:
 * `{ "kind": "component" }`, `{ "spec.type": { "$in": [...] } }`,
 * `{ "$all": [...] }`, `{ "$any": [...] }`, `{ "$not": {...} }`, and
 * `{ "relations": { "$contains": { "type": "ownedBy", "targetRef": "group:default/a" } } }`.
 */
export type FilterPredicate = { readonly [key: string]: unknown };

/** Options for {@link parseFilterPredicate}. */
export interface PredicateOptions {
  /** Where the predicate came from, for messages (default `query`). */
  path?: string;
  /** When set, the only (lowercase) field keys allowed, e.g. the columns of locations. */
  allowedKeys?: ReadonlySet<string>;
}

interface Context {
  nodes: number;
  allowedKeys?: ReadonlySet<string>;
}

const FIELD_OPERATORS = '$exists, $in, $hasPrefix or $contains';

/**
 * Parses a filter predicate (§2.5 of the Backstage reference) into an
 * {@link EntityFilter}: keys and values lowercased, `$exists: false` as `not`,
 * `$contains` of a primitive as equality (the search table has one row per array
 * item), relation `$contains` as `relations.<type>`. Depth and size are bounded.
 *
 * @throws InputError naming the path of the first problem: a top-level primitive,
 *   an unknown operator, a malformed operand, or a predicate over the limits.
 * @example
 * parseFilterPredicate({ kind: 'Component', 'spec.type': { $in: ['service', 'website'] } });
 * // { all: [kind eq [component], spec.type eq [service, website]] }
 */
export function parseFilterPredicate(value: unknown, options: PredicateOptions = {}): EntityFilter {
  return parseNode(value, options.path ?? 'query', 0, { nodes: 0, allowedKeys: options.allowedKeys });
}

function fail(path: string, message: string): never {
  throw new InputError(`Invalid filter predicate at ${path}: ${message}`);
}

function count(ctx: Context, path: string, amount = 1): void {
  ctx.nodes += amount;
  if (ctx.nodes > queryLimits.maxFilterNodes) {
    fail(
      path,
      `the predicate has more than ${queryLimits.maxFilterNodes} conditions and values; split the query`,
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPrimitive(value: unknown): value is PredicatePrimitive {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function parseNode(value: unknown, path: string, depth: number, ctx: Context): EntityFilter {
  if (depth > queryLimits.maxFilterDepth) {
    fail(
      path,
      `nested deeper than ${queryLimits.maxFilterDepth} levels of $all/$any/$not; flatten the predicate`,
    );
  }
  count(ctx, path);
  if (!isPlainObject(value)) {
    if (isPrimitive(value) || value === null) {
      fail(
        path,
        'top-level primitive values are not supported. ' +
          `Wrap the value in a field expression, e.g. { "kind": ${JSON.stringify(value)} }`,
      );
    }
    fail(path, 'expected an object such as { "kind": "component" }, got an array');
  }
  const keys = Object.keys(value);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (operators.length > 0) {
    if (keys.length !== 1) {
      fail(
        path,
        `${operators.join(', ')} cannot share an object with other keys; nest them, e.g. { "$all": [...] }`,
      );
    }
    const op = operators[0]!;
    const operand = value[op];
    if (op === '$not') return { not: parseNode(operand, `${path}.$not`, depth + 1, ctx) };
    if (op === '$all' || op === '$any') {
      if (!Array.isArray(operand)) fail(`${path}.${op}`, 'expected an array of predicates');
      const children = operand.map((child, i) => parseNode(child, `${path}.${op}[${i}]`, depth + 1, ctx));
      return op === '$all' ? { all: children } : { any: children };
    }
    fail(
      path,
      `unknown operator ${op}; logical operators are $all, $any and $not, and ${FIELD_OPERATORS} go inside a ` +
        'field, e.g. { "spec.type": { "$in": ["service"] } }',
    );
  }
  const conditions = keys.map((key) => parseField(key, value[key], `${path}.${key}`, ctx));
  return conditions.length === 1 ? conditions[0]! : { all: conditions };
}

function parseField(key: string, value: unknown, path: string, ctx: Context): EntityFilter {
  const lowerKey = key.toLowerCase();
  if (ctx.allowedKeys && !ctx.allowedKeys.has(lowerKey)) {
    fail(path, `unknown field '${key}'; the fields are ${[...ctx.allowedKeys].join(', ')}`);
  }
  if (isPrimitive(value)) return eq(lowerKey, [value]);
  if (value === null)
    fail(path, `null is not a value; to match a missing field use { "${key}": { "$exists": false } }`);
  if (Array.isArray(value))
    fail(path, `arrays are not values; to match any of several use { "${key}": { "$in": [...] } }`);
  if (!isPlainObject(value)) fail(path, 'expected a string, number, boolean or operator object');
  const ops = Object.keys(value);
  if (ops.length !== 1) fail(path, `expected exactly one operator (${FIELD_OPERATORS}), got ${ops.length}`);
  const op = ops[0]!;
  const operand = value[op];
  switch (op) {
    case '$exists':
      if (typeof operand !== 'boolean') fail(`${path}.$exists`, 'expected true or false');
      return operand
        ? { key: lowerKey, matches: { op: 'exists' } }
        : { not: { key: lowerKey, matches: { op: 'exists' } } };
    case '$in':
      if (!Array.isArray(operand) || !operand.every(isPrimitive)) {
        fail(`${path}.$in`, 'expected an array of strings, numbers or booleans');
      }
      count(ctx, path, operand.length);
      return eq(lowerKey, operand);
    case '$hasPrefix':
      if (typeof operand !== 'string') fail(`${path}.$hasPrefix`, 'expected a string');
      return { key: lowerKey, matches: { op: 'hasPrefix', value: operand.toLowerCase() } };
    case '$contains':
      if (isPrimitive(operand)) return eq(lowerKey, [operand]);
      if (lowerKey === 'relations' && isPlainObject(operand))
        return parseRelation(operand, `${path}.$contains`, ctx);
      return fail(
        `${path}.$contains`,
        'expected a string, number or boolean (an array item), or for "relations" ' +
          '{ "type": "ownedBy", "targetRef": "group:default/team" }',
      );
    default:
      return fail(path, `unknown operator ${op}; use one of ${FIELD_OPERATORS}`);
  }
}

function parseRelation(operand: Record<string, unknown>, path: string, ctx: Context): EntityFilter {
  const { type, targetRef, ...rest } = operand;
  const extra = Object.keys(rest);
  if (typeof type !== 'string' || !type || extra.length > 0) {
    fail(
      path,
      'relations $contains takes a "type" and optionally a "targetRef", e.g. ' +
        `{ "type": "ownedBy", "targetRef": "group:default/team" }${extra.length ? `; unexpected: ${extra.join(', ')}` : ''}`,
    );
  }
  const key = `relations.${type.toLowerCase()}`;
  if (targetRef === undefined) return { key, matches: { op: 'exists' } };
  if (typeof targetRef === 'string') return eq(key, [targetRef]);
  if (isPlainObject(targetRef) && Object.keys(targetRef).length === 1 && Array.isArray(targetRef.$in)) {
    const refs = targetRef.$in;
    if (refs.every(isPrimitive)) {
      count(ctx, path, refs.length);
      return eq(key, refs);
    }
  }
  return fail(`${path}.targetRef`, 'expected a ref string or { "$in": [ref, ...] }');
}

function eq(key: string, values: readonly PredicatePrimitive[]): EntityFilter {
  if (values.length === 0) return { any: [] };
  return { key, matches: { op: 'eq', values: [...new Set(values.map((v) => String(v).toLowerCase()))] } };
}
