import type { z } from 'zod';

/** A JSON value as read from config. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Read access to the merged app config. Keys are dotted paths (`backend.listen.port`).
 * A typed getter whose value has the wrong type throws an error naming the key and
 * the file it came from.
 *
 * @example
 * const port = config.getOptionalNumber('backend.listen.port') ?? 7007;
 * const db = config.read('backend.database', databaseConfigSchema);
 */
export interface Config {
  has(key: string): boolean;
  keys(): string[];
  get<T = JsonValue>(key?: string): T;
  getOptional<T = JsonValue>(key?: string): T | undefined;
  getConfig(key: string): Config;
  getOptionalConfig(key: string): Config | undefined;
  getConfigArray(key: string): Config[];
  getOptionalConfigArray(key: string): Config[] | undefined;
  getNumber(key: string): number;
  getOptionalNumber(key: string): number | undefined;
  getBoolean(key: string): boolean;
  getOptionalBoolean(key: string): boolean | undefined;
  getString(key: string): string;
  getOptionalString(key: string): string | undefined;
  getStringArray(key: string): string[];
  getOptionalStringArray(key: string): string[] | undefined;
  /**
   * Reads a subtree and parses it with a zod schema (defaults applied). Throws an
   * `InputError` naming the key path and source file of each problem.
   */
  read<S extends z.ZodType>(key: string, schema: S): z.output<S>;
  /** Calls `onChange` when watched config files change; returns an unsubscribe function. */
  subscribe?(onChange: () => void): { unsubscribe(): void };
}
