import type { Config } from '@greenroom/backend-plugin-api';
import { InputError } from '@greenroom/errors';
import type { z } from 'zod';
import { formatConfigIssues } from '../issue.js';
import { isJsonObject, type JsonObject, type JsonValue, jsonTypeName } from '../json.js';
import {
  type ConfigLocation,
  type ConfigPathSegment,
  configKey,
  formatConfigLocation,
  type LocateConfigKey,
} from '../location.js';
import { parseConfigKey } from './config-key.js';
import { parseConfigValue } from './parse-config-value.js';

/** Options of a {@link ConfigReader}. */
export interface ConfigReaderOptions {
  /** The full key of the reader's root, used in messages (`backend` for a reader of that section). */
  prefix?: string;
  /** Finds where a full key was set, so messages can name `file:line:column`. */
  locate?: LocateConfigKey;
  /** Registers for change notifications; present when the config is watched. */
  subscribe?: (onChange: () => void) => { unsubscribe(): void };
}

/**
 * Reads config values by dotted key (`backend.listen.port`). Typed getters throw an
 * `InputError` that names the full key and, when known, where it was set. Strings
 * that spell a number or boolean are accepted by the number and boolean getters,
 * since `${VAR}` substitution yields strings. Pass a function as `data` to read a
 * value that may be replaced (a watched config).
 *
 * @example
 * const config = new ConfigReader({ backend: { listen: { port: 7007 } } });
 * config.getNumber('backend.listen.port'); // 7007
 * config.getConfig('backend').getOptionalString('baseUrl'); // undefined
 */
export class ConfigReader implements Config {
  readonly #data: () => JsonValue | undefined;
  readonly #prefix: string;
  readonly #locate: LocateConfigKey | undefined;
  /** Present when the config is watched: calls `onChange` after each reload that changed it. */
  readonly subscribe?: (onChange: () => void) => { unsubscribe(): void };

  constructor(
    data: JsonObject | undefined | (() => JsonObject | undefined),
    options: ConfigReaderOptions = {},
  ) {
    this.#data = typeof data === 'function' ? data : () => data;
    this.#prefix = options.prefix ?? '';
    this.#locate = options.locate;
    if (options.subscribe) this.subscribe = options.subscribe;
  }

  has(key: string): boolean {
    return this.#lookup(key) !== undefined;
  }

  keys(): string[] {
    const root = this.#data();
    if (!isJsonObject(root)) return [];
    return Object.keys(root).filter((key) => root[key] !== undefined && root[key] !== null);
  }

  get<T = JsonValue>(key?: string): T {
    const value = this.getOptional<T>(key);
    if (value === undefined) throw this.#missing(key ?? '');
    return value;
  }

  getOptional<T = JsonValue>(key?: string): T | undefined {
    return this.#lookup(key ?? '') as T | undefined;
  }

  getConfig(key: string): ConfigReader {
    const config = this.getOptionalConfig(key);
    if (!config) throw this.#missing(key);
    return config;
  }

  getOptionalConfig(key: string): ConfigReader | undefined {
    const value = this.#lookup(key);
    if (value === undefined) return undefined;
    if (!isJsonObject(value)) throw this.#wrongType(this.#full(key), value, 'object');
    return this.#child(parseConfigKey(key));
  }

  getConfigArray(key: string): ConfigReader[] {
    const configs = this.getOptionalConfigArray(key);
    if (!configs) throw this.#missing(key);
    return configs;
  }

  getOptionalConfigArray(key: string): ConfigReader[] | undefined {
    const value = this.#lookup(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.#wrongType(this.#full(key), value, 'object-array');
    const path = parseConfigKey(key);
    return value.map((item, index) => {
      if (!isJsonObject(item)) throw this.#wrongType(this.#full(key, [index]), item, 'object');
      return this.#child([...path, index]);
    });
  }

  getNumber(key: string): number {
    return this.#required(key, this.getOptionalNumber(key));
  }

  getOptionalNumber(key: string): number | undefined {
    const value = this.#lookup(key);
    if (value === undefined || typeof value === 'number') return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
      return Number(value);
    throw this.#wrongType(this.#full(key), value, 'number');
  }

