import { readFile, stat } from 'node:fs/promises';
import { InputError } from '@greenroom/errors';
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { ConfigLocation } from '../location.js';
import { type ConfigNode, MAX_CONFIG_DEPTH } from './config-node.js';

/** Files larger than this are rejected before they are parsed. */
export const MAX_CONFIG_FILE_BYTES = 5 * 1024 * 1024;
/** How many alias references (`*name`) a file may expand, against "billion laughs" files. */
export const MAX_ALIAS_COUNT = 100;
/** How many values a file may expand to, aliases included. */
const MAX_NODES = 500_000;

/**
 * Reads a text file named in config, refusing files over {@link MAX_CONFIG_FILE_BYTES}.
 * `display` is the name used in messages.
 *
 * @example
 * const text = await readBoundedFile('/srv/app-config.yaml', 'app-config.yaml');
 */
export async function readBoundedFile(path: string, display: string): Promise<string> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new InputError(`${display}: file not found (${path})`);
    throw new InputError(`${display}: cannot read file: ${error.message}`, error);
  });
  if (!info.isFile()) throw new InputError(`${display}: not a file (${path})`);
  if (info.size > MAX_CONFIG_FILE_BYTES) {
    throw new InputError(`${display}: file is ${info.size} bytes; config files may be at most 5 MiB`);
  }
  const text = await readFile(path, 'utf8');
  if (Buffer.byteLength(text) > MAX_CONFIG_FILE_BYTES) {
    throw new InputError(`${display}: file grew beyond 5 MiB while being read`);
  }
  return text;
}

/**
 * Parses the text of a YAML (or JSON) config file into a {@link ConfigNode}. The text
 * must hold at most one document; an empty file is an empty object. With
 * `requireMapping` the root must be a mapping. Every problem becomes an `InputError`
 * that starts with `file:line:column`.
 *
 * @example
 * const node = parseConfigText('backend:\n  baseUrl: http://localhost:7007\n', 'app-config.yaml');
 */
export function parseConfigText(
  text: string,
  file: string,
  options: { requireMapping?: boolean } = {},
): ConfigNode {
  const lineCounter = new LineCounter();
  const at = (offset: number): ConfigLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const fail = (offset: number, message: string): never => {
    const { line, column } = at(offset);
    throw new InputError(`${file}:${line}:${column}: ${message}`);
  };
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (docs.length === 0) return emptyObject({ file, line: 1, column: 1 });
  if (docs.length > 1) {
    fail(docs[1]!.range[0], 'a config file must hold exactly one YAML document, found a second one here');
  }
  const doc = docs[0]!;
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const message = problem.code === 'RESOURCE_EXHAUSTION' ? 'nesting is too deep' : problem.message;
    fail(problem.pos[0], message);
  }
  const counts = { aliases: 0, nodes: 0 };
  const convert = (node: Node | null, fallback: number, depth: number): ConfigNode => {
    if (node === null) return { kind: 'value', value: null, location: at(fallback) };
    const offset = node.range?.[0] ?? fallback;
    if (depth > MAX_CONFIG_DEPTH) fail(offset, `nesting is deeper than ${MAX_CONFIG_DEPTH} levels`);
    if (++counts.nodes > MAX_NODES) fail(offset, `the file expands to more than ${MAX_NODES} values`);
    if (isAlias(node)) {
      if (++counts.aliases > MAX_ALIAS_COUNT) {
        fail(
          offset,
          `more than ${MAX_ALIAS_COUNT} alias references; simplify the anchors (&) and aliases (*)`,
        );
      }
      const target = node.resolve(doc);
      if (!target) return fail(offset, `unknown alias *${node.source}`);
      return convert(target, offset, depth + 1);
    }
    if (isMap(node)) {
      const entries = new Map<string, ConfigNode>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const keyOffset = key?.range?.[0] ?? offset;
        if (!isScalar(key) || !['string', 'number', 'boolean'].includes(typeof key.value)) {
          fail(keyOffset, 'mapping keys must be plain strings');
        }
        entries.set(
          String((key as { value: unknown }).value),
          convert(pair.value as Node | null, keyOffset, depth + 1),
        );
      }
      return { kind: 'object', entries, location: at(offset) };
    }
    if (isSeq(node)) {
      const items = node.items.map((item) => convert(item as Node | null, offset, depth + 1));
      return { kind: 'array', items, location: at(offset) };
    }
    if (isScalar(node)) {
      const value = node.value;
      if (value === null || typeof value === 'string' || typeof value === 'boolean') {
        return { kind: 'value', value, location: at(offset) };
      }
      if (typeof value === 'number' && Number.isFinite(value))
        return { kind: 'value', value, location: at(offset) };
      return fail(
        offset,
        `unsupported value ${node.source ?? String(value)}: use a string, number, boolean or null`,
      );
    }
    return fail(offset, 'unsupported YAML node');
  };
  const root = convert(doc.contents as Node | null, 0, 0);
  if (root.kind === 'value' && root.value === null) return emptyObject(root.location);
  if (options.requireMapping && root.kind !== 'object') {
    fail(
      doc.contents?.range?.[0] ?? 0,
      `the root of a config file must be a mapping of keys to values, not ${root.kind === 'array' ? 'a list' : 'a single value'}`,
    );
  }
  return root;
}

/**
 * Reads and parses one config file; see {@link parseConfigText}.
 *
 * @example
 * const node = await readConfigFile('/srv/app-config.yaml', 'app-config.yaml', { requireMapping: true });
 */
export async function readConfigFile(
  path: string,
  display: string,
  options: { requireMapping?: boolean } = {},
) {
  return parseConfigText(await readBoundedFile(path, display), display, options);
}

function emptyObject(location: ConfigLocation): ConfigNode {
  return { kind: 'object', entries: new Map(), location };
}
