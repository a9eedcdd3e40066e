import { InputError } from '@greenroom/errors';
import { z } from 'zod';
import type { JsonSchemaObject, SchemaInput } from './model-fragment.js';

/**
 * Whether a value is a zod schema (of any zod 4 copy) rather than a JSON Schema object.
 *
 * @example
 * isZodSchema(z.string()); // true
 * isZodSchema({ type: 'string' }); // false
 */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** A schema in both forms: zod to validate with, JSON Schema (draft-07) to describe. */
export interface DualSchema {
  zod: z.ZodType;
  json: JsonSchemaObject;
}

/**
 * Turns a zod or JSON Schema input into both forms. JSON Schema is converted with
 * `z.fromJSONSchema` (local `$ref`s only, no `if`/`then`); zod is described with
 * `z.toJSONSchema` as draft-07, input side. `where` names the declaration in errors.
 *
 * @example
 * const { zod, json } = toDualSchema({ type: 'object', required: ['owner'] }, 'kind Environment of plugin:envs');
 */
export function toDualSchema(input: SchemaInput, where: string): DualSchema {
  if (isZodSchema(input)) {
    try {
      const { $schema: _ignored, ...json } = z.toJSONSchema(input, {
        target: 'draft-7',
        io: 'input',
        unrepresentable: 'any',
      }) as JsonSchemaObject;
      return { zod: input, json };
    } catch (error) {
      throw new InputError(
        `The schema of ${where} cannot be described as JSON Schema: ${(error as Error).message}`,
      );
    }
  }
  try {
    const zod = z.fromJSONSchema(input as Parameters<typeof z.fromJSONSchema>[0], {
      defaultTarget: 'draft-7',
    });
    const { $schema: _ignored, ...json } = structuredClone(input);
    return { zod, json };
  } catch (error) {
    throw new InputError(
      `The JSON Schema of ${where} cannot be used: ${(error as Error).message}. Use local $refs only and no if/then/else`,
    );
  }
}

/** The schema of anything: what an undeclared spec or annotation value is checked against. */
export const ANY_SCHEMA: DualSchema = { zod: z.unknown(), json: {} };

/** The schema of a spec whose kind declares none: any object. */
export const ANY_OBJECT_SCHEMA: DualSchema = {
  zod: z.record(z.string(), z.unknown()),
  json: { type: 'object' },
};
