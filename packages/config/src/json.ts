export type { JsonValue } from '@greenroom/backend-plugin-api';

import type { JsonValue } from '@greenroom/backend-plugin-api';

/** A JSON object: the shape of a whole config document and of every config section. */
export type JsonObject = { [key: string]: JsonValue };

/** Whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The name of a value's JSON type as used in messages; empty strings are called out. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'array';
  if (value === '') return 'empty-string';
  return typeof value;
}
