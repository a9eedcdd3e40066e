import { InputError } from '@greenroom/errors';
import { checkFieldPath } from './entity-order.js';
import { queryLimits } from './limits.js';

/**
 * Parses `fields` (query parameter(s) or body array): comma-separated, trimmed,
 * de-duplicated paths such as `kind,metadata.name`. Case is kept: projection reads
 * the entity JSON as written. Returns `undefined` when no fields are requested,
 * which means "whole entities": storage may then stream stored JSON untouched.
 *
 * @throws InputError for bracket syntax (`spec.steps[0]`), empty segments or too many fields.
 * @example
 * parseFields(['kind,metadata.name', 'metadata.annotations.backstage.io/techdocs-ref']);
 */
export function parseFields(values: string | readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const fields = new Set<string>();
  for (const value of typeof values === 'string' ? [values] : values) {
    for (const part of value.split(',')) {
      if (!part.trim()) continue;
      if (part.includes('[')) {
        throw new InputError(
          `Invalid fields '${part.trim()}': array type fields are not supported; select the whole array instead`,
        );
      }
      fields.add(checkFieldPath(part, 'fields'));
    }
  }
  if (fields.size > queryLimits.maxFields) {
    throw new InputError(`Too many fields: ${fields.size}, at most ${queryLimits.maxFields} are allowed`);
  }
  return fields.size > 0 ? [...fields] : undefined;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

// Dotted keys (`backstage.io/techdocs-ref`) are found by joining a missing segment with the next.
function resolve(root: unknown, parts: readonly string[]): { keys: string[]; nodes: unknown[] } | undefined {
  const keys: string[] = [];
  const nodes: unknown[] = [root];
  let current = root;
  let pending = '';
  for (let i = 0; i < parts.length; i++) {
    const segment = pending ? `${pending}.${parts[i]}` : parts[i]!;
    if (isContainer(current) && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
      keys.push(segment);
      nodes.push(current);
      pending = '';
    } else if (i < parts.length - 1) {
      pending = segment;
    } else {
      return undefined;
    }
  }
  return current === undefined ? undefined : { keys, nodes };
}

function setOwn(target: Container, key: string, value: unknown): void {
  // defineProperty, so a `__proto__` key stays data and never reaches a prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Compiles `fields` into a function that keeps only those subtrees of an entity.
 * Values are shared with the input, not copied; the input is never modified.
 *
 * @example
 * const project = createEntityProjector(['kind', 'metadata.name']);
 * project(entity); // { kind: 'Component', metadata: { name: 'a' } }
 */
export function createEntityProjector(
  fields: readonly string[],
): (entity: object) => Record<string, unknown> {
  const paths = fields.map((field) => field.split('.'));
  return (entity) => {
    const output: Record<string, unknown> = {};
    for (const parts of paths) {
      const found = resolve(entity, parts);
      if (!found) continue;
      let target: Container = output;
      const last = found.keys.length - 1;
      for (let i = 0; i < last; i++) {
        const key = found.keys[i]!;
        const source = found.nodes[i + 1];
        let child = (target as Record<string, unknown>)[key];
        if (!Object.hasOwn(target, key) || !isContainer(child)) {
          child = Array.isArray(source) ? [] : {};
          setOwn(target, key, child);
        } else if (child === source) {
          // An earlier, wider field shared this subtree; copy it before writing into it.
          child = Array.isArray(source) ? [...source] : { ...(source as object) };
          setOwn(target, key, child);
        }
        target = child as Container;
      }
      setOwn(target, found.keys[last]!, found.nodes[last + 1]);
    }
    return output;
  };
}

/**
 * Keeps only the requested subtrees of one entity (see {@link createEntityProjector}).
 * Apply it only when `fields` were requested.
 *
 * @example
 * projectEntity(entity, ['metadata.annotations.backstage.io/techdocs-ref']);
 */
export function projectEntity(entity: object, fields: readonly string[]): Record<string, unknown> {
  return createEntityProjector(fields)(entity);
}
