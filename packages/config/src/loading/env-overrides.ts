import { InputError } from '@greenroom/errors';
import type { JsonValue } from '../json.js';
import { type ConfigNode, mergeConfigNodes, nodeFromJson } from './config-node.js';

const PREFIX = 'APP_CONFIG_';
const SEGMENT = /^[a-z][a-z0-9]*(?:[-:][a-z0-9]+)*$/i;

/**
 * Builds the config set by `APP_CONFIG_<a>_<b>_<c>=value` environment variables,
 * merged over every file. Each `_` starts a new key segment, so camelCase keys are
 * written as they are (`APP_CONFIG_backend_baseUrl`). The value is parsed as JSON
 * when it is JSON, else taken as a string; `null` is rejected, and so is setting
 * both a key and one of its sub-keys. Returns `undefined` when no such variable is set.
 *
 * @example
 * readEnvOverrides({ APP_CONFIG_backend_listen_port: '7008' });
 * // a node for { backend: { listen: { port: 7008 } } }
 */
export function readEnvOverrides(env: Record<string, string | undefined>): ConfigNode | undefined {
  const names = Object.keys(env)
    .filter((name) => name.startsWith(PREFIX) && env[name] !== undefined)
    .sort();
  const paths = new Map<string, string[]>();
  let result: ConfigNode | undefined;
  for (const name of names) {
    const path = name.slice(PREFIX.length).split('_');
    const bad = path.find((segment) => !SEGMENT.test(segment));
    if (bad !== undefined) {
      throw new InputError(
        `Environment variable ${name} is not a valid config override: segment '${bad}' must be letters and digits, optionally joined by '-' or ':' (each '_' starts a new key)`,
      );
    }
    for (const [other, otherPath] of paths) {
      const shorter = Math.min(path.length, otherPath.length);
      if (path.slice(0, shorter).join('\0') === otherPath.slice(0, shorter).join('\0')) {
        throw new InputError(
          `Environment variables ${other} and ${name} both set '${path.slice(0, shorter).join('.')}'; set the whole value in one of them, or only separate sub-keys`,
        );
      }
    }
    paths.set(name, path);
    const value = parseValue(env[name]!);
    if (value === null) {
      throw new InputError(`Environment variable ${name} is null; APP_CONFIG_ overrides cannot be null`);
    }
    let node: ConfigNode;
    try {
      node = nodeFromJson(
        path.reduceRight<JsonValue>((inner, key) => ({ [key]: inner }), value),
        { file: name },
      );
    } catch (error) {
      throw new InputError(`Environment variable ${name}: ${(error as Error).message}`, error);
    }
    result = mergeConfigNodes(result, node);
  }
  return result;
}

function parseValue(raw: string): JsonValue {
  try {
    return JSON.parse(raw) as JsonValue;
  } catch {
    return raw;
  }
}
