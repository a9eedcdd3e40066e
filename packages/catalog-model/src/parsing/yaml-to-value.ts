import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';

/** Aliases in one document may expand to at most this many values in total. */
export const MAX_ALIASED_VALUES = 10_000;

/** A limit was hit or a node cannot become JSON; `offset` is where in the text. */
export class YamlValueError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** The limits a document is converted under. */
export interface YamlValueLimits {
  maxAliases: number;
  maxDepth: number;
  merge: boolean;
}

/**
 * Converts one parsed YAML document to plain JSON values, counting alias expansions and
 * nesting as it goes (the defence against alias bombs and stack exhaustion). Map keys become
 * strings; `__proto__` keys become own properties; merge keys (`<<`) are applied when enabled.
 * Throws {@link YamlValueError}.
 *
 * @example
 * const value = yamlDocumentToValue(document, { maxAliases: 100, maxDepth: 64, merge: false });
 */
export function yamlDocumentToValue(document: Document, limits: YamlValueLimits): unknown {
  const state = { aliases: 0, aliasedValues: 0, insideAlias: 0 };

  const convert = (node: unknown, depth: number, fallbackOffset: number): unknown => {
    if (node === null || node === undefined) return null;
    const offset = (node as Node).range?.[0] ?? fallbackOffset;
    if (state.insideAlias > 0 && ++state.aliasedValues > MAX_ALIASED_VALUES) {
      throw new YamlValueError(
        `aliases expand to more than ${MAX_ALIASED_VALUES} values; write the data out instead of repeating it through aliases`,
        offset,
      );
    }
    if (isScalar(node)) return scalarValue(node.value, node.source, offset);
    if (depth >= limits.maxDepth) {
      throw new YamlValueError(`the document is nested more than ${limits.maxDepth} levels deep`, offset);
    }
    if (isMap(node)) {
      const object: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const keyOffset = key?.range?.[0] ?? offset;
        if (limits.merge && isScalar(key) && typeof key.value === 'symbol') {
          mergeInto(object, pair.value, depth, keyOffset);
          continue;
        }
        setOwn(object, keyString(key, keyOffset), convert(pair.value, depth + 1, keyOffset));
      }
      return object;
    }
    if (isSeq(node)) {
      const items = node.items;
      const array = new Array(items.length);
      for (let index = 0; index < items.length; index++)
        array[index] = convert(items[index], depth + 1, offset);
      return array;
    }
    if (isAlias(node)) {
      if (++state.aliases > limits.maxAliases) {
        throw new YamlValueError(
          `more than ${limits.maxAliases} alias references (*name); simplify the anchors and aliases`,
          offset,
        );
      }
      const target = node.resolve(document);
      if (!target) throw new YamlValueError(`unknown alias *${node.source}`, offset);
      state.insideAlias++;
      try {
        return convert(target, depth + 1, offset);
      } finally {
        state.insideAlias--;
      }
    }
    throw new YamlValueError('unsupported YAML node', offset);
  };

  const mergeInto = (object: Record<string, unknown>, source: unknown, depth: number, offset: number) => {
    const resolved = convert(source, depth + 1, offset);
    const sources = Array.isArray(resolved) ? resolved : [resolved];
    for (const item of sources) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw new YamlValueError('merge keys (<<) must refer to mappings or lists of mappings', offset);
      }
      for (const key of Object.keys(item)) {
        if (!Object.hasOwn(object, key)) setOwn(object, key, (item as Record<string, unknown>)[key]);
      }
    }
  };

  return convert(document.contents, 0, 0);
}

function scalarValue(value: unknown, source: string | undefined, offset: number): unknown {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    typeof value === 'number'
  ) {
    return value;
  }
  throw new YamlValueError(
    `unsupported value ${source ?? String(value)}: use a string, number, boolean or null`,
    offset,
  );
}

function keyString(key: Node | null, offset: number): string {
  if (key === null) return '';
  if (isScalar(key)) {
    const value = key.value;
    if (value === null) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  }
  throw new YamlValueError(
    'mapping keys must be strings, numbers or booleans, not lists or mappings',
    offset,
  );
}

/** Sets a key as an own property, so `__proto__` is data and not the prototype. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}