  getBoolean(key: string): boolean {
    return this.#required(key, this.getOptionalBoolean(key));
  }

  getOptionalBoolean(key: string): boolean | undefined {
    const value = this.#lookup(key);
    if (value === undefined || typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    throw this.#wrongType(this.#full(key), value, 'boolean');
  }

  getString(key: string): string {
    return this.#required(key, this.getOptionalString(key));
  }

  getOptionalString(key: string): string | undefined {
    const value = this.#lookup(key);
    if (value === undefined || (typeof value === 'string' && value !== '')) return value;
    throw this.#wrongType(this.#full(key), value, 'string');
  }

  getStringArray(key: string): string[] {
    return this.#required(key, this.getOptionalStringArray(key));
  }

  getOptionalStringArray(key: string): string[] | undefined {
    const value = this.#lookup(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.#wrongType(this.#full(key), value, 'string-array');
    return value.map((item, index) => {
      if (typeof item === 'string' && item !== '') return item;
      throw this.#wrongType(this.#full(key, [index]), item, 'string');
    });
  }

  /**
   * Parses the value at `key` with a zod schema. A missing section reads as `{}` when
   * the schema wants an object, so that its defaults apply.
   */
  read<S extends z.ZodType>(key: string, schema: S): z.output<S> {
    const full = this.#full(key);
    const options = { prefix: full, ...(this.#locate ? { locate: this.#locate } : {}) };
    const value = this.#lookup(key);
    let result = parseConfigValue(schema, value, options);
    if (!result.success && value === undefined && wantsObject(schema)) {
      // A missing section reads as an empty one, so that the schema's defaults apply.
      result = parseConfigValue(schema, {}, options);
    }
    if (result.success) return result.data;
    const where = full === '' ? 'config' : `config at '${full}'`;
    throw new InputError(`Invalid ${where}:\n${formatConfigIssues(result.issues)}`);
  }

  /**
   * Where the value at `key` (relative to this reader) was set, when the reader was
   * created with `locate`.
   *
   * @example
   * config.getConfig('backend').locate('listen.port'); // { file: 'app-config.yaml', line: 3, column: 11 }
   */
  locate(key: string): ConfigLocation | undefined {
    return this.#locate?.(this.#full(key));
  }

  #lookup(key: string): JsonValue | undefined {
    return this.#at(parseConfigKey(key));
  }

  #at(path: readonly ConfigPathSegment[]): JsonValue | undefined {
    let value: JsonValue | undefined = this.#data();
    for (const segment of path) {
      if (typeof segment === 'number') value = Array.isArray(value) ? value[segment] : undefined;
      else value = isJsonObject(value) ? value[segment] : undefined;
    }
    return value === null ? undefined : value;
  }

  #child(path: ConfigPathSegment[]): ConfigReader {
    return new ConfigReader(() => this.#at(path) as JsonObject | undefined, {
      prefix: configKey(path, this.#prefix),
      ...(this.#locate ? { locate: this.#locate } : {}),
      ...(this.subscribe ? { subscribe: this.subscribe } : {}),
    });
  }

  #full(key: string, extra: ConfigPathSegment[] = []): string {
    return configKey([...parseConfigKey(key), ...extra], this.#prefix);
  }

  #required<T>(key: string, value: T | undefined): T {
    if (value === undefined) throw this.#missing(key);
    return value;
  }

  #missing(key: string): InputError {
    return new InputError(`Missing required config value at '${this.#full(key)}'`);
  }

  #wrongType(full: string, value: unknown, wanted: string): InputError {
    const location = this.#locate?.(full);
    const where = location ? ` in ${formatConfigLocation(location)}` : '';
    return new InputError(
      `Invalid type in config for key '${full}'${where}, got ${jsonTypeName(value)}, wanted ${wanted}`,
    );
  }
}

function wantsObject(schema: z.ZodType): boolean {
  const result = schema.safeParse(undefined);
  return (
    !result.success &&
    result.error.issues.some(
      (issue) => issue.code === 'invalid_type' && issue.expected === 'object' && issue.path.length === 0,
    )
  );
}
