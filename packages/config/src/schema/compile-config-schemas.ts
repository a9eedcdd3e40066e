import type { z } from 'zod';
import type { ConfigIssue } from '../issue.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import type { LocateConfigKey } from '../location.js';
import { parseConfigValue } from '../reading/parse-config-value.js';
import type { JsonSchema, SchemaDefs } from './json-schema.js';
import { mergeJsonSchemas } from './merge-json-schemas.js';
import { configSchemaToJsonSchema } from './to-json-schema.js';
import { findUnknownKeys } from './unknown-keys.js';
import { checkVisibility, DESCEND, mapByVisibility, REDACTED } from './visibility.js';

/** One feature's config schema: `source` names it in messages (`core`, `catalog`, `catalog.github`). */
export interface ConfigSchemaEntry {
  source: string;
  schema: z.ZodType;
}

/** What {@link CompiledConfigSchema.validate} found. */
export interface ConfigValidationResult {
  /** Wrong types and missing required keys, per source schema. */
  errors: ConfigIssue[];
  /** Keys that no schema declares. */
  warnings: ConfigIssue[];
}

/** The config schemas of all features, merged. */
export interface CompiledConfigSchema {
  /** One JSON Schema (draft-07) for the whole config document, for editors. */
  readonly jsonSchema: JsonSchema;
  validate(data: JsonObject, locate?: LocateConfigKey): ConfigValidationResult;
  /** Only the values marked `frontend` (with their parent objects). */
  frontendView(data: JsonObject): JsonObject;
  /** Every non-empty string marked `secret`, for log redaction. */
  secretValues(data: JsonObject): string[];
  /** A copy with every value marked `secret` replaced by `'<secret>'`. */
  redact(data: JsonObject): JsonObject;
}

/**
 * Compiles the config schemas of the backend core and every plugin and module. Each
 * zod schema describes the whole config document but declares only its own keys
 * (use `z.object`, not `z.strictObject`, so other features' keys pass). Mark values
 * with `.meta({ visibility: 'frontend' | 'secret' })` and document them with
 * `.describe()`. Throws an `InputError` when a key is marked both frontend and secret.
 *
 * @example
 * const compiled = compileConfigSchemas([
 *   { source: 'core', schema: z.object({ backend: z.object({ baseUrl: z.string() }) }) },
 *   { source: 'catalog', schema: z.object({ catalog: z.object({ locations: z.array(z.object({})) }).optional() }) },
 * ]);
 * const { errors, warnings } = compiled.validate(loaded.data, loaded.locate);
 */
export function compileConfigSchemas(entries: readonly ConfigSchemaEntry[]): CompiledConfigSchema {
  const defs: SchemaDefs = {};
  let merged: unknown = { type: 'object', properties: {} };
  for (const entry of entries) {
    const { root, defs: entryDefs } = configSchemaToJsonSchema(entry);
    checkVisibility(root, entryDefs, entry.source);
    Object.assign(defs, entryDefs);
    merged = mergeJsonSchemas(merged, root);
  }
  checkVisibility(merged, defs, 'several sources');
  const jsonSchema: JsonSchema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Greenroom app-config',
    description: `Configuration of a Greenroom app (app-config*.yaml). Declared by: ${entries.map((entry) => entry.source).join(', ') || 'nothing'}.`,
    ...(merged as JsonSchema),
    ...(Object.keys(defs).length > 0 ? { definitions: defs } : {}),
  };

  const redactValue = (value: JsonValue): JsonValue => {
    if (Array.isArray(value)) return value.map(redactValue);
    if (isJsonObject(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v)]));
    return value === null ? null : REDACTED;
  };
  return {
    jsonSchema,
    validate(data, locate) {
      const errors = entries.flatMap((entry) => {
        const result = parseConfigValue(entry.schema, data, {
          source: entry.source,
          ...(locate ? { locate } : {}),
        });
        return result.success ? [] : result.issues;
      });
      return { errors, warnings: findUnknownKeys(data, jsonSchema, defs, locate) };
    },
    frontendView(data) {
      return mapByVisibility(data, jsonSchema, defs, (value, visibility) => {
        if (visibility.has('frontend')) return value;
        const container = Array.isArray(value)
          ? value.length > 0
          : isJsonObject(value) && Object.keys(value).length > 0;
        return container ? DESCEND : undefined;
      });
    },
    secretValues(data) {
      const secrets = new Set<string>();
      const collect = (value: JsonValue) => {
        if (typeof value === 'string' && value !== '') secrets.add(value);
        else if (Array.isArray(value)) value.forEach(collect);
        else if (isJsonObject(value)) Object.values(value).forEach(collect);
      };
      mapByVisibility(data, jsonSchema, defs, (value, visibility) => {
        if (!visibility.has('secret')) return DESCEND;
        collect(value);
        return undefined;
      });
      return [...secrets];
    },
    redact(data) {
      return mapByVisibility(data, jsonSchema, defs, (value, visibility) =>
        visibility.has('secret') ? redactValue(value) : DESCEND,
      );
    },
  };
}
