import { dirname, extname, resolve } from 'node:path';
import { InputError } from '@greenroom/errors';
import type { ConfigIssue } from '../issue.js';
import { type ConfigLocation, type ConfigPathSegment, configKey, formatConfigLocation } from '../location.js';
import type { ConfigNode } from './config-node.js';
import { parseConfigText, readBoundedFile } from './parse-config-file.js';
import { substituteEnv } from './substitute-env.js';

const INCLUDE_KEYS = ['$env', '$file', '$include'] as const;
const INCLUDE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const MAX_INCLUDE_DEPTH = 16;

/** What resolving one file needs to know; `chain` holds the files being included, outermost first. */
export interface ResolveContext {
  env: Record<string, string | undefined>;
  file: string;
  chain: readonly string[];
  display(path: string): string;
  warnings: ConfigIssue[];
  filesRead: Set<string>;
}

/**
 * Applies `${VAR}` substitution to every string and replaces include objects
 * (`$env`, `$file`, `$include`) by what they point at. Returns `undefined` when the
 * value depends on an unset variable; a warning then names the key, file and variable.
 *
 * @example
 * const resolved = await resolveConfigNode(node, [], { env: process.env, file, chain: [file], ... });
 */
export async function resolveConfigNode(
  node: ConfigNode,
  path: ConfigPathSegment[],
  ctx: ResolveContext,
): Promise<ConfigNode | undefined> {
  if (node.kind === 'value') {
    if (typeof node.value !== 'string') return node;
    const value = substitute(node.value, path, ctx, node.location);
    return value === undefined ? undefined : { ...node, value };
  }
  if (node.kind === 'array') {
    const items: ConfigNode[] = [];
    for (const [index, item] of node.items.entries()) {
      const resolved = await resolveConfigNode(item, [...path, index], ctx);
      if (resolved) items.push(resolved);
    }
    return { ...node, items };
  }
  const includeKey = INCLUDE_KEYS.find((key) => node.entries.has(key));
  if (includeKey) return resolveInclude(node, includeKey, path, ctx);
  const entries = new Map<string, ConfigNode>();
  for (const [key, child] of node.entries) {
    const resolved = await resolveConfigNode(child, [...path, key], ctx);
    if (resolved) entries.set(key, resolved);
  }
  return { ...node, entries };
}

async function resolveInclude(
  node: Extract<ConfigNode, { kind: 'object' }>,
  includeKey: (typeof INCLUDE_KEYS)[number],
  path: ConfigPathSegment[],
  ctx: ResolveContext,
): Promise<ConfigNode | undefined> {
  const where = formatConfigLocation(node.location);
  if (node.entries.size !== 1) {
    const others = [...node.entries.keys()].filter((key) => key !== includeKey).join(', ');
    throw new InputError(
      `${where}: an ${includeKey} object must have no other keys, but it also has: ${others}`,
    );
  }
  const argument = node.entries.get(includeKey)!;
  if (argument.kind !== 'value' || typeof argument.value !== 'string' || argument.value === '') {
    throw new InputError(`${where}: ${includeKey} needs a non-empty string`);
  }
  const location = argument.location;
  const value = substitute(argument.value, path, ctx, location);
  if (value === undefined) return undefined;
  if (includeKey === '$env') {
    const found = ctx.env[value];
    if (found === undefined) warnUnset(value, path, ctx, location);
    return found === undefined ? undefined : { kind: 'value', value: found, location };
  }
  if (includeKey === '$file') {
    const target = resolve(dirname(ctx.file), value);
    ctx.filesRead.add(target);
    const text = await readBoundedFile(target, ctx.display(target)).catch((error: Error) => {
      throw new InputError(`${where}: $file '${value}' cannot be read: ${error.message}`, error);
    });
    return { kind: 'value', value: text.trimEnd(), location };
  }
  return includeFile(value, path, ctx, where);
}

async function includeFile(reference: string, path: ConfigPathSegment[], ctx: ResolveContext, where: string) {
  const hash = reference.indexOf('#');
  const relativePath = hash === -1 ? reference : reference.slice(0, hash);
  const subtree = hash === -1 ? '' : reference.slice(hash + 1);
  if (!INCLUDE_EXTENSIONS.has(extname(relativePath).toLowerCase())) {
    throw new InputError(`${where}: $include '${reference}' must name a .yaml, .yml or .json file`);
  }
  const target = resolve(dirname(ctx.file), relativePath);
  if (ctx.chain.includes(target)) {
    const cycle = [...ctx.chain.slice(ctx.chain.indexOf(target)), target].map(ctx.display).join(' → ');
    throw new InputError(`${where}: $include cycle: ${cycle}`);
  }
  if (ctx.chain.length > MAX_INCLUDE_DEPTH) {
    throw new InputError(`${where}: $include is nested more than ${MAX_INCLUDE_DEPTH} files deep`);
  }
  ctx.filesRead.add(target);
  const display = ctx.display(target);
  const text = await readBoundedFile(target, display).catch((error: Error) => {
    throw new InputError(`${where}: $include '${reference}' cannot be read: ${error.message}`, error);
  });
  let node: ConfigNode | undefined = parseConfigText(text, display);
  for (const key of subtree === '' ? [] : subtree.split('.')) {
    node = node?.kind === 'object' ? node.entries.get(key) : undefined;
    if (!node) throw new InputError(`${where}: $include '${reference}': ${display} has no key '${subtree}'`);
  }
  return resolveConfigNode(node, path, { ...ctx, file: target, chain: [...ctx.chain, target] });
}

function substitute(text: string, path: ConfigPathSegment[], ctx: ResolveContext, location: ConfigLocation) {
  const { value, missing } = substituteEnv(text, ctx.env, formatConfigLocation(location));
  for (const name of missing) warnUnset(name, path, ctx, location);
  return value;
}

function warnUnset(
  variable: string,
  path: ConfigPathSegment[],
  ctx: ResolveContext,
  location: ConfigLocation,
) {
  ctx.warnings.push({
    key: configKey(path),
    message: `environment variable ${variable} is not set, so the key is left out`,
    location,
  });
}
