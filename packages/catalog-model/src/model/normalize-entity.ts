import { DEFAULT_NAMESPACE, type Entity } from '../entity/entity.js';
import type { CompiledModel } from './compiled-model.js';

/**
 * The entity with its namespace defaulted and the string lists of its list-valued relation
 * fields sorted (for the built-in kinds: providesApis, consumesApis, dependsOn, dependencyOf,
 * memberOf, children, members), so equal entities hash equally. Returns a new object; parts
 * that do not change are shared with the input.
 *
 * @example
 * normalizeEntityWithModel(compiled, entity).metadata.namespace; // 'default'
 */
export function normalizeEntityWithModel(model: CompiledModel, entity: Entity): Entity {
  let result: Entity = entity;
  if (entity.metadata.namespace === undefined) {
    result = { ...entity, metadata: { ...entity.metadata, namespace: DEFAULT_NAMESPACE } };
  }
  for (const field of model.relationFieldsByKind.get(entity.kind) ?? []) {
    const list = valueAt(result, field.segments);
    if (!Array.isArray(list) || list.length < 2 || !list.every((item) => typeof item === 'string')) continue;
    if (isSorted(list)) continue;
    result = withValueAt(result, field.segments, [...list].sort()) as Entity;
  }
  return result;
}

function isSorted(list: string[]): boolean {
  for (let index = 1; index < list.length; index++) if (list[index - 1]! > list[index]!) return false;
  return true;
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A copy of `root` with the value at `segments` replaced; only the objects on the path are copied. */
function withValueAt(root: unknown, segments: readonly string[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments as [string, ...string[]];
  const record = root as Record<string, unknown>;
  return { ...record, [head]: withValueAt(record[head], rest, value) };
}
