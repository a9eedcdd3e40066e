import type { JsonValue } from '../json.js';
import { type ConfigLocation, type ConfigPathSegment, configKey } from '../location.js';

/**
 * A config value that remembers where each of its parts was set. Files are parsed
 * into nodes, nodes are merged, and only the final tree becomes plain JSON.
 */
export type ConfigNode =
  | { kind: 'object'; entries: Map<string, ConfigNode>; location: ConfigLocation }
  | { kind: 'array'; items: ConfigNode[]; location: ConfigLocation }
  | { kind: 'value'; value: string | number | boolean | null; location: ConfigLocation };

/** Nesting deeper than this is rejected in files, includes and environment overrides. */
export const MAX_CONFIG_DEPTH = 64;

/**
 * Builds a node from plain JSON, with one location for every part (used for
 * `APP_CONFIG_*` values, which have no lines).
 */
export function nodeFromJson(value: JsonValue, location: ConfigLocation, depth = 0): ConfigNode {
  if (depth > MAX_CONFIG_DEPTH) {
    throw new RangeError(`nesting is deeper than ${MAX_CONFIG_DEPTH} levels`);
  }
  if (Array.isArray(value)) {
    return { kind: 'array', items: value.map((item) => nodeFromJson(item, location, depth + 1)), location };
  }
  if (value !== null && typeof value === 'object') {
    const entries = new Map<string, ConfigNode>();
    for (const [key, child] of Object.entries(value))
      entries.set(key, nodeFromJson(child, location, depth + 1));
    return { kind: 'object', entries, location };
  }
  return { kind: 'value', value, location };
}

/**
 * Merges two nodes: objects key by key, anything else (arrays included) replaced
 * wholesale by `over`.
 */
export function mergeConfigNodes(base: ConfigNode | undefined, over: ConfigNode | undefined) {
  if (!base) return over;
  if (!over) return base;
  if (base.kind !== 'object' || over.kind !== 'object') return over;
  const entries = new Map(base.entries);
  for (const [key, child] of over.entries) entries.set(key, mergeConfigNodes(entries.get(key), child)!);
  return { kind: 'object' as const, entries, location: base.location };
}

/**
 * Turns the final tree into frozen plain JSON plus a map from canonical key to
 * location. Object keys whose value is `null` are left out: `key: ~` in a later
 * file removes a key set by an earlier one.
 */
export function finalizeConfigNode(root: ConfigNode): {
  data: { [key: string]: JsonValue };
  locations: Map<string, ConfigLocation>;
} {
  const locations = new Map<string, ConfigLocation>();
  const visit = (node: ConfigNode, path: ConfigPathSegment[]): JsonValue => {
    locations.set(configKey(path), node.location);
    if (node.kind === 'value') return node.value;
    if (node.kind === 'array') {
      return Object.freeze(node.items.map((item, index) => visit(item, [...path, index]))) as JsonValue[];
    }
    const object: { [key: string]: JsonValue } = {};
    for (const [key, child] of node.entries) {
      if (child.kind === 'value' && child.value === null) continue;
      object[key] = visit(child, [...path, key]);
    }
    return Object.freeze(object);
  };
  const data = root.kind === 'object' ? visit(root, []) : {};
  return { data: data as { [key: string]: JsonValue }, locations };
}
